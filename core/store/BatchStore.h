#pragma once
// The console's record of Batch API submissions (migrations 4 and 7, docs/batch-api.md):
// embedding_batches, one row per batch, and embedding_batch_items, the item and content hash
// behind every input of every request line (custom_id, input index).
//
// A row's `state` is the console's own progress, recorded before each step it guards, so a
// process killed at any point can be resumed (BatchRunner):
//   preparing   items claimed and listed; the file may or may not have been uploaded
//   uploaded    input_file_id recorded; a batch may or may not have been created from it
//   submitted   batch_id recorded; `status` is the API's last reported status
//   collected   the output was written, the failures recorded, the leases given back
//   abandoned   given up before a batch existed: its items went back to pending
// Items of an unfinished row are leased to BatchStore::leaseOwner(row) until it ends.
//
// One connection, one thread; not a QObject.

#include "store/StoreTypes.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <optional>

namespace ec {

struct BatchRecord
{
    qint64 row = 0;
    qint64 runId = 0;
    QString state = QStringLiteral("preparing");
    QString status; ///< the API's last reported status
    QString batchId;
    QString inputFileId;
    QString outputFileId;
    QString errorFileId;
    QString model;
    int dimensions = 0;
    /// A model migration's staging batch (migration 7): the embedding_migrations id whose staging
    /// table its vectors go to; 0: the operator's table. Staging batches lease no items.
    qint64 migrationId = 0;
    qint64 requests = 0, inputs = 0, items = 0, tokens = 0;
    qint64 total = 0, completed = 0, failed = 0;        ///< request_counts
    qint64 written = 0, returned = 0, itemFailures = 0; ///< what collection did
    qint64 billedTokens = 0;                            ///< tokens of the requests answered
    double costUsd = 0;                                 ///< billedTokens at the Batch API price
    QString errors;
    QDateTime createdAt;
    QDateTime endedAt;

    /// Not collected nor abandoned: its items are still leased to it.
    bool open() const { return state != QLatin1String("collected") && state != QLatin1String("abandoned"); }
};

/// One input of one request line, and the item it answers.
struct BatchItemRecord
{
    QString itemId;
    QString customId;
    int inputIndex = 0;
    QByteArray contentHash;
    int tokens = 0;
    bool truncated = false;
};

class BatchStore
{
public:
    /// catalogTable: the operator's table (TableSpec::table), keying the rows like every console table.
    BatchStore(QSqlDatabase db, bool postgres, const QString& catalogTable);

    /// "batch:ROW", the owner of the leases of a batch's items.
    static QString leaseOwner(qint64 row);

    /// A new row (state preparing); its id, 0 with error set on failure.
    qint64 insert(const BatchRecord& record, QString* error);
    /// Lists the inputs behind a row's request lines (one transaction).
    bool addItems(qint64 row, const QVector<BatchItemRecord>& items, QString* error);
    /// Stores every field of record but row, item_table and created_at.
    bool update(const BatchRecord& record, QString* error);
    /// Deletes a row that never became a batch: no batch id and no item recorded (a submission
    /// that found nothing to send). Other rows stay. False with error set on failure.
    bool removeIfEmpty(qint64 row, QString* error);
    /// Rows newest first: only the open ones when onlyOpen.
    std::optional<QVector<BatchRecord>> list(bool onlyOpen, QString* error, int limit = 1000) const;
    /// The row with this row id or API batch id.
    std::optional<BatchRecord> find(const QString& rowOrBatchId, QString* error) const;
    std::optional<QVector<BatchItemRecord>> items(qint64 row, QString* error) const;
    /// Sum of the tokens of the open rows of model (what is enqueued at the API).
    std::optional<qint64> openTokens(const QString& model, QString* error) const;
    /// The open staging batches of a model migration (migrationId), and the items behind them.
    struct OpenStaging
    {
        qint64 batches = 0;
        qint64 items = 0;
    };
    std::optional<OpenStaging> openStaging(qint64 migrationId, QString* error) const;
    /// The table's open and collected batches, and the tokens and cost of the collected ones.
    std::optional<BatchTotals> totals(QString* error) const;

private:
    BatchRecord read(const class QSqlQuery& query) const;

    QSqlDatabase m_db;
    bool m_postgres;
    QString m_catalog;
};

} // namespace ec
