#pragma once
// "Retry failed", written once for both faces (`embedctl retry`, the console's Retry failed and
// Retry selected): makes the failed, parked and skipped items retryable at once and says which
// run retries exactly them.
//
//     const auto plan = RetryFailures::prepare(*store, ids, &error);   // blocks: off the UI thread
//     if (plan) controller.start(config, plan->options);

#include "pipeline/RunTypes.h"
#include "store/ItemStore.h"

#include <QStringList>

#include <optional>

namespace ec {

struct RetryPlan
{
    int released = 0;   ///< failure records made retryable
    qint64 items = 0;   ///< items the run retries (the given ids, or every recorded failure)
    RunOptions options; ///< ignoreBackoff, and onlyIds unless there are more than kMaxListedIds
};

class RetryFailures
{
public:
    /// RunOptions::onlyIds takes at most this many ids; a retry of more failures runs every
    /// pending item with the back-off ignored instead.
    static constexpr int kMaxListedIds = 10000;

    /// ids empty: every recorded failure. nullopt with a one-line error when the database fails.
    static std::optional<RetryPlan> prepare(ItemStore& store, const QStringList& ids, QString* error);
};

} // namespace ec
