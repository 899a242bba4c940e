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
    /// Called after each page with the items done so far and the total expected (−1 when
    /// unknown). Returning false cancels the estimate (the result is then nullopt, error
    /// "cancelled").
    using Progress = std::function<bool(qint64 done, qint64 total)>;
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
    std::optional<CostEstimate> estimatePending(const ItemStore& store, QString* error,
                                                const Progress& progress = {}) const;

    /// The rows a reset with criteria would clear, priced as they will be after it: every
    /// one needs a new vector (no unchanged items) and the reset forgets their cached state,
    /// so no cache hit is counted (an upper bound); repeats within the set count once.
    std::optional<CostEstimate> estimateReset(const ItemStore& store, const ResetCriteria& criteria,
                                              QString* error, const Progress& progress = {}) const;

    /// Any set of items. judgeUnchanged: items whose text hashes to CatalogItem::embeddedHash
    /// cost nothing. cache (may be null): texts it holds a vector for cost nothing.
    std::optional<CostEstimate> estimate(const PageSource& pages, qint64 total, bool judgeUnchanged,
                                         const StateStore* cache, QString* error,
                                         const Progress& progress = {}) const;

    /// Fills the prices of every model and the time estimate from the counted figures.
    void price(CostEstimate& estimate) const;

private:
    AppConfig m_config;
    int m_pageSize;
    double m_assumedLatencyMs = kDefaultAssumedLatencyMs;
};

} // namespace ec
