#pragma once
// embedding_failures: the items that failed or were skipped, with what went wrong, when they
// may be retried, and whether they are parked (left alone until an operator retries them).
//
// Backoff: after the n-th failure an item waits failureBackoffSeconds · 2^(n−1) seconds
// (at most kMaxBackoffSeconds, or failureBackoffSeconds when that is larger) before a run
// takes it again. Parking: once an item has failed permanently maxPermanentFailures times,
// or at once when it cannot be sent at all (skipped), it is parked. A success clears the
// record (VectorWriter does that).
//
// Everything it reads and changes is the configured table's own: the records of another
// catalog table in the same database are left alone.
//
// One connection, one thread; not a QObject.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVector>

namespace ec {

class FailureLog
{
public:
    /// The longest wait between retries unless failureBackoffSeconds itself is longer: one day.
    static constexpr qint64 kMaxBackoffSeconds = 24 * 3600;

    FailureLog(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// The wait after the attempts-th failure (attempts ≥ 1) under settings.
    static qint64 backoffSeconds(int attempts, const RunSettings& settings);

    /// Records failures in one transaction: attempts + 1, permanent_attempts + 1 for a
    /// permanent failure or a skip, the latest run, HTTP status, code and message, last_seen =
    /// now (first_seen kept from the first failure), next_retry_at = now + backoff, parked as
    /// described above. False with error when anything failed (then nothing is recorded).
    bool record(const QVector<FailureRecord>& failures, const RunSettings& settings,
                QString* error = nullptr);

    /// The recorded failures, most recent first, with the item's title from the operator's
    /// table: all of them, or those of one run (runId > 0), or only the parked ones.
    QVector<FailureEntry> list(qint64 runId = 0, bool parkedOnly = false, QString* error = nullptr) const;

    /// Makes items retryable at once: clears parked, next_retry_at and permanent_attempts
    /// (attempts are kept). Empty ids: every recorded item. Returns the number of records
    /// changed, −1 on error.
    int retry(const QStringList& ids, QString* error = nullptr);

    /// Forgets the failures of these items (empty ids: none). Returns the number of records
    /// removed, −1 on error.
    int clear(const QStringList& ids, QString* error = nullptr);
    /// Forgets every failure of this table's items. Returns the number removed, −1 on error.
    int clearAll(QString* error = nullptr);

private:
    QString idListSql(const QString& placeholder) const;

    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
};

} // namespace ec
