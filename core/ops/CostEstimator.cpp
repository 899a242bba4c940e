#include "ops/CostEstimator.h"

#include "pipeline/ItemClassifier.h"
#include "store/ItemStore.h"
#include "store/ResetService.h"
#include "store/StateStore.h"
#include "text/BatchPlanner.h"

#include <QSet>

#include <algorithm>

namespace ec {

namespace {

/// Counts the requests the texts to send need, packed in order by the run's BatchPlanner.
class RequestCounter
{
public:
    explicit RequestCounter(const BatchSettings& batch)
        : m_planner(batch)
    {}

    void add(int tokens)
    {
        if (m_planner.add(0, tokens))
            ++m_closed;
    }

    qint64 requests() const { return m_closed + (m_planner.pendingInputs() > 0 ? 1 : 0); }

private:
    BatchPlanner m_planner;
    qint64 m_closed = 0;
};

/// The per-item decisions of a run, tallied instead of acted on.
class EstimateTally
{
public:
    EstimateTally(const AppConfig& config, int dimensions, bool judgeUnchanged)
        : m_classifier(config.batch, config.embedding.model, dimensions)
        , m_requests(config.batch)
        , m_model(config.embedding.model)
        , m_dimensions(dimensions)
        , m_judgeUnchanged(judgeUnchanged)
    {}

    /// Counts one item; its text, when new to the set, waits in pageTexts() for the cache.
    void add(const CatalogItem& item)
    {
        ++m_result.items;
        switch (item.reason) {
        case PendingReason::Missing:
            ++m_result.missing;
            break;
        case PendingReason::Outdated:
            ++m_result.outdated;
            break;
        case PendingReason::OtherModel:
            ++m_result.otherModel;
            break;
        }
        // The run's own verdict (ItemClassifier): what it would send, or why it sends nothing.
        const ItemVerdict verdict = m_classifier.classify(item, m_judgeUnchanged);
        if (verdict.kind == ItemVerdict::Kind::Skipped || verdict.kind == ItemVerdict::Kind::Unreadable) {
            ++m_result.skippedItems;
            return;
        }
        const PreparedInput& input = verdict.input;
        const QByteArray& hash = verdict.hash;
        if (input.truncated)
            ++m_result.truncatedItems;
        m_result.totalTokens += input.tokens;
        if (verdict.kind == ItemVerdict::Kind::Unchanged) {
            ++m_result.unchangedItems;
            return;
        }
        const QByteArray key = QByteArray::fromHex(hash); // 32 bytes instead of 64
        if (const auto inPage = m_pageIndex.constFind(key); inPage != m_pageIndex.constEnd()) {
            ++m_page[*inPage].items; // settled with its text in endPage()
            return;
        }
        if (m_seen.contains(key)) {
            if (m_cachedTexts.contains(key))
                ++m_result.cachedItems;
            else
                ++m_result.duplicateItems;
            return;
        }
        m_seen.insert(key);
        m_pageIndex.insert(key, int(m_page.size()));
        m_page.push_back({hash, key, input.tokens, 1});
    }

    /// The new distinct texts of the current page, to look up in the cache.
    QVector<QByteArray> pageHashes() const
    {
        QVector<QByteArray> hashes;
        hashes.reserve(m_page.size());
        for (const PageText& text : m_page)
            hashes << text.hash;
        return hashes;
    }

    /// Ends the page: the items of texts found in the cache cost nothing; the first item of
    /// every other text goes into a request, its repeats are duplicates.
    void endPage(const QSet<QByteArray>& cachedHashes)
    {
        for (const PageText& text : std::as_const(m_page)) {
            if (cachedHashes.contains(text.hash)) {
                m_result.cachedItems += text.items;
                m_cachedTexts.insert(text.key);
                continue;
            }
            ++m_result.textsToSend;
            m_result.duplicateItems += text.items - 1;
            m_result.tokensAfterDedupe += text.tokens;
            m_requests.add(text.tokens);
        }
        m_page.clear();
        m_pageIndex.clear();
    }

    CostEstimate result() const
    {
        CostEstimate result = m_result;
        result.model = m_model;
        result.dimensions = m_dimensions;
        result.apiCalls = m_requests.requests();
        return result;
    }

private:
    /// A text new to the set in the current page.
    struct PageText
    {
        QByteArray hash; ///< hex, as stored
        QByteArray key;  ///< raw
        int tokens = 0;
        qint64 items = 0; ///< items of the page with this text
    };

    ItemClassifier m_classifier;
    RequestCounter m_requests;
    QString m_model;
    int m_dimensions;
    bool m_judgeUnchanged;
    CostEstimate m_result;
    QSet<QByteArray> m_seen;        ///< raw hashes of the set's distinct texts so far
    QSet<QByteArray> m_cachedTexts; ///< the raw hashes among them the cache holds
    QVector<PageText> m_page;
    QHash<QByteArray, int> m_pageIndex; ///< raw hash → index in m_page
};

} // namespace

CostEstimator::CostEstimator(AppConfig config)
    : m_config(std::move(config))
    , m_pageSize(qMax(1, m_config.run.pageSize))
{}

Result<CostEstimate> CostEstimator::estimate(const PageSource& pages, qint64 total, bool judgeUnchanged,
                                             const StateStore* cache, Feedback* feedback) const
{
    const int dimensions = m_config.embedding.effectiveDimensions();
    EstimateTally tally(m_config, dimensions, judgeUnchanged);
    QString afterId;
    qint64 done = 0;
    if (!Feedback::report(feedback, done, total))
        return fail(QStringLiteral("cancelled"));
    for (;;) {
        QString pageError;
        const QVector<CatalogItem> items = pages(afterId, m_pageSize, &pageError);
        if (!pageError.isEmpty())
            return fail(pageError);
        if (items.isEmpty())
            break;
        for (const CatalogItem& item : items)
            tally.add(item);
        QSet<QByteArray> cached;
        if (cache) {
            const QVector<QByteArray> hashes = tally.pageHashes();
            if (!hashes.isEmpty()) {
                QString cacheError;
                const auto vectors = cache->lookup(hashes, m_config.embedding.model, dimensions, &cacheError);
                if (!cacheError.isEmpty())
                    return fail(cacheError);
                for (auto it = vectors.constBegin(); it != vectors.constEnd(); ++it)
                    cached.insert(it.key());
            }
        }
        tally.endPage(cached);
        done += items.size();
        afterId = items.constLast().id;
        if (!Feedback::report(feedback, done, total))
            return fail(QStringLiteral("cancelled"));
        if (items.size() < m_pageSize)
            break;
    }
    CostEstimate result = tally.result();
    price(result);
    return result;
}

Result<CostEstimate> CostEstimator::estimatePending(const ItemStore& store, Feedback* feedback) const
{
    PendingQuery query;
    query.model = m_config.embedding.model;
    query.dimensions = m_config.embedding.effectiveDimensions();
    query.ignoreLeases = true;
    query.limit = m_pageSize;
    qint64 total = -1;
    if (feedback) {
        const Result<qint64> count = store.pendingCount(query);
        if (!count)
            return fail(count.error());
        total = *count;
    }
    const StateStore cache(store.database(), store.table(), store.schema());
    const PageSource pages = [&store, query](const QString& afterId, int limit, QString* pageError) {
        PendingQuery page = query;
        page.afterId = afterId;
        page.limit = limit;
        return store.pendingPage(page, pageError);
    };
    return estimate(pages, total, true, &cache, feedback);
}

Result<CostEstimate> CostEstimator::estimateReset(const ItemStore& store, const ResetCriteria& criteria,
                                                  Feedback* feedback) const
{
    const ResetService resets(store.database(), store.table(), store.schema());
    qint64 total = -1;
    if (feedback) {
        const Result<qint64> affected = resets.countAffected(criteria);
        if (!affected)
            return fail(affected.error());
        total = *affected;
    }
    const PageSource pages = [&resets, criteria](const QString& afterId, int limit, QString* pageError) {
        Result<QVector<CatalogItem>> page = resets.affectedItems(criteria, afterId, limit);
        if (!page) {
            *pageError = page.error();
            return QVector<CatalogItem>();
        }
        return std::move(page).value();
    };
    auto result = estimate(pages, total, false, nullptr, feedback);
    if (result) {
        // After the reset every affected row lacks its vector.
        result->missing = result->items;
        result->outdated = result->otherModel = 0;
    }
    return result;
}

void CostEstimator::price(CostEstimate& estimate) const
{
    const CostModel costs(m_config.prices);
    estimate.models.clear();
    for (const QString& model : CostModel::modelsSideBySide(estimate.model)) {
        ModelEstimate row;
        row.configured = model == estimate.model;
        row.beforeDedupe = costs.cost(model, estimate.totalTokens);
        row.afterDedupe = costs.cost(model, estimate.tokensAfterDedupe);
        estimate.models << row;
    }
    estimate.krwPerUsd = m_config.prices.krwPerUsd;
    estimate.batchApiFactor = m_config.prices.batchApiFactor;
    estimate.maxCostUsd = m_config.run.maxCostUsd;

    const ApiSettings& api = m_config.api;
    TimeEstimate& t = estimate.time;
    t.requestsPerMinute = api.requestsPerMinute;
    t.tokensPerMinute = api.tokensPerMinute;
    t.concurrency = qMax(1, api.concurrency);
    t.assumedLatencyMs = m_assumedLatencyMs;
    t.requestBoundSeconds =
        api.requestsPerMinute > 0 ? double(estimate.apiCalls) * 60.0 / api.requestsPerMinute : 0;
    t.tokenBoundSeconds =
        api.tokensPerMinute > 0 ? double(estimate.tokensAfterDedupe) * 60.0 / api.tokensPerMinute : 0;
    t.concurrencyBoundSeconds =
        double(estimate.apiCalls) * m_assumedLatencyMs / 1000.0 / double(t.concurrency);
    t.seconds = std::max({t.requestBoundSeconds, t.tokenBoundSeconds, t.concurrencyBoundSeconds});
    if (t.seconds == t.concurrencyBoundSeconds)
        t.bound = QStringLiteral("concurrency");
    else if (t.seconds == t.tokenBoundSeconds)
        t.bound = QStringLiteral("tokens_per_minute");
    else
        t.bound = QStringLiteral("requests_per_minute");
}

} // namespace ec
