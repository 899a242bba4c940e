#pragma once
// The run's database side. Lives on its own thread with its own connection, so the
// engine and the UI never wait on SQL. Every slot answers with exactly one signal, but
// recordProgress(), which answers none.
//
// It reads (pages, claims, cache look-ups) and keeps the run's record. Batches are committed
// here too unless the opening names write lanes (WriteLane), which PostgreSQL gets.

#include "config/AppConfig.h"
#include "pipeline/BatchCommitter.h"
#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"

#include <QHash>
#include <QObject>

#include <memory>

class QTimer;

namespace ec {

class ItemStore;
struct PendingQuery;
class StateStore;
class RunLog;
class LeaseManager;
class ExclusiveLock;

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
};

class DbWorker : public QObject
{
    Q_OBJECT
public:
    DbWorker(const AppConfig& config, const RunOptions& options, const QString& workerId);
    ~DbWorker() override;

public Q_SLOTS:
    /// Connects, migrates, marks dead runs interrupted, takes the exclusive lock when asked,
    /// counts the pending items and records the new run. → opened() or openFailed().
    void open(const QString& configJson);
    /// The next keyset page of pending items, leased to this worker. → pageFetched().
    void fetchPage(int limit);
    /// Vectors already made for these content hashes (the persistent cache). → cacheLookedUp().
    void lookupCache(const QVector<QByteArray>& hashes);
    /// Writes one batch. → committed() or commitFailed().
    void commit(quint64 tag, const ec::BatchCommit& batch);
    /// Stores the run's counters (committed work only) and refreshes its heartbeat.
    void recordProgress(const ec::RunRecord& counters);
    /// Records the end of the run, releases leases and the lock. → closed().
    void close(const ec::RunRecord& counters, ec::RunStatus status, const QString& error);

Q_SIGNALS:
    void opened(const ec::RunOpening& opening);
    void openFailed(const QString& error, bool lockRefused);
    void pageFetched(const QVector<ec::CatalogItem>& items, bool exhausted);
    void cacheLookedUp(const QHash<QByteArray, QVector<float>>& vectors);
    void committed(quint64 tag);
    void commitFailed(quint64 tag, const QString& error);
    void closed();
    void databaseError(const QString& error);

private:
    void renewLeases();
    PendingQuery pendingQuery(int limit) const;

    AppConfig m_config;
    RunOptions m_options;
    QString m_workerId;
    QString m_cursor;
    qint64 m_fetched = 0;
    qint64 m_runId = 0;
    std::unique_ptr<ItemStore> m_store;
    std::unique_ptr<BatchCommitter> m_committer;
    std::unique_ptr<StateStore> m_state;
    std::unique_ptr<RunLog> m_runs;
    std::unique_ptr<LeaseManager> m_leases;
    std::unique_ptr<ExclusiveLock> m_lock;
    QTimer* m_leaseTimer = nullptr;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::RunOpening)
