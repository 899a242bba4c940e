#include "pipeline/PendingTexts.h"

#include "text/BatchPlanner.h"

namespace ec {

int PendingTexts::outstandingItems() const
{
    int count = 0;
    for (const PendingText& text : m_texts)
        count += int(text.itemIds.size());
    return count;
}

PendingText* PendingTexts::find(const QByteArray& hash)
{
    const auto it = m_texts.find(hash);
    return it == m_texts.end() ? nullptr : &*it;
}

void PendingTexts::add(PendingText text)
{
    const QByteArray hash = text.hash;
    m_texts.insert(hash, std::move(text));
}

PendingText PendingTexts::take(const QByteArray& hash)
{
    return m_texts.take(hash);
}

void PendingTexts::markReady(const QByteArray& hash)
{
    m_ready.push_back(hash);
    m_readySet.insert(hash);
}

std::optional<QVector<QByteArray>> PendingTexts::nextRequest(const BatchSettings& limits, bool moreMayCome)
{
    if (m_ready.empty())
        return std::nullopt;
    BatchPlanner planner(limits);
    std::optional<PlannedBatch> batch;
    for (std::size_t i = 0; i < m_ready.size() && !batch; ++i)
        batch = planner.add(qint64(i), m_texts.value(m_ready[i]).tokens);
    if (!batch) {
        // Not full: the last request of the run goes as it is, any other waits for more texts.
        if (moreMayCome)
            return std::nullopt;
        batch = planner.flush();
    }
    QVector<QByteArray> hashes;
    hashes.reserve(batch->size());
    for (int i = 0; i < batch->size(); ++i) {
        const QByteArray hash = m_ready.front();
        m_ready.pop_front();
        m_readySet.remove(hash);
        m_texts[hash].sent = true;
        m_sent.insert(fingerprint(hash));
        hashes.push_back(hash);
    }
    return hashes;
}

bool PendingTexts::firstReadyFits(qint64 tokens) const
{
    return !m_ready.empty() && m_texts.value(m_ready.front()).tokens <= tokens;
}

bool PendingTexts::wasSent(const QByteArray& hash) const
{
    return m_sent.contains(fingerprint(hash));
}

QVector<QString> PendingTexts::takeUnsentReady()
{
    QVector<QString> ids;
    for (auto it = m_texts.begin(); it != m_texts.end();) {
        // Texts still waiting on a cache look-up are released when it answers.
        if (it->sent || !m_readySet.contains(it.key())) {
            ++it;
            continue;
        }
        ids += it->itemIds;
        m_readySet.remove(it.key());
        it = m_texts.erase(it);
    }
    m_ready.clear();
    return ids;
}

const QVector<float>* PendingTexts::recentVector(const QByteArray& hash) const
{
    const auto it = m_recent.constFind(hash);
    return it == m_recent.constEnd() ? nullptr : &*it;
}

quint64 PendingTexts::fingerprint(const QByteArray& hexHash)
{
    return hexHash.left(16).toULongLong(nullptr, 16);
}

} // namespace ec
