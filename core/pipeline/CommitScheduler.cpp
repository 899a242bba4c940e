#include "pipeline/CommitScheduler.h"

#include "pipeline/WriteLane.h"

#include <QThread>

namespace ec {

namespace {
/// Ready batches merge into one commit while the lanes are busy, up to this many items.
constexpr qsizetype kMaxItemsPerCommit = 500;
} // namespace

CommitScheduler::CommitScheduler(const AppConfig& config, const std::atomic<bool>* abortFlag, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_abortFlag(abortFlag)
{}

CommitScheduler::~CommitScheduler()
{
    for (const Lane& lane : std::as_const(m_lanes)) {
        lane.thread->quit();
        lane.thread->wait();
    }
}

void CommitScheduler::openLanes(int count, const QString& leaseOwner)
{
    for (int i = 0; i < count; ++i) {
        Lane lane;
        lane.thread = new QThread(this);
        lane.thread->setObjectName(QStringLiteral("ec-write-%1").arg(i));
        lane.writer = new WriteLane(m_config, leaseOwner, i);
        lane.writer->setAbortFlag(m_abortFlag);
        lane.writer->moveToThread(lane.thread);
        connect(lane.thread, &QThread::finished, lane.writer, &QObject::deleteLater);
        connect(lane.writer, &WriteLane::committed, this, &CommitScheduler::onCommitted);
        connect(lane.writer, &WriteLane::commitFailed, this, &CommitScheduler::onCommitFailed);
        connect(lane.writer, &WriteLane::retried, this, &CommitScheduler::retried);
        connect(lane.writer, &WriteLane::reconnecting, this, &CommitScheduler::reconnecting);
        lane.thread->start();
        m_lanes.push_back(lane);
    }
}

void CommitScheduler::submit(BatchCommit&& batch, bool fromApi)
{
    if (batch.isEmpty())
        return;
    append(m_ready, std::move(batch));
    m_readyApiBatches += fromApi ? 1 : 0;
    dispatch();
}

void CommitScheduler::append(BatchCommit& into, BatchCommit&& batch)
{
    if (into.isEmpty()) {
        into = std::move(batch);
        return;
    }
    into.writes += batch.writes;
    into.currentIds += batch.currentIds;
    into.failures += batch.failures;
    into.releaseIds += batch.releaseIds;
}

void CommitScheduler::dispatch()
{
    const qsizetype mergeLimit = std::max<qsizetype>(kMaxItemsPerCommit, m_config.batch.batchSize);
    while (!m_ready.isEmpty()) {
        const int lane = pickLane();
        if (commitsOn(lane) > 0 && m_ready.finishedItems() < mergeLimit)
            return;
        const quint64 tag = m_nextTag++;
        PendingCommit pending{std::move(m_ready), m_readyApiBatches, lane};
        m_ready = BatchCommit();
        m_readyApiBatches = 0;
        const BatchCommit& batch = m_pending.insert(tag, std::move(pending))->batch;
        if (lane < 0) {
            Q_EMIT commitOnDbWorker(tag, batch);
        } else {
            WriteLane* writer = m_lanes[lane].writer;
            QMetaObject::invokeMethod(
                writer, [writer, tag, batch] { writer->commit(tag, batch); }, Qt::QueuedConnection);
        }
    }
}

int CommitScheduler::pickLane() const
{
    int best = -1;
    int bestLoad = 0;
    for (int i = 0; i < m_lanes.size(); ++i) {
        const int load = commitsOn(i);
        if (best < 0 || load < bestLoad) {
            best = i;
            bestLoad = load;
        }
    }
    return best;
}

int CommitScheduler::commitsOn(int lane) const
{
    int count = 0;
    for (const PendingCommit& commit : m_pending)
        count += commit.lane == lane ? 1 : 0;
    return count;
}

int CommitScheduler::uncommittedApiBatches() const
{
    int count = m_readyApiBatches;
    for (const PendingCommit& commit : m_pending)
        count += commit.apiBatches;
    return count;
}

void CommitScheduler::onCommitted(quint64 tag)
{
    const BatchCommit batch = m_pending.take(tag).batch;
    dispatch();
    Q_EMIT committed(batch);
}

void CommitScheduler::onCommitFailed(quint64 tag, const QString& error)
{
    m_pending.remove(tag);
    dispatch();
    Q_EMIT commitFailed(error);
}

} // namespace ec
