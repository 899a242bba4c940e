#include "StoreQueries.h"

#include "store/FailureLog.h"
#include "store/ItemStore.h"
#include "store/RunLog.h"

namespace ec::ui::queries {

namespace {
template <typename T> Fetched<T> failedWith(const QString& error)
{
    Fetched<T> result;
    result.error = error.isEmpty() ? QStringLiteral("unknown database error") : error;
    return result;
}
} // namespace

Fetched<StatusCounts> status(StoreSession& session)
{
    QString error;
    ItemStore* store = session.store(&error);
    if (!store)
        return failedWith<StatusCounts>(error);
    const auto counts = store->status(session.config().embedding, &error);
    if (!counts)
        return failedWith<StatusCounts>(error);
    return {*counts, {}};
}

Fetched<QVector<FailureEntry>> failures(StoreSession& session)
{
    QString error;
    ItemStore* store = session.store(&error);
    if (!store)
        return failedWith<QVector<FailureEntry>>(error);
    FailureLog log(store->database(), store->table(), store->schema());
    QVector<FailureEntry> entries = log.list(0, false, &error);
    if (!error.isEmpty())
        return failedWith<QVector<FailureEntry>>(error);
    return {entries, {}};
}

Fetched<QVector<RunRecord>> runs(StoreSession& session, int limit)
{
    QString error;
    ItemStore* store = session.store(&error);
    if (!store)
        return failedWith<QVector<RunRecord>>(error);
    RunLog log(store->database(), store->isPostgres());
    QVector<RunRecord> records = log.list(limit, &error);
    if (!error.isEmpty())
        return failedWith<QVector<RunRecord>>(error);
    return {records, {}};
}

Fetched<FailedItemDetail> failedItem(StoreSession& session, const FailureEntry& failure)
{
    QString error;
    ItemStore* store = session.store(&error);
    if (!store)
        return failedWith<FailedItemDetail>(error);
    FailedItemDetail detail;
    detail.failure = failure;
    detail.item = store->item(failure.itemId, session.config().embedding, &error);
    if (!detail.item && !error.isEmpty())
        return failedWith<FailedItemDetail>(error);
    return {detail, {}};
}

} // namespace ec::ui::queries
