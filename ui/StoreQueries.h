#pragma once
// The store calls the console makes, as jobs for StoreThread: each runs on the store
// thread against the session's catalog and returns its value or a one-line error.

#include "StoreThread.h"

#include "store/StoreTypes.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ec::ui {

/// A value read on the store thread, or why it could not be.
template <typename T> struct Fetched
{
    T value{};
    QString error;
    bool ok() const { return error.isEmpty(); }
};

/// A failed item with its full text, for the failure detail dialog.
struct FailedItemDetail
{
    FailureEntry failure;
    std::optional<CatalogItem> item; ///< nullopt when the row is gone
};

namespace queries {

/// ItemStore::status for the configured model and dimensions.
Fetched<StatusCounts> status(StoreSession& session);
/// FailureLog::list: every failed and parked item, most recent first.
Fetched<QVector<FailureEntry>> failures(StoreSession& session);
/// RunLog::list: the latest runs, newest first, as recorded (read only: runs left
/// running by a dead process are marked interrupted by the next run, not by the console).
Fetched<QVector<RunRecord>> runs(StoreSession& session, int limit);
/// The failure and the item's row.
Fetched<FailedItemDetail> failedItem(StoreSession& session, const FailureEntry& failure);

} // namespace queries
} // namespace ec::ui
