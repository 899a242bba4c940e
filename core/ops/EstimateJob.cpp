#include "ops/EstimateJob.h"

#include "ops/CostEstimator.h"

namespace ec {

EstimateJob::EstimateJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::CostEstimate>();
}

static QVariant wrap(const std::optional<CostEstimate>& estimate)
{
    return estimate ? QVariant::fromValue(*estimate) : QVariant();
}

bool EstimateJob::start(const AppConfig& config)
{
    return startWork(config, [config](ItemStore& store, const ProgressFn& progress, QString* error) {
        return wrap(CostEstimator(config).estimatePending(store, error, progress));
    });
}

bool EstimateJob::startReset(const AppConfig& config, const ResetCriteria& criteria)
{
    return startWork(config,
                     [config, criteria](ItemStore& store, const ProgressFn& progress, QString* error) {
                         return wrap(CostEstimator(config).estimateReset(store, criteria, error, progress));
                     });
}

void EstimateJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<CostEstimate>());
}

} // namespace ec
