#include "ops/StatusJob.h"

#include "store/ItemStore.h"

namespace ec {

StatusJob::StatusJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::StatusCounts>();
}

bool StatusJob::start(const AppConfig& config)
{
    return startWork(config,
                     [embedding = config.embedding](ItemStore& store, const ProgressFn&, QString* error) {
                         const auto status = store.status(embedding, error);
                         return status ? QVariant::fromValue(*status) : QVariant();
                     });
}

void StatusJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<StatusCounts>());
}

} // namespace ec
