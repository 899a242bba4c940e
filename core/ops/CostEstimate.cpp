#include "ops/CostEstimate.h"

#include <QJsonArray>

namespace ec {

QJsonObject TimeEstimate::toJson() const
{
    return QJsonObject{
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("bound"), bound},
        {QStringLiteral("request_bound_seconds"), requestBoundSeconds},
        {QStringLiteral("token_bound_seconds"), tokenBoundSeconds},
        {QStringLiteral("concurrency_bound_seconds"), concurrencyBoundSeconds},
        {QStringLiteral("requests_per_minute"), requestsPerMinute},
        {QStringLiteral("tokens_per_minute"), tokensPerMinute},
        {QStringLiteral("concurrency"), concurrency},
        {QStringLiteral("assumed_latency_ms"), assumedLatencyMs},
    };
}

QJsonObject ModelEstimate::toJson() const
{
    QJsonObject before = beforeDedupe.toJson();
    QJsonObject after = afterDedupe.toJson();
    for (QJsonObject* o : {&before, &after}) {
        o->remove(QStringLiteral("model"));
        o->remove(QStringLiteral("usd_per_million"));
    }
    return QJsonObject{
        {QStringLiteral("model"), beforeDedupe.model},
        {QStringLiteral("configured"), configured},
        {QStringLiteral("usd_per_million"), beforeDedupe.usdPerMillion},
        {QStringLiteral("before_dedupe"), before},
        {QStringLiteral("after_dedupe"), after},
    };
}

QJsonObject CostEstimate::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("model"), model);
    o.insert(QStringLiteral("dimensions"), dimensions);
    o.insert(QStringLiteral("max_cost_usd"), maxCostUsd);
    o.insert(QStringLiteral("over_cap"), overCap());
    o.insert(QStringLiteral("items"), items);
    o.insert(QStringLiteral("by_reason"), QJsonObject{{QStringLiteral("missing"), missing},
                                                      {QStringLiteral("outdated"), outdated},
                                                      {QStringLiteral("other_model"), otherModel}});
    o.insert(QStringLiteral("skipped_items"), skippedItems);
    o.insert(QStringLiteral("truncated_items"), truncatedItems);
    o.insert(QStringLiteral("unchanged_items"), unchangedItems);
    o.insert(QStringLiteral("duplicate_items"), duplicateItems);
    o.insert(QStringLiteral("cached_items"), cachedItems);
    o.insert(QStringLiteral("texts_to_send"), textsToSend);
    o.insert(QStringLiteral("total_tokens"), totalTokens);
    o.insert(QStringLiteral("tokens_after_dedupe"), tokensAfterDedupe);
    o.insert(QStringLiteral("api_calls"), apiCalls);
    if (!models.isEmpty()) {
        const ModelEstimate& own = configured();
        o.insert(QStringLiteral("estimated_cost_usd"), own.beforeDedupe.usd);
        o.insert(QStringLiteral("estimated_cost_krw"), own.beforeDedupe.krw);
        o.insert(QStringLiteral("cost_after_dedupe_usd"), own.afterDedupe.usd);
        o.insert(QStringLiteral("cost_after_dedupe_krw"), own.afterDedupe.krw);
        o.insert(QStringLiteral("batch_api_cost_after_dedupe_usd"), own.afterDedupe.batchUsd);
        o.insert(QStringLiteral("batch_api_cost_after_dedupe_krw"), own.afterDedupe.batchKrw);
    }
    QJsonArray modelArray;
    for (const ModelEstimate& m : models)
        modelArray.append(m.toJson());
    o.insert(QStringLiteral("models"), modelArray);
    o.insert(QStringLiteral("time"), time.toJson());
    o.insert(QStringLiteral("prices"), QJsonObject{{QStringLiteral("krw_per_usd"), krwPerUsd},
                                                   {QStringLiteral("batch_api_factor"), batchApiFactor}});
    return o;
}

} // namespace ec
