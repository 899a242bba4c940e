#pragma once
// Applies one batch of a run's results to the database: vectors, unchanged items, failures and
// lease releases. The one place that knows what "committing a batch" means; DbWorker and
// every WriteLane use it on their own connection.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <memory>

namespace ec {

class FailureLog;
class LeaseManager;
class MigrationStore;
class VectorWriter;

/// Everything one batch changes.
struct BatchCommit
{
    QVector<VectorWrite> writes;     ///< new vectors (one transaction)
    QVector<QString> currentIds;     ///< unchanged texts: mark current, no API call
    QVector<FailureRecord> failures; ///< failed or skipped items
    QVector<QString> releaseIds;     ///< leases to give back (items left for a later run)

    /// Items the batch finishes (written, marked current, failed or skipped).
    qsizetype finishedItems() const { return writes.size() + currentIds.size() + failures.size(); }
    bool isEmpty() const { return finishedItems() == 0 && releaseIds.isEmpty(); }
};

class BatchCommitter
{
public:
    /// Works on db, which must stay open as long as the committer lives. leaseOwner is the run's
    /// lease owner name (LeaseManager::ownerName()).
    BatchCommitter(QSqlDatabase db, const TableSpec& table, const CatalogSchema& schema,
                   const AppConfig& config, const QString& leaseOwner);
    ~BatchCommitter();

    BatchCommitter(const BatchCommitter&) = delete;
    BatchCommitter& operator=(const BatchCommitter&) = delete;

    /// Writes the vectors (all or nothing), marks the unchanged items current, records the
    /// failures and releases the leases of failed and released items. False with error set when
    /// a step failed; the steps before it stay committed (each is whole on its own).
    bool apply(const BatchCommit& batch, QString* error);

    /// Forgets what lived in the database session: call it after the connection was opened
    /// again. apply() may be called again with the same batch after a failure: every step is
    /// idempotent or was rolled back whole.
    void resetSession();

    /// From now on the batches go to a model migration's staging (RunTarget::Staging): vectors
    /// staged, unchanged items marked fresh, failures recorded as rows that cannot be staged;
    /// nothing of the operator's table, its failures or leases is written. staging must be open
    /// (MigrationStore::openStaging) and outlive the committer.
    void stageInto(MigrationStore* staging) { m_staging = staging; }

private:
    AppConfig m_config;
    QString m_leaseOwner;
    std::unique_ptr<VectorWriter> m_writer;
    std::unique_ptr<FailureLog> m_failures;
    std::unique_ptr<LeaseManager> m_leases;
    MigrationStore* m_staging = nullptr;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::BatchCommit)
