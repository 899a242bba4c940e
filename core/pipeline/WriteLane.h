#pragma once
// One extra database connection on its own thread that commits a run's batches, so several
// batches can be written at once on a server that has the cores for it (PostgreSQL). The
// DbWorker keeps reading pages and answering cache look-ups meanwhile. A commit that meets a
// transient error (deadlock, lock timeout, lost connection) is redone through TransientRetry.

#include "config/AppConfig.h"
#include "pipeline/BatchCommitter.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace ec {

class ItemStore;
class TransientRetry;

class WriteLane : public QObject
{
    Q_OBJECT
public:
    /// leaseOwner: the run's lease owner name; index tells lanes apart in connection names.
    WriteLane(const AppConfig& config, const QString& leaseOwner, int index);
    ~WriteLane() override;

    /// A flag the engine sets on abort: reconnection and back-off end at once. Must outlive
    /// the lane; set before the lane moves to its thread.
    void setAbortFlag(const std::atomic<bool>* abort) { m_abort = abort; }

public Q_SLOTS:
    /// Commits one batch; the lane's connection is opened on the first call.
    /// → committed() or commitFailed().
    void commit(quint64 tag, const ec::BatchCommit& batch);

Q_SIGNALS:
    void committed(quint64 tag);
    void commitFailed(quint64 tag, const QString& error);
    /// A commit had to be redone count times (transient errors, reconnects).
    void retried(int count);
    /// The connection was found lost and is being opened again (true), or that ended (false).
    void reconnecting(bool active);

private:
    bool ensureOpen(QString* error);

    AppConfig m_config;
    QString m_leaseOwner;
    int m_index = 0;
    std::unique_ptr<ItemStore> m_store;
    std::unique_ptr<BatchCommitter> m_committer;
    std::unique_ptr<TransientRetry> m_retry;
    const std::atomic<bool>* m_abort = nullptr;
};

} // namespace ec
