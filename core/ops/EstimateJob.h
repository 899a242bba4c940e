#pragma once
// A CostEstimator run on a thread of its own (see StoreJob): the console starts it and
// stays responsive while a large catalog is priced.
//
//   auto* job = new EstimateJob(this);
//   connect(job, &EstimateJob::progress, …);            // done, total
//   connect(job, &EstimateJob::finished, …);            // const CostEstimate&
//   connect(job, &EstimateJob::failed, …);              // const QString&
//   job->start(config);                                 // job->cancel() to give up

#include "ops/CostEstimate.h"
#include "ops/StoreJob.h"
#include "store/StoreTypes.h"

namespace ec {

class EstimateJob : public StoreJob
{
    Q_OBJECT
public:
    explicit EstimateJob(QObject* parent = nullptr);

    /// Prices the pending items (CostEstimator::estimatePending). False when already running.
    bool start(const AppConfig& config);

Q_SIGNALS:
    void finished(const ec::CostEstimate& estimate);

protected:
    void deliver(const QVariant& result) override;
};

} // namespace ec
