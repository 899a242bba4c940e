#pragma once
// Prices a set of items before any money is spent. It streams the items in keyset pages
// (memory stays flat: only the distinct content hashes of the set are kept), builds each
// text exactly as a run does (ItemTextBuilder, InputPreparer, ContentHash: the same classes,
// so estimate and run agree), counts its exact tokens, and follows the run's decisions:
// unchanged texts, duplicates within the set and texts in the persistent cache cost nothing.
// The distinct texts left are packed into requests under the BatchSettings limits.
//
// Synchronous and blocking on the database: call it on a worker thread (EstimateJob does),
// with a store opened on that thread.

#include "config/AppConfig.h"
#include "ops/CostEstimate.h"
#include "store/StoreTypes.h"
#include "util/Feedback.h"
#include "util/Result.h"

#include <QString>
#include <QVector>

#include <functional>
#include <optional>

namespace ec {

class ItemStore;
class StateStore;

class CostEstimator
{
public:
    /// The next page of items after afterId (empty: the first), at most limit; an empty page
    /// ends the set; an error sets error.
    using PageSource = std::function<QVector<CatalogItem>(const QString& afterId, int limit, QString* error)>;

    /// The latency the time estimate assumes per request when concurrency is the bound.
    static constexpr double kDefaultAssumedLatencyMs = 1000.0;

    explicit CostEstimator(AppConfig config);

    void setAssumedLatencyMs(double ms) { m_assumedLatencyMs = ms; }
    /// Items per page (default: RunSettings::pageSize).
    void setPageSize(int items) { m_pageSize = qMax(1, items); }

    /// The pending items of store as `embedctl run` would take them now (docs/schema.md),
    /// other workers' leases ignored: a run in progress does not change the estimate.
    /// feedback (may be null) gets the items done of the total after each page; a cancel ends
    /// the estimate with the error "cancelled".
    Result<CostEstimate> estimatePending(const ItemStore& store, Feedback* feedback = nullptr) const;

    /// The rows a reset with criteria would clear, priced as they will be after it: every
    /// one needs a new vector (no unchanged items) and the reset forgets their cached state,
    /// so no cache hit is counted (an upper bound); repeats within the set count once.
    Result<CostEstimate> estimateReset(const ItemStore& store, const ResetCriteria& criteria,
                                       Feedback* feedback = nullptr) const;

    /// Any set of items. judgeUnchanged: items whose text hashes to CatalogItem::embeddedHash
    /// cost nothing. cache (may be null): texts it holds a vector for cost nothing.
    Result<CostEstimate> estimate(const PageSource& pages, qint64 total, bool judgeUnchanged,
                                  const StateStore* cache, Feedback* feedback = nullptr) const;

    /// Fills the prices of every model and the time estimate from the counted figures.
    void price(CostEstimate& estimate) const;

private:
    AppConfig m_config;
    int m_pageSize;
    double m_assumedLatencyMs = kDefaultAssumedLatencyMs;
};

} // namespace ec
