#include "ops/DuplicateJob.h"

namespace ec {

DuplicateJob::DuplicateJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::DuplicateReport>();
}

bool DuplicateJob::start(const AppConfig& config, DuplicateReport::Scope scope)
{
    return startWork(config, [config, scope](ItemStore& store, const ProgressFn& progress, QString* error) {
        const auto report = DuplicateFinder(config).find(store, scope, error, progress);
        return report ? QVariant::fromValue(*report) : QVariant();
    });
}

void DuplicateJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<DuplicateReport>());
}

} // namespace ec
