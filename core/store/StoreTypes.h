#pragma once
// Plain data exchanged between the item store and the rest of the engine.
// The store's own tables are described in docs/schema.md.

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ec {

/// How the operator's embedding column stores a vector.
enum class VectorColumnKind {
    PgVector,    ///< pgvector `vector(N)`
    PgRealArray, ///< PostgreSQL `real[]` / `float4[]`
    SqliteBlob,  ///< SQLite BLOB of little-endian float32
};

/// The SQL type of the operator's id column.
enum class IdKind { Text, Uuid, BigInt };

/// How the tags column stores its list.
enum class TagsKind {
    TextArray, ///< PostgreSQL text[] / varchar[]
    Json,      ///< PostgreSQL json/jsonb array, or SQLite TEXT holding a JSON array
    PlainText, ///< one string, used as it is
    Absent,    ///< no tags column configured
};

/// What the store detected about the operator's table.
struct CatalogSchema
{
    bool postgres = false;
    VectorColumnKind vectorKind = VectorColumnKind::SqliteBlob;
    int declaredDimensions = 0; ///< N of vector(N); 0 when the column does not fix it
    IdKind idKind = IdKind::Text;
    TagsKind tagsKind = TagsKind::Json;
    QString serverVersion; ///< e.g. "PostgreSQL 15.4" or "SQLite 3.40.1"
    bool pglite = false;   ///< the server is PGlite: one session, no COPY FROM STDIN
    QString embeddingType; ///< the embedding column's declared type, e.g. "vector(1536)", "real[]", "BLOB"
    /// The database stores text bytes unchecked (a PostgreSQL database of encoding SQL_ASCII):
    /// text columns are read as bytes and decoded in C++, so one undecodable row cannot fail a
    /// query. SQLite's text columns are always read so.
    bool uncheckedText = false;
};

/// Why an item needs an embedding.
enum class PendingReason {
    Missing,    ///< the embedding is NULL
    Outdated,   ///< embedded before the row's updated_at (or embedded-at is NULL)
    OtherModel, ///< made by another model or with another dimension count
};

/// A row of the operator's table that needs an embedding, with what the engine
/// remembers about it.
struct CatalogItem
{
    QString id; ///< the id as text (bigint and uuid ids are converted back when bound)
    QString title;
    QString summary;
    QStringList tags;
    QDateTime updatedAt;
    PendingReason reason = PendingReason::Missing;
    /// The content hash the current vector was made from (embedding_item_state), when the
    /// item has a vector of the configured model and dimensions; empty otherwise.
    QByteArray embeddedHash;
    int failedAttempts = 0; ///< attempts recorded in embedding_failures
    /// False only for an up-to-date item listed by ItemStore::itemsPage() or item().
    bool pending = true;
    /// Why the row cannot be embedded as it is stored (a text column that is not valid UTF-8,
    /// an id the console cannot address); empty for a readable row. Such an item is recorded
    /// as failed with this reason, never sent and never silently skipped.
    QString unreadable;
};

/// Counts for `status`: the original design's figures plus the pending split by reason.
/// The table's Batch API batches (embedding_batches), for the metrics.
struct BatchTotals
{
    qint64 open = 0;             ///< not yet collected nor abandoned
    qint64 collected = 0;        ///< collected
    qint64 collectedTokens = 0;  ///< tokens billed for the collected ones
    double collectedCostUsd = 0; ///< at the Batch API price
};

struct StatusCounts
{
    qint64 totalItems = 0;
    qint64 embeddedItems = 0;   ///< rows with a non-NULL embedding (seed semantics)
    double progressPercent = 0; ///< round(embedded * 100 / total, 2), 0 for an empty table
    QDateTime lastUpdate;       ///< max(embedding_updated_at)
    qint64 pendingMissing = 0;
    qint64 pendingOutdated = 0;
    qint64 pendingOtherModel = 0;
    qint64 failedItems = 0; ///< items with a failure record, parked included
    qint64 parkedItems = 0;
    /// The Batch API batches, when the status was read with them (ops: StatusJob, embedctl
    /// status); none when the database has no batch table.
    std::optional<BatchTotals> batches;

    /// the original design's pending_items: rows without an embedding
    qint64 seedPendingItems() const { return totalItems - embeddedItems; }
    qint64 pendingTotal() const { return pendingMissing + pendingOutdated + pendingOtherModel; }
};

/// A vector to write for one item, with what it was made from.
struct VectorWrite
{
    QString itemId;
    QVector<float> vector;
    QByteArray contentHash; ///< hex SHA-256 of text + model + dimensions
    int tokens = 0;
    bool truncated = false;
};

/// A failure of one item to record.
struct FailureRecord
{
    QString itemId;
    qint64 runId = 0;
    int httpStatus = 0;     ///< 0 when no HTTP response (timeout, reset, validation)
    QString errorCode;      ///< the API's error code/type, or our own (e.g. "empty_text")
    QString message;        ///< the API's message, secrets scrubbed
    bool permanent = false; ///< 400/401/403/404/422 or a skip: counts towards parking
    bool skipped = false;   ///< not sendable (empty text, over the token limit with --skip): parked at once
};

/// A failed or parked item as listed to the operator.
struct FailureEntry
{
    QString itemId;
    QString title;
    qint64 runId = 0;
    int attempts = 0;
    int httpStatus = 0;
    QString errorCode;
    QString message;
    bool parked = false;
    bool skipped = false;
    QDateTime firstSeen;
    QDateTime lastSeen;
    QDateTime nextRetryAt;
};

enum class RunStatus { Running, Completed, Failed, Stopped, Aborted, Interrupted };
QString runStatusName(RunStatus status); ///< "running", "completed", …
RunStatus runStatusFromName(const QString& name);

/// One row of embedding_runs.
struct RunRecord
{
    qint64 id = 0;
    QDateTime startedAt;
    QDateTime finishedAt;
    QDateTime heartbeatAt; ///< last sign of life of the worker (RunLog::update)
    RunStatus status = RunStatus::Running;
    QString worker; ///< host:pid
    qint64 total = 0;
    qint64 processed = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
    qint64 skipped = 0;
    qint64 deduped = 0;   ///< items served by another item's identical text in the same run
    qint64 unchanged = 0; ///< items whose text hash matched their vector: no API call
    qint64 cached = 0;    ///< items served from the persistent cache
    qint64 apiInputs = 0;
    qint64 apiRequests = 0;
    qint64 tokens = 0;
    double costUsd = 0;
    qint64 databaseRetries = 0; ///< database steps redone after transient errors
    QString configJson;         ///< the run's configuration, secrets removed
    QString error;              ///< why a failed run failed
};

/// Which rows a reset clears (any combination; at least one must be set).
struct ResetCriteria
{
    QString modelNot; ///< rows embedded by a model other than this one
    QDateTime before; ///< rows embedded before this instant
    QStringList ids;  ///< these rows
    bool isEmpty() const { return modelNot.isEmpty() && !before.isValid() && ids.isEmpty(); }
};

} // namespace ec
