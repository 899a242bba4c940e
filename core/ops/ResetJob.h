#pragma once
// A reset off the caller's thread (see StoreJob): plans and prices it (planReset), then applies
// it (applyReset) when the operator confirms. The console's Reset dialog drives it; embedctl
// reset calls the same two functions directly.
//
//     auto* job = new ResetJob(this);
//     connect(job, &ResetJob::planned, …);   // const ResetPlan&
//     connect(job, &ResetJob::applied, …);   // qint64 rows cleared
//     job->plan(config, criteria);           // later: job->apply(config, criteria, currentUser())

#include "ops/ResetPlan.h"
#include "ops/StoreJob.h"

namespace ec {

class ResetJob : public StoreJob
{
    Q_OBJECT
public:
    explicit ResetJob(QObject* parent = nullptr);

    /// Plans and prices a reset with criteria. → planned(), failed() or cancelled(). False when busy.
    bool plan(const AppConfig& config, const ResetCriteria& criteria);
    /// Clears the rows in one transaction, recorded as done by byUser. → applied() or failed().
    bool apply(const AppConfig& config, const ResetCriteria& criteria, const QString& byUser);

Q_SIGNALS:
    void planned(const ec::ResetPlan& plan);
    void applied(qint64 rows);

protected:
    void deliver(const QVariant& result) override;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::ResetPlan)
