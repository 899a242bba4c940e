#pragma once
// The run's database side. Lives on its own thread with its own connection, so the
// engine and the UI never wait on SQL. Every slot answers with exactly one signal, whether
// it succeeded or failed, but recordProgress(), which answers none: the engine never waits
// for a reply that cannot come. A step that fails with a transient error (deadlock, lock
// timeout, lost connection) is redone through TransientRetry, reconnecting for up to
// RunSettings::reconnectSeconds; only what stays broken reaches the engine as a failure.
//
// It reads (pages, claims, cache look-ups) and keeps the run's record. Batches are committed
// here too unless the opening names write lanes (WriteLane), which PostgreSQL gets.

#include "config/AppConfig.h"
#include "pipeline/BatchCommitter.h"
#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"

#include <QHash>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace ec {

class ItemStore;
struct PendingQuery;
class StateStore;
class RunLog;
class LeaseManager;
class ExclusiveLock;
class TransientRetry;
class EndpointLimits;
class MigrationStore;

/// What the database knew when the run opened.
struct RunOpening
{
    CatalogSchema schema;
    StatusCounts status;
    qint64 pendingTotal = 0; ///< what this run will be offered (no parked, backed-off or leased items)
    qint64 runId = 0;
    int interruptedRuns = 0; ///< runs found dead and marked interrupted
    QString leaseOwner;      ///< the run's name on its leases
    int writeLanes = 0;      ///< extra connections that may commit batches (0: the DbWorker's own)
    /// The request limits the endpoint showed in earlier runs (0: none known).
    int learnedMaxInputs = 0;
    int learnedMaxTokens = 0;
};

class DbWorker : public QObject
{
    Q_OBJECT
public:
    DbWorker(const AppConfig& config, const RunOptions& options, const QString& workerId);
    ~DbWorker() override;

    /// A flag the engine sets on abort: reconnection and back-off end at once. Must outlive
    /// the worker; set before the worker moves to its thread.
    void setAbortFlag(const std::atomic<bool>* abort) { m_abort = abort; }

public Q_SLOTS:
    /// Connects, migrates, marks dead runs interrupted, takes the exclusive lock when asked,
    /// counts the pending items and records the new run. → opened() or openFailed().
    void open(const QString& configJson);
    /// The next keyset page of pending items, leased to this worker. → pageFetched() or
    /// pageFailed().
    void fetchPage(int limit);
    /// Vectors already made for these content hashes (the persistent cache). → cacheLookedUp(),
    /// empty when the look-up failed (the texts are then sent instead).
    void lookupCache(const QVector<QByteArray>& hashes);
    /// Writes one batch. → committed() or commitFailed().
    void commit(quint64 tag, const ec::BatchCommit& batch);
    /// Records the request limits the endpoint has shown, for later runs (no answer).
    void rememberRequestLimits(int maxInputs, int maxTokens);
    /// Stores the run's counters (committed work only) and refreshes its heartbeat.
    /// → databaseFailed() when that fails for good.
    void recordProgress(const ec::RunRecord& counters);
    /// Records the end of the run, releases leases and the lock. → closed(), also when the
    /// database cannot be reached (then after a few seconds, the failure logged).
    void close(const ec::RunRecord& counters, ec::RunStatus status, const QString& error);

Q_SIGNALS:
    void opened(const ec::RunOpening& opening);
    void openFailed(const QString& error, bool lockRefused);
    void pageFetched(const QVector<ec::CatalogItem>& items, bool exhausted);
    void pageFailed(const QString& error);
    void cacheLookedUp(const QHash<QByteArray, QVector<float>>& vectors);
    void committed(quint64 tag);
    void commitFailed(quint64 tag, const QString& error);
    /// leftForLater: the items still pending and free for a run once this one's leases are
    /// given back, counted from the table (−1 when that could not be counted); takenByOthers:
    /// the page items another worker claimed first.
    void closed(qint64 leftForLater, qint64 takenByOthers);
    /// A step the engine does not wait for (the run record, the lease renewal) failed for good.
    void databaseFailed(const QString& error);
    /// A step had to be redone count times (transient errors, reconnects).
    void retried(int count);
    /// The connection was found lost and is being opened again (true), or that ended (false).
    void reconnecting(bool active);

private:
    void renewLeases();
    PendingQuery pendingQuery(int limit) const;
    /// Once per run, at the end of the scan: the pending rows pages cannot return (SQLite BLOB
    /// ids), to be recorded as failed with the reason instead of being silently left out.
    QVector<CatalogItem> unaddressableItems();
    /// After a reconnect: the exclusive lock again, and the committer's session state.
    bool restoreSession(QString* error);

    AppConfig m_config;
    RunOptions m_options;
    QString m_workerId;
    QString m_cursor;
    qint64 m_fetched = 0;
    bool m_unaddressableListed = false;
    qint64 m_takenByOthers = 0; ///< page items another worker claimed first
    qint64 m_runId = 0;
    std::unique_ptr<ItemStore> m_store;
    std::unique_ptr<BatchCommitter> m_committer;
    std::unique_ptr<StateStore> m_state;
    std::unique_ptr<RunLog> m_runs;
    std::unique_ptr<LeaseManager> m_leases;
    std::unique_ptr<ExclusiveLock> m_lock;
    std::unique_ptr<TransientRetry> m_retry;
    std::unique_ptr<EndpointLimits> m_limits;
    std::unique_ptr<MigrationStore> m_staging; ///< RunTarget::Staging: where the vectors go
    QString m_endpoint; ///< the request URL, without query or secrets: the key of m_limits
    const std::atomic<bool>* m_abort = nullptr;
    QTimer* m_leaseTimer = nullptr;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::RunOpening)
