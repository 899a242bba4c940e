#include "ops/CatalogQueries.h"

#include "store/FailureLog.h"
#include "store/ItemStore.h"
#include "store/RunLog.h"

namespace ec::queries {

Result<StatusCounts> status(StoreSession& session)
{
    const Result<ItemStore*> store = session.store();
    if (!store)
        return fail(store.error());
    return (*store)->status(session.config().embedding);
}

Result<QVector<FailureEntry>> failures(StoreSession& session)
{
    const Result<ItemStore*> store = session.store();
    if (!store)
        return fail(store.error());
    QString error;
    FailureLog log((*store)->database(), (*store)->table(), (*store)->schema());
    QVector<FailureEntry> entries = log.list(0, false, &error);
    if (!error.isEmpty())
        return fail(error);
    return entries;
}

Result<QVector<RunRecord>> runs(StoreSession& session, int limit)
{
    const Result<ItemStore*> store = session.store();
    if (!store)
        return fail(store.error());
    QString error;
    RunLog log((*store)->database(), (*store)->isPostgres());
    QVector<RunRecord> records = log.list(limit, &error);
    if (!error.isEmpty())
        return fail(error);
    return records;
}

Result<FailedItemDetail> failedItem(StoreSession& session, const FailureEntry& failure)
{
    const Result<ItemStore*> store = session.store();
    if (!store)
        return fail(store.error());
    QString error;
    FailedItemDetail detail;
    detail.failure = failure;
    detail.item = (*store)->item(failure.itemId, session.config().embedding, &error);
    if (!detail.item && !error.isEmpty())
        return fail(error);
    return detail;
}

} // namespace ec::queries
