#pragma once
// Where a run's results go to be written: the write lanes (extra PostgreSQL connections, each on
// its own thread) or, without lanes, the DbWorker. Batches that are ready while every lane is busy
// wait here and go as one transaction when a lane frees up, so that the slower the database, the
// larger (and the cheaper per item) the commits. Lives on the engine thread, beside RunEngine.

#include "config/AppConfig.h"
#include "pipeline/BatchCommitter.h"
#include "pipeline/RunTypes.h"

#include <QHash>
#include <QObject>
#include <QVector>

#include <atomic>

class QThread;

namespace ec {

class WriteLane;

class CommitScheduler : public QObject
{
    Q_OBJECT
public:
    /// abortFlag: set when the run aborts; the lanes then stop reconnecting and backing off.
    CommitScheduler(const AppConfig& config, const std::atomic<bool>* abortFlag, QObject* parent = nullptr);
    /// Ends the lanes' threads (after the commit each is on).
    ~CommitScheduler() override;

    /// Opens count write lanes, whose commits hold leases as leaseOwner.
    void openLanes(int count, const QString& leaseOwner);
    /// Queues a batch to be written; fromApi marks one holding an API request's results.
    void submit(BatchCommit&& batch, bool fromApi);
    /// API requests answered and not yet committed: queued or being written.
    int uncommittedApiBatches() const;
    /// Nothing queued and nothing being written.
    bool isIdle() const { return m_pending.isEmpty() && m_ready.isEmpty(); }

    /// The DbWorker's answer to commitOnDbWorker().
    void onCommitted(quint64 tag);
    void onCommitFailed(quint64 tag, const QString& error);

Q_SIGNALS:
    /// Write this batch on the DbWorker (there are no lanes); answer with onCommitted/onCommitFailed.
    void commitOnDbWorker(quint64 tag, const ec::BatchCommit& batch);
    /// A batch is written.
    void committed(const ec::BatchCommit& batch);
    /// A batch could not be written; nothing of it was kept.
    void commitFailed(const QString& error);
    /// A lane's database steps had to be redone count times.
    void retried(int count);
    /// A lane's connection began (true) or ended (false) reconnecting.
    void reconnecting(bool active);

private:
    struct Lane
    {
        QThread* thread = nullptr;
        WriteLane* writer = nullptr;
    };
    struct PendingCommit
    {
        BatchCommit batch;
        int apiBatches = 0; ///< API requests whose results it holds
        int lane = -1;      ///< -1: the DbWorker
    };

    static void append(BatchCommit& into, BatchCommit&& batch);
    /// Hands the queued batches, merged, to an idle lane (or to a busy one once they are many).
    void dispatch();
    /// The lane that takes the next commit: the least busy write lane, -1 for the DbWorker.
    int pickLane() const;
    /// Commits sent to a lane (-1: the DbWorker) and not yet answered.
    int commitsOn(int lane) const;

    AppConfig m_config;
    const std::atomic<bool>* m_abortFlag = nullptr;
    QVector<Lane> m_lanes;
    BatchCommit m_ready;                     ///< batches waiting for a lane, merged
    int m_readyApiBatches = 0;               ///< API requests whose results it holds
    QHash<quint64, PendingCommit> m_pending; ///< commits sent to a lane, by tag
    quint64 m_nextTag = 1;
};

} // namespace ec
