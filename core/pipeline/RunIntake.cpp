#include "pipeline/RunIntake.h"

#include "config/ModelCatalog.h"

namespace ec {

RunIntake::RunIntake(const AppConfig& config, int dimensions, PendingTexts& texts, RunProgress& progress)
    : m_config(config)
    , m_classifier(config.batch, config.embedding.model, dimensions)
    , m_texts(texts)
    , m_progress(progress)
{}

void RunIntake::take(const CatalogItem& item, BatchCommit& immediate, QVector<QByteArray>& lookups)
{
    const ItemVerdict verdict = m_classifier.classify(item);
    switch (verdict.kind) {
    case ItemVerdict::Kind::Unreadable:
    case ItemVerdict::Kind::Skipped: {
        immediate.failures.push_back(verdict.failureOf(item.id, m_progress.runId));
        return;
    }
    case ItemVerdict::Kind::Unchanged:
    case ItemVerdict::Kind::Send:
        break;
    }
    const PreparedInput& input = verdict.input;
    const QByteArray& hash = verdict.hash;
    if (input.truncated)
        ++m_progress.truncated;
    if (verdict.kind == ItemVerdict::Kind::Unchanged) {
        immediate.currentIds.push_back(item.id);
        return;
    }

    if (const QVector<float>* recent = m_texts.recentVector(hash)) {
        ++m_progress.deduped;
        immediate.writes.push_back({item.id, *recent, hash, input.tokens, input.truncated});
        return;
    }
    if (PendingText* existing = m_texts.find(hash)) {
        // Counted when the text is settled: deduplicated if it is sent, cached if the cache has it.
        existing->itemIds.push_back(item.id);
        return;
    }
    PendingText pending;
    pending.text = input.text;
    pending.hash = hash;
    pending.tokens = input.tokens;
    pending.truncated = input.truncated;
    pending.itemIds.push_back(item.id);
    m_texts.add(pending);
    lookups.push_back(hash);
}

void RunIntake::settleLookup(const QVector<QByteArray>& asked,
                             const QHash<QByteArray, QVector<float>>& vectors, bool stopping,
                             BatchCommit& batch)
{
    for (const QByteArray& hash : asked) {
        const PendingText* pending = m_texts.find(hash);
        if (!pending)
            continue;
        const auto cached = vectors.constFind(hash);
        if (cached != vectors.constEnd()) {
            for (const QString& id : pending->itemIds)
                batch.writes.push_back({id, *cached, pending->hash, pending->tokens, pending->truncated});
            // A text this run sent and already wrote is a duplicate of it, as the estimate counts it.
            if (m_texts.wasSent(hash))
                m_progress.deduped += pending->itemIds.size();
            else
                m_progress.cached += pending->itemIds.size();
            m_texts.take(hash);
        } else if (stopping) {
            batch.releaseIds += m_texts.take(hash).itemIds;
        } else {
            m_texts.markReady(hash);
        }
    }
}

RunIntake::Recut RunIntake::recut(const PendingText& refused, int contextTokens)
{
    // OpenAI's models count with cl100k, as we do: their stated context is exact. Another
    // model's tokenizer counts differently: cut with a 10 % margin, and further if refused again.
    const bool exactCounts = ModelCatalog::find(m_config.embedding.model).has_value();
    int limit = exactCounts ? contextTokens : contextTokens * 9 / 10;
    if (refused.tokens <= limit) // fits by our count, not by the server's: cut further
        limit = refused.tokens * 9 / 10;
    Recut result;
    if (contextTokens <= 0 || limit < 1)
        return result;
    if (limit < m_classifier.tokenLimit()) {
        m_classifier.setTokenLimit(limit);
        result.loweredTo = limit;
    }
    const ItemVerdict verdict = m_classifier.reprepare(refused.text);
    const PreparedInput& input = verdict.input;
    if (verdict.kind != ItemVerdict::Kind::Send || input.tokens >= refused.tokens)
        return result;
    result.queued = true;
    const QByteArray& hash = verdict.hash;
    if (!refused.truncated)
        m_progress.truncated += refused.itemIds.size();
    if (PendingText* existing = m_texts.find(hash)) {
        existing->itemIds += refused.itemIds;
        return result;
    }
    PendingText cut;
    cut.text = input.text;
    cut.hash = hash;
    cut.tokens = input.tokens;
    cut.truncated = true;
    cut.itemIds = refused.itemIds;
    m_texts.add(cut);
    m_texts.markReady(hash);
    return result;
}

} // namespace ec
