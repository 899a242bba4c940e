#include "pipeline/WriteLane.h"

#include "store/ItemStore.h"
#include "store/TransientRetry.h"

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
    m_retry->setRetriedHook([this] { Q_EMIT retried(1); });
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
    const bool opened = TransientRetry::open([this](QString* openError) { return ensureOpen(openError); },
                                             m_config.run.reconnectSeconds, m_abort,
                                             [this](bool active) { Q_EMIT reconnecting(active); }, &error);
    if (!opened) {
        Q_EMIT commitFailed(tag, error);
        return;
    }
    const bool ok = m_retry->run(
        "commit", [&](QString* stepError) { return m_committer->apply(batch, stepError); }, &error);
    if (!ok) {
        Q_EMIT commitFailed(tag, error);
        return;
    }
    Q_EMIT committed(tag);
}

} // namespace ec
