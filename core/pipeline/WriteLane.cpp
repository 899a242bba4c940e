#include "pipeline/WriteLane.h"

#include "store/ItemStore.h"

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
    return true;
}

void WriteLane::commit(quint64 tag, const BatchCommit& batch)
{
    QString error;
    if (!ensureOpen(&error) || !m_committer->apply(batch, &error)) {
        Q_EMIT commitFailed(tag, error);
        return;
    }
    Q_EMIT committed(tag);
}

} // namespace ec
