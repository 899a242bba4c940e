#include "pipeline/WriteLane.h"

#include "store/ItemStore.h"
#include "store/TransientRetry.h"

#include <QElapsedTimer>
#include <QThread>

namespace ec {

WriteLane::WriteLane(const AppConfig& config, const QString& leaseOwner, int index)
    : m_config(config)
    , m_leaseOwner(leaseOwner)
    , m_index(index)
{}

WriteLane::~WriteLane()
{
    // The committer's statements go before the connection they run on.
    m_committer.reset();
    m_retry.reset();
    m_store.reset();
}

bool WriteLane::ensureOpen(QString* error)
{
    if (m_committer)
        return true;
    m_store =
        ItemStore::open(m_config, QStringLiteral("ec-lane-%1-%2").arg(m_index).arg(quintptr(this)), error);
    if (!m_store)
        return false;
    m_committer = std::make_unique<BatchCommitter>(m_store->database(), m_store->table(), m_store->schema(),
                                                   m_config, m_leaseOwner);
    m_retry = std::make_unique<TransientRetry>(m_store->connection(), m_config.run.reconnectSeconds);
    m_retry->setAbortFlag(m_abort);
    m_retry->setReconnectingHook([this](bool active) { Q_EMIT reconnecting(active); });
    m_retry->setAfterReconnect([this](QString*) {
        m_committer->resetSession();
        return true;
    });
    return true;
}

void WriteLane::commit(quint64 tag, const BatchCommit& batch)
{
    QString error;
    // A lane opens its connection on its first commit, which may come while the server
    // restarts: that is ridden out like a lost connection.
    QElapsedTimer opening;
    opening.start();
    int attempt = 0;
    for (; !ensureOpen(&error); ++attempt) {
        const bool gone = opening.elapsed() > qint64(m_config.run.reconnectSeconds) * 1000;
        if (!TransientRetry::isTransient(error) || gone || (m_abort && m_abort->load())) {
            if (attempt > 0)
                Q_EMIT reconnecting(false);
            Q_EMIT commitFailed(tag, error);
            return;
        }
        if (attempt == 0)
            Q_EMIT reconnecting(true);
        QThread::msleep(std::min(2000, 100 << std::min(attempt, 5)));
    }
    if (attempt > 0)
        Q_EMIT reconnecting(false);
    const qint64 before = m_retry->retries();
    const bool ok = m_retry->run(
        "commit", [&](QString* stepError) { return m_committer->apply(batch, stepError); }, &error);
    if (m_retry->retries() > before)
        Q_EMIT retried(int(m_retry->retries() - before));
    if (!ok) {
        Q_EMIT commitFailed(tag, error);
        return;
    }
    Q_EMIT committed(tag);
}

} // namespace ec
