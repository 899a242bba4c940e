#include "ops/StatusJob.h"

#include "ops/BatchesJob.h"
#include "store/ItemStore.h"

namespace ec {

StatusJob::StatusJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::StatusCounts>();
}

bool StatusJob::start(const AppConfig& config)
{
    return startWork(config, [embedding = config.embedding](ItemStore& store, Feedback&) -> Result<QVariant> {
        Result<StatusCounts> status = store.status(embedding);
        if (!status)
            return fail(status.error());
        status->batches = readBatchTotals(store);
        return QVariant::fromValue(*status);
    });
}

void StatusJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<StatusCounts>());
}

} // namespace ec
