#include "ops/RetryFailures.h"

#include "store/FailureLog.h"

namespace ec {

std::optional<RetryPlan> RetryFailures::prepare(ItemStore& store, const QStringList& ids, QString* error)
{
    FailureLog log(store.database(), store.table(), store.schema());
    QStringList items = ids;
    if (items.isEmpty()) {
        QString listError;
        const QVector<FailureEntry> failures = log.list(0, false, &listError);
        if (!listError.isEmpty()) {
            if (error)
                *error = listError;
            return std::nullopt;
        }
        for (const FailureEntry& failure : failures)
            items << failure.itemId;
    }
    RetryPlan plan;
    plan.items = items.size();
    plan.options.ignoreBackoff = true;
    if (items.isEmpty())
        return plan;
    QString retryError;
    plan.released = log.retry(items, &retryError);
    if (plan.released < 0) {
        if (error)
            *error = retryError;
        return std::nullopt;
    }
    if (items.size() <= kMaxListedIds)
        plan.options.onlyIds = items;
    return plan;
}

} // namespace ec
