#pragma once
// A DuplicateFinder run on a thread of its own (see StoreJob), for the console.

#include "ops/DuplicateReport.h"
#include "ops/StoreJob.h"

namespace ec {

class DuplicateJob : public StoreJob
{
    Q_OBJECT
public:
    explicit DuplicateJob(QObject* parent = nullptr);

    /// Starts the report. False when already running.
    bool start(const AppConfig& config, DuplicateReport::Scope scope = DuplicateReport::Scope::Pending);

Q_SIGNALS:
    void finished(const ec::DuplicateReport& report);

protected:
    void deliver(const QVariant& result) override;
};

} // namespace ec
