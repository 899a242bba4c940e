#include "ops/ResetPlan.h"

#include "ops/CostEstimator.h"
#include "store/ItemStore.h"
#include "store/ResetService.h"
#include "util/Logging.h"

namespace ec {

Result<ResetPlan> planReset(const ItemStore& store, const AppConfig& config, const ResetCriteria& criteria,
                            Feedback* feedback)
{
    const ResetService resets(store.database(), store.table(), store.schema());
    ResetPlan plan;
    plan.criteria = criteria;
    plan.configuredModel = config.embedding.model;

    const Result<qint64> affected = resets.countAffected(criteria);
    if (!affected)
        return fail(affected.error());
    plan.affected = *affected;
    if (feedback)
        feedback->setProgress(0, plan.affected);

    if (criteria.modelNot == plan.configuredModel) {
        plan.byOtherModel = plan.affected;
    } else if (criteria.modelNot.isEmpty()) {
        ResetCriteria other = criteria;
        other.modelNot = plan.configuredModel;
        if (plan.affected > 0) {
            const Result<qint64> byOther = resets.countAffected(other);
            if (!byOther)
                return fail(byOther.error());
            plan.byOtherModel = *byOther;
        }
    } else {
        plan.byOtherModel = -1;
    }

    QString error;
    plan.idsNotFound = store.idsNotFound(criteria.ids, &error);
    if (!error.isEmpty())
        return fail(error);

    Result<CostEstimate> estimate = CostEstimator(config).estimateReset(store, criteria, feedback);
    if (!estimate)
        return fail(estimate.error());
    plan.estimate = std::move(estimate).value();
    return plan;
}

Result<qint64> applyReset(ItemStore& store, const ResetCriteria& criteria, const QString& byUser)
{
    ResetService resets(store.database(), store.table(), store.schema());
    const Result<qint64> cleared = resets.reset(criteria, byUser);
    if (cleared)
        qCInfo(lcOps).noquote() << "reset" << *cleared << "rows by" << byUser << "criteria"
                                << ResetService::criteriaJson(criteria);
    return cleared;
}

QString currentUser()
{
    for (const char* name : {"USER", "LOGNAME"}) {
        const QString user = qEnvironmentVariable(name);
        if (!user.isEmpty())
            return user;
    }
    return QStringLiteral("unknown");
}

} // namespace ec
