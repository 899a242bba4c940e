#pragma once
// Batch API mode (docs/batch-api.md): submit the pending items as OpenAI batches, and collect
// the batches that ended. Blocking calls: run them from the CLI or a StoreJob, never the UI
// thread.
//
// Submitting claims pages of pending items as a run does (ItemStore::pendingPage, leases that
// re-check pendingness, ItemClassifier's text, tokens, skip, unchanged and truncation rules,
// dedupe of equal texts, the persistent cache) and packs the inputs into request lines as a run
// packs requests (BatchPlanner, the batch size and token limit). Per batch: at most 50,000
// request lines, 50,000 inputs and 200 MB. Every step is recorded before the one it guards:
//   1. the row (state preparing) and its items' leases (owner batch:ROW, 48 h), the items
//      behind every custom_id with their content hashes;
//   2. the upload, then its file id (state uploaded);
//   3. the batch (metadata ec_batch_row), then its id (state submitted).
// Items that need no call (unchanged, cached, duplicates of an earlier text, skipped) are
// committed at once, as a run commits them.
//
// Collecting polls every open row. A row a dead process left in `preparing` is abandoned (its
// items return to pending: no batch can exist, the batch is created only after the upload is
// recorded); one left in `uploaded` is looked up among the API's batches by its input file
// and recorded, or created now. An ended batch is collected: vectors validated as the
// synchronous client validates them (ResponseDecoder) and written in bulk (BatchCommitter),
// only for items whose current text still hashes to what was sent (an edited item stays
// pending); non-200 answers recorded as failures with the API's message; requests that never
// ran (expired, cancelled, a failed validation) returned to pending; the leases given back.
// Collecting the same batch again writes nothing twice.
//
// A model migration's staging batches (BatchSubmitOptions::stagingMigration) go the same way,
// but take the rows the staging would take, lease nothing, and are collected into the staging
// table (store/MigrationStore) of their migration, if it is still staging.

#include "config/AppConfig.h"
#include "store/BatchStore.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace ec {

struct BatchSubmitOptions
{
    qint64 limit = 0;                   ///< items at most; 0: every pending item
    int maxRequestsPerBatch = 50000;    ///< request lines per batch (the API's limit)
    int maxInputsPerBatch = 50000;      ///< embedding inputs per batch (the API's limit)
    qint64 maxBytesPerFile = 190000000; ///< under the API's 200 MB
    /// Tokens per batch (0: no cap of ours); and the model's enqueued-token limit across open
    /// batches (0: none known): what would pass it is left pending for a later submission.
    qint64 maxTokensPerBatch = 0;
    qint64 enqueuedTokenLimit = 0;
    int leaseSeconds = 48 * 3600;
    /// The spend cap in USD at the Batch API price (0: none): nothing is submitted that would
    /// take this submission's exact tokens past it; the rest stays pending and the run ends
    /// stopped, "spend cap reached".
    double maxCostUsd = 0;
    /// A model migration's staging (ops/ModelMigration.h): the id of the active migration
    /// (staging) whose staging table the batches fill; 0: the operator's table. The runner's
    /// config must then carry the migration's model and dimensions (MigrationTarget::configFor).
    /// The rows are those the staging would take (PendingQuery::staging) less those behind an
    /// open staging batch of the migration; no item is leased, so runs keep embedding the
    /// operator's table meanwhile. Collection writes the vectors into the staging table
    /// (content hash checked) and adds the batches' cost to the migration's books.
    qint64 stagingMigration = 0;
};

struct BatchSubmitResult
{
    qint64 runId = 0;
    QStringList batchIds;
    qint64 items = 0;          ///< items behind the submitted inputs
    qint64 inputs = 0;         ///< distinct texts submitted
    qint64 requests = 0;       ///< request lines
    qint64 tokens = 0;         ///< their exact tokens
    double costUsd = 0;        ///< tokens at the Batch API price
    qint64 unchanged = 0;      ///< marked current, no call
    qint64 cached = 0;         ///< written from the cache
    qint64 deduped = 0;        ///< written from an equal text earlier in this submission
    qint64 skipped = 0;        ///< skipped or unreadable, recorded as failures
    bool limitReached = false; ///< stopped by --limit, the enqueued-token limit or the spend cap
    bool spendCapReached = false;
    QString error;
};

struct BatchCollectResult
{
    int open = 0;      ///< rows still open after polling
    int collected = 0; ///< rows collected now
    qint64 written = 0, returned = 0, failed = 0, tokens = 0;
    double costUsd = 0;
    QStringList errors; ///< one line per row that could not be polled or collected
    /// The rows collected now, as recorded (status, counts, written, failures, cost): one
    /// webhook alert and one console notification each (RunAlerts::batchText).
    QVector<BatchRecord> collectedBatches;

    /// Adds a later collection's figures and collected rows to these (open and errors are the
    /// caller's to merge).
    void add(const BatchCollectResult& later);
};

class BatchRunner
{
public:
    using Log = std::function<void(const QString&)>;
    explicit BatchRunner(const AppConfig& config, Log log = {});
    ~BatchRunner();

    /// Opens (and migrates) the store. False with error set.
    bool open(QString* error);

    BatchSubmitResult submit(const BatchSubmitOptions& options);
    BatchCollectResult collect();
    /// Collects, every pollMs, until none of batchIds is open any more or timeoutMs have passed
    /// (an error line then): for an endpoint that ends with this process (the SIMULATED stand-in
    /// of `--simulate`), whose batches nobody could collect later. The result adds up every
    /// collection's; open is what the last one left open.
    BatchCollectResult collectWhenEnded(const QStringList& batchIds, int timeoutMs, int pollMs = 250);
    /// Cancels the batch (row number or API id): the API's answer is recorded.
    std::optional<BatchRecord> cancel(const QString& rowOrBatchId, QString* error);
    std::optional<QVector<BatchRecord>> list(QString* error);

private:
    friend class BatchSubmission; // submit()'s steps (ops/BatchSubmission.h)
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ec
