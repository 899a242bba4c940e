#include "ops/ResetJob.h"

namespace ec {

ResetJob::ResetJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::ResetPlan>();
}

bool ResetJob::plan(const AppConfig& config, const ResetCriteria& criteria)
{
    return startWork(config, [config, criteria](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
        return resultVariant(planReset(store, config, criteria, &feedback));
    });
}

bool ResetJob::apply(const AppConfig& config, const ResetCriteria& criteria, const QString& byUser)
{
    return startWork(
        config,
        [criteria, byUser](ItemStore& store, Feedback&) -> Result<QVariant> {
            return resultVariant(applyReset(store, criteria, byUser));
        },
        Access::Write);
}

void ResetJob::deliver(const QVariant& result)
{
    if (result.canConvert<ResetPlan>() && result.userType() == qMetaTypeId<ResetPlan>())
        Q_EMIT planned(result.value<ResetPlan>());
    else
        Q_EMIT applied(result.toLongLong());
}

} // namespace ec
