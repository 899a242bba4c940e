#pragma once
// ItemStore::status() on a thread of its own (see StoreJob): the catalog's counts for the
// metrics of a run and for the console, without blocking the caller.

#include "ops/StoreJob.h"
#include "store/StoreTypes.h"

namespace ec {

class StatusJob : public StoreJob
{
    Q_OBJECT
public:
    explicit StatusJob(QObject* parent = nullptr);

    /// Counts the catalog of config. False when already running.
    bool start(const AppConfig& config);

Q_SIGNALS:
    void finished(const ec::StatusCounts& status);

protected:
    void deliver(const QVariant& result) override;
};

} // namespace ec
