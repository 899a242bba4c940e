#pragma once
// What embedding a set of items would cost: the result of CostEstimator, for
// `embedctl estimate`, the reset price and the console's estimate panel.
//
// Token figures are exact cl100k_base counts of the texts as the run sends them (built by
// ItemTextBuilder, cut to the token limit by InputPreparer). The set is priced twice:
//  - before dedupe (`total_tokens`, the original design's CostEstimate): every sendable text of the set;
//  - after dedupe: what the run actually sends — without the items whose text still hashes
//    to what their vector was made from (unchanged), repeats of a text earlier in the set
//    (duplicates), and texts the persistent cache already holds a vector for (cached).

#include "ops/CostModel.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace ec {

/// How long sending the texts would take under the configured limits.
struct TimeEstimate
{
    double seconds = 0;                 ///< the largest of the three bounds below
    double requestBoundSeconds = 0;     ///< API calls ÷ requests per minute
    double tokenBoundSeconds = 0;       ///< tokens ÷ tokens per minute
    double concurrencyBoundSeconds = 0; ///< API calls × assumed latency ÷ concurrency
    QString bound;                      ///< "requests_per_minute", "tokens_per_minute" or "concurrency"
    double requestsPerMinute = 0;
    double tokensPerMinute = 0;
    int concurrency = 0;
    double assumedLatencyMs = 0;

    QJsonObject toJson() const;
};

/// One model of the side-by-side comparison.
struct ModelEstimate
{
    CostFigures beforeDedupe;
    CostFigures afterDedupe;
    bool configured = false; ///< the configured model

    QJsonObject toJson() const;
};

struct CostEstimate
{
    QString model;
    int dimensions = 0;

    qint64 items = 0;          ///< items looked at (the pending items, or the given set)
    qint64 missing = 0;        ///< pending because the embedding is NULL
    qint64 outdated = 0;       ///< pending because the row changed after it was embedded
    qint64 otherModel = 0;     ///< pending because another model/dimension count made the vector
    qint64 skippedItems = 0;   ///< not sendable: empty text, or over the limit with the skip policy
    qint64 truncatedItems = 0; ///< sent cut to the per-input token limit
    qint64 unchangedItems = 0; ///< text hash equals the vector's: marked current, no API call
    qint64 duplicateItems = 0; ///< same text as an earlier item of the set
    qint64 cachedItems = 0;    ///< text found in the persistent cache
    qint64 textsToSend = 0;    ///< distinct texts left: the API inputs

    qint64 totalTokens = 0;       ///< before dedupe: every sendable text of the set, as sent
    qint64 tokensAfterDedupe = 0; ///< the texts to send
    qint64 apiCalls = 0;          ///< requests under the BatchSettings limits

    QVector<ModelEstimate> models; ///< the configured model first, then the other known ones
    TimeEstimate time;
    double krwPerUsd = 0;
    double batchApiFactor = 0;
    double maxCostUsd = 0; ///< the run's spend cap (RunSettings::maxCostUsd); 0: none

    qint64 pendingTotal() const { return missing + outdated + otherModel; }
    /// The configured model's prices (models.first()).
    const ModelEstimate& configured() const { return models.first(); }
    /// Whether the configured model's price after dedupe passes the spend cap (a run then stops
    /// at the cap and leaves the rest pending).
    bool overCap() const
    {
        return maxCostUsd > 0 && !models.isEmpty() && configured().afterDedupe.usd > maxCostUsd;
    }

    /// The JSON of docs/cli.md: the original design's `total_tokens`, `estimated_cost_usd` and
    /// `estimated_cost_krw` (total_tokens at the configured model's standard price), then
    /// the item counts, tokens after dedupe, API calls, the prices before and after dedupe
    /// at the standard and Batch API rates for every model, and the time estimate.
    QJsonObject toJson() const;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::CostEstimate)
