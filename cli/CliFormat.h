#pragma once
// Formatting shared by the commands' human and JSON output.

#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"

#include <QJsonObject>
#include <QString>

namespace ec {

/// "1:02:03", "4:05" or "?" for a negative (unknown) duration.
QString formatDuration(double seconds);

/// Every counter of a run, with the keys documented in docs/cli.md.
QJsonObject progressToJson(const RunProgress& progress);

/// The original design's status keys (total_items, embedded_items, pending_items, progress_percent,
/// last_update) plus the pending split and failure counts.
QJsonObject statusToJson(const StatusCounts& status);

/// A run's books (docs/cli.md, `run`): found, done, failed, taken_by_others, left_for_later,
/// unaccounted.
QJsonObject booksToJson(const RunBooks& books);

} // namespace ec
