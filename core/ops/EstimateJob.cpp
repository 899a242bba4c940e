#include "ops/EstimateJob.h"

#include "ops/CostEstimator.h"

namespace ec {

EstimateJob::EstimateJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::CostEstimate>();
}

bool EstimateJob::start(const AppConfig& config)
{
    return startWork(config, [config](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
        return resultVariant(CostEstimator(config).estimatePending(store, &feedback));
    });
}

void EstimateJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<CostEstimate>());
}

} // namespace ec
