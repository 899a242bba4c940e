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
        const Result<DuplicateReport> report = DuplicateFinder(config).find(store, scope, &feedback);
        if (!report)
            return fail(report.error());
        return QVariant::fromValue(*report);
    });
}

void DuplicateJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<DuplicateReport>());
}

} // namespace ec
