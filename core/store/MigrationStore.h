#pragma once
// The console's side of a model migration (ops/ModelMigration.h, docs/schema.md): the rows of
// embedding_migrations (one migration of a table at a time is active: staging or swapped) and
// embedding_migration_items (per row of the operator's table: the new model's vector, the content
// hash it was made from, the time it was staged as of; after the swap the old vector, model and
// embedded-at). The staging table lives in the operator's database, so that the swap and the
// rollback are each one transaction over both tables.
//
// Vectors are staged as real[] on PostgreSQL (cast to vector on the swap for a pgvector column,
// and back for the old ones: exact both ways) and as float32 BLOBs on SQLite.
//
// One connection, one thread; every call blocks on the database.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"
#include "store/VectorScan.h"
#include "util/Result.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <functional>
#include <optional>

namespace ec {

struct MigrationRecord
{
    qint64 id = 0;
    QString state; ///< "staging", "swapped", "finished", "rolled_back"
    QString fromModel;
    int fromDimensions = 0;
    QString toModel;
    int dimensions = 0;
    qint64 tokens = 0;
    double costUsd = 0;
    QDateTime startedAt;
    QDateTime swappedAt;
    QDateTime rolledBackAt;
};

struct MigrationCounts
{
    qint64 rows = 0;      ///< rows of the operator's table
    qint64 staged = 0;    ///< rows with a staging row (a vector, or failed)
    qint64 remaining = 0; ///< rows without one
    qint64 stale = 0;     ///< staged, then edited (updated_at after staged_asof)
    qint64 failed = 0;    ///< staged without a vector (their text cannot be embedded)
};

class MigrationStore
{
public:
    MigrationStore(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// The table's active migration (staging or swapped); nullopt when there is none.
    Result<std::optional<MigrationRecord>> active() const;
    /// The table's latest migration of any state; nullopt when there was none.
    Result<std::optional<MigrationRecord>> latest() const;
    /// Records a new migration (state staging); its id.
    Result<qint64> create(const QString& fromModel, int fromDimensions, const QString& toModel,
                          int dimensions);
    /// Adds a staging run's spend.
    Result<void> addSpend(qint64 id, qint64 tokens, double costUsd);
    /// How far the staging is (against the operator's table now).
    Result<MigrationCounts> counts() const;

    /// Starts a staging session of the active migration, which must be staging with vectors of
    /// `dimensions`: what the session writes is staged as of now (the database's clock).
    Result<void> openStaging(int dimensions);
    qint64 stagingId() const { return m_stagingId; }
    /// Stages vectors (all or nothing, one transaction).
    bool write(const QVector<VectorWrite>& rows, QString* error);
    /// Rows whose text is unchanged since staged: staged as of now, no vector moves.
    bool markFresh(const QVector<QString>& ids, QString* error);
    /// Rows whose text cannot be embedded (permanent or skipped failures): staged without a
    /// vector, with the reason. Transient failures are left out: the next staging takes the row.
    bool recordFailed(const QVector<FailureRecord>& failures, QString* error);
    /// Transient failures recordFailed() left to the next staging in this session (the run's books
    /// count them as failed, and the rows are still to be staged).
    qint64 transientFailures() const { return m_transientFailures; }

    /// The swap transaction: every staged vector and toModel into the operator's table, the old
    /// ones kept. rows: rows given a vector; emptied: rows given none (failed); lockSeconds: the
    /// transaction's duration.
    struct Applied
    {
        qint64 rows = 0;
        qint64 emptied = 0;
        double lockSeconds = 0;
    };
    Result<Applied> swap(const MigrationRecord& migration);
    /// Restores the old vectors, models and embedded-at of the swapped rows (one transaction);
    /// the migration is staging again.
    Result<Applied> rollback(const MigrationRecord& migration);
    /// Drops the staging rows; the migration ends (finished after a swap, rolled_back otherwise).
    Result<qint64> finish(const MigrationRecord& migration);

    /// The k nearest staged vectors to each query (one pass over the staged rows), best first,
    /// with the rows' titles. progress(rows) after every 1,000 rows; false cancels.
    Result<QVector<QVector<SearchHit>>> nearestStaged(const QVector<QVector<float>>& queries, int k,
                                                      const std::function<bool(qint64)>& progress = {}) const;

private:
    /// The table's newest migration whose row also matches andWhere (" AND …", or empty).
    Result<std::optional<MigrationRecord>> newest(const QString& andWhere, const QString& what) const;
    QString catalog() const;
    QString idText() const;
    QString updatedNewer() const; ///< t.updated_at after m.staged_asof

    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
    qint64 m_stagingId = 0;
    int m_stagingDimensions = 0;
    QString m_asOf;
    qint64 m_transientFailures = 0;
};

} // namespace ec
