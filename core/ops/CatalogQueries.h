#pragma once
// The catalog reads the console makes, as jobs for StoreWorker: each runs on the store
// thread against the session's catalog and returns its value or a one-line error.

#include "ops/StoreWorker.h"

#include "store/StoreTypes.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ec {

/// A failed item with its full text, for the failure detail dialog.
struct FailedItemDetail
{
    FailureEntry failure;
    std::optional<CatalogItem> item; ///< nullopt when the row is gone
};

namespace queries {

/// ItemStore::status for the configured model and dimensions.
Result<StatusCounts> status(StoreSession& session);
/// FailureLog::list: every failed and parked item, most recent first.
Result<QVector<FailureEntry>> failures(StoreSession& session);
/// RunLog::list: the latest runs, newest first, as recorded (read only: runs left
/// running by a dead process are marked interrupted by the next run, not by the console).
Result<QVector<RunRecord>> runs(StoreSession& session, int limit);
/// The failure and the item's row.
Result<FailedItemDetail> failedItem(StoreSession& session, const FailureEntry& failure);

} // namespace queries
} // namespace ec
