#pragma once
// What a run reports while it goes and when it ends.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ec {

/// The life of a run as the operator sees it.
enum class RunState {
    Idle,
    Starting,
    Running,
    Stopping,
    Aborting,
    Completed,             ///< every item embedded, unchanged or skipped; none failed
    CompletedWithFailures, ///< went through to the end, but some items failed (exit code 2)
    Failed,                ///< the run itself failed: database, quota, endpoint (exit code 1)
    Stopped,               ///< stopped by the operator: the requests in flight written (exit code 4)
    Aborted,               ///< aborted by the operator: the requests in flight dropped (exit code 5)
    Interrupted            ///< killed or crashed; known from the run record only
};
QString runStateName(RunState state); ///< "idle", "running", "completed_with_failures", …
bool isFinalState(RunState state);
/// How a recorded run ended, as the operator sees it: a completed run with failed items is
/// CompletedWithFailures; a run still marked running is Running.
RunState stateOfRecord(const RunRecord& run);

/// Where a run writes its vectors.
enum class RunTarget {
    Table,  ///< the operator's table (every run but a migration's)
    Staging ///< a model migration's staging table (ops/ModelMigration.h): the operator's table is only read
};

/// Options of one run, beside the AppConfig.
struct RunOptions
{
    int limit = 0;              ///< at most this many items (0: all pending)
    QStringList onlyIds;        ///< only these items (retry of selected items)
    bool ignoreBackoff = false; ///< take failed items at once (retry)
    bool exclusive = false;     ///< refuse to run beside another exclusive run
    bool incremental = false;   ///< only missing and outdated items, not other-model ones
    bool forgetLimits = false;  ///< learn the endpoint's request limits again (EndpointLimits)
    double maxCostUsd = -1;     ///< this run's spend cap in USD; −1: RunSettings::maxCostUsd, 0: none
    /// Staging: the items are the rows not staged yet or edited since (not the pending ones),
    /// and the vectors go to embedding_migration_items; no leases, no write lanes.
    RunTarget target = RunTarget::Table;
};

/// A snapshot of a run's figures, emitted a few times a second.
struct RunProgress
{
    RunState state = RunState::Idle;
    qint64 runId = 0;
    qint64 total = 0;     ///< pending items when the run started (bounded by --limit)
    qint64 processed = 0; ///< succeeded + unchanged + failed + skipped
    qint64 succeeded = 0;
    qint64 failed = 0;
    qint64 skipped = 0;
    qint64 unchanged = 0;
    qint64 deduped = 0;
    qint64 cached = 0;
    qint64 truncated = 0;
    qint64 apiRequests = 0;
    qint64 apiInputs = 0;
    qint64 tokens = 0;
    double costUsd = 0;
    qint64 retries = 0;
    qint64 rateLimited = 0; ///< 429 responses
    qint64 apiErrors = 0;   ///< failed requests of any kind (before retries)
    /// Database steps redone after a transient error (deadlock, lock timeout, lost connection).
    qint64 databaseRetries = 0;
    /// A database connection was lost and is being opened again right now.
    bool databaseReconnecting = false;
    int inFlight = 0;
    double itemsPerSecond = 0; ///< over the last few seconds
    double etaSeconds = -1;    ///< -1: unknown
    double elapsedSeconds = 0;
    double latencyP50Ms = 0; ///< API latency over the last few seconds
    double latencyP95Ms = 0;
    double requestsPerMinuteLimit = 0; ///< in force (configured or from x-ratelimit headers)
    double tokensPerMinuteLimit = 0;
    /// Where each limit in force comes from: "server" (its x-ratelimit-limit-* header), "cap"
    /// (--rpm/--tpm, tighter than the server's) or "adaptive" (none: slow start and back-off).
    QString requestsLimitSource;
    QString tokensLimitSource;

    double percent() const { return total > 0 ? 100.0 * double(processed) / double(total) : 100.0; }
};

/// One item that failed in the run, for the summary's error list.
struct ItemError
{
    QString itemId;
    int httpStatus = 0;
    QString message;
    QString code; ///< the API's error code or type, or ours (empty_text, too_long, unreadable_row)
};

/// The run's books, kept at its end from the database, not from its counters: every item it
/// found pending is done (embedded or marked current), failed, skipped, taken by another worker,
/// or left for later (still pending: not reached for --limit or a stop, in back-off, …).
struct RunBooks
{
    bool known = false;       ///< false when the run did not open or could not count at its end
    qint64 found = 0;         ///< pending and free for this run when it opened (before --limit)
    qint64 done = 0;          ///< succeeded + unchanged
    qint64 failed = 0;        ///< failed + skipped
    qint64 takenByOthers = 0; ///< claimed by another worker first
    qint64 leftForLater = 0;  ///< still pending and free when the run ended (counted then)

    /// found minus everything accounted for: > 0 items the run cannot account for (deleted, or
    /// written by another program meanwhile), < 0 items that became pending during the run.
    qint64 unaccounted() const { return found - (done + failed + takenByOthers + leftForLater); }
};

/// How a run ended.
struct RunSummary
{
    RunProgress progress;
    QString error;             ///< why the run failed, when it did
    QVector<ItemError> errors; ///< item failures (at most the first 1,000)
    bool simulated = false;    ///< the endpoint was the built-in simulator
    RunBooks books;            ///< kept at the end of the run, from the database

    /// 0 all done, 2 some items failed (or items the books cannot account for), 1 the run
    /// failed, 3 refused by --exclusive, 4 stopped by the operator (first Ctrl-C or SIGTERM),
    /// 5 aborted by the operator (second signal).
    int exitCode() const;
    bool lockRefused = false;
};

/// The run's settings as its record keeps them (embedding_runs.config): JSON, no secrets.
QString runConfigJson(const AppConfig& config, const RunOptions& options, int dimensions);

/// Registers the types the run's threads pass each other in queued signals.
void registerRunMetaTypes();

} // namespace ec

Q_DECLARE_METATYPE(ec::RunProgress)
Q_DECLARE_METATYPE(ec::RunSummary)
Q_DECLARE_METATYPE(ec::RunState)
