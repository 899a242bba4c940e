#include "ops/DuplicateJob.h"

namespace ec {

DuplicateJob::DuplicateJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::DuplicateReport>();
}

bool DuplicateJob::start(const AppConfig& config, DuplicateReport::Scope scope)
{
    return startWork(config, [config, scope](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
        return resultVariant(DuplicateFinder(config).find(store, scope, &feedback));
    });
}

void DuplicateJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<DuplicateReport>());
}

} // namespace ec
