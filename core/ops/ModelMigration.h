#pragma once
// Zero-downtime model migration (`embedctl migrate`, the console's Migration view).
//
// Changing the model of a table without a search outage, in four steps:
//   1. plan:    what staging every row with the new model costs (rows, tokens after dedupe and
//               cache, standard and Batch price, time, the spend cap), and whether the operator's
//               column can hold the new vectors at all (a pgvector vector(N) of another N is
//               refused before anything is spent: the ALTER TABLE and the fitting --dimensions).
//   2. stage:   every row is embedded with the new model by the ordinary run engine
//               (RunController with RunOptions::target = RunTarget::Staging) into the console's
//               own staging table embedding_migration_items (docs/schema.md). The operator's
//               embedding, embedding_model and embedded-at columns are not touched: search keeps
//               serving the old vectors, and a normal run keeps embedding new rows with the
//               current model. Resumable: a row is staged again when it has no staged vector or
//               was edited (updated_at) after it was staged; a row whose text did not change is
//               only marked fresh (no API call). Or through the Batch API (submitStagingBatches):
//               the same rows submitted as batches of the new model (BatchRunner), no leases taken,
//               their vectors staged by the collection; the swap waits until none is open.
//   3. swap:    stale and new rows are staged first; then ONE transaction writes every staged
//               vector and the new model into the operator's table and keeps the old vector,
//               model and embedded-at of each row in the staging table. Readers of the table are
//               not blocked on PostgreSQL (row locks only); a row edited after it was staged keeps
//               its edit time newer than its vector, so the next run embeds its new text.
//   4. finish:  drops the staged and old vectors; or rollback: one transaction restores every
//               old vector, model and embedded-at exactly (until finish).
// One migration per table at a time (embedding_migrations). Only one process should stage a
// table at a time; staging takes no leases.
//
// The synchronous entry points (namespace migration) block on the database: call them on a
// worker thread (MigrationJob does; embedctl calls them from its command). MigrationJob is the
// asynchronous face for the console: every step off the UI thread, progress and cancel.

#include "config/AppConfig.h"
#include "ops/BatchRunner.h"
#include "ops/CostEstimate.h"
#include "ops/StoreJob.h"
#include "pipeline/RunTypes.h"
#include "util/Feedback.h"
#include "util/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace ec {

class ItemStore;
class RunController;
class EmbeddingClient;

/// Where a migration is.
enum class MigrationState {
    None,       ///< no migration of the table is underway
    Staging,    ///< vectors of the new model are being staged; the table is unchanged
    Swapped,    ///< the table holds the new vectors; the old ones are kept for rollback
    Finished,   ///< done: staged and old vectors dropped (history only)
    RolledBack, ///< rolled back after a swap, then finished (history only)
};
QString migrationStateName(MigrationState state); ///< "none", "staging", "swapped", …

/// What the operator asks for: the new model (and vector length).
struct MigrationTarget
{
    QString toModel;
    int dimensions = 0;     ///< 0: the model's native length
    bool batchApi = false;  ///< stage through the Batch API (migration::submitStagingBatches)
    double maxCostUsd = -1; ///< the staging run's spend cap; −1: RunSettings::maxCostUsd, 0: none

    /// config with the embedding settings of the target (model, dimensions, configured).
    AppConfig configFor(const AppConfig& config) const;
};

/// The priced plan of a migration, before anything is spent.
struct MigrationPlan
{
    QString table;
    QString fromModel;      ///< the model of the table's vectors now (the most embedded rows)
    int fromDimensions = 0; ///< their vector length
    QString toModel;
    int dimensions = 0; ///< the new vectors' length (effective)
    qint64 rows = 0;    ///< rows of the table
    qint64 staged = 0;  ///< rows staged and fresh already (a migration being resumed)
    qint64 toEmbed = 0; ///< rows the staging looks at: not staged, or edited since
    qint64 unchanged = 0;
    qint64 cached = 0;  ///< texts the persistent cache holds a vector of the new model for
    qint64 deduped = 0; ///< repeats of a text earlier in the set
    qint64 skipped = 0; ///< not sendable (empty, too long with the skip policy)
    qint64 tokens = 0;  ///< after dedupe and cache: what the staging sends
    qint64 apiCalls = 0;
    double standardUsd = 0; ///< tokens at the new model's standard price
    double batchUsd = 0;    ///< the same at the Batch API price
    double seconds = 0;     ///< the time estimate under the configured limits
    double capUsd = 0;      ///< the spend cap in force (0: none)
    bool overCap = false;   ///< standardUsd passes the cap: the staging stops there (resumable)
    bool resuming = false;  ///< a migration to this model is underway already
    qint64 migrationId = 0; ///< resuming: the migration's id
    qint64 inBatches = 0;   ///< rows behind its open staging batches: left out of toEmbed
    /// Why the migration is refused before anything is spent: the column cannot hold the new
    /// dimensions (with the ALTER TABLE and the fitting --dimensions), another migration is
    /// underway, or the new model is the table's. Empty when it may go ahead.
    QString refusal;
    CostEstimate estimate; ///< every figure of the staging's estimate

    QJsonObject toJson() const;
};

/// Where the table's migration stands (`migrate --status`).
struct MigrationStatus
{
    bool active = false; ///< a migration is underway (staging or swapped)
    MigrationState state = MigrationState::None;
    qint64 id = 0;
    QString table;
    QString fromModel;
    int fromDimensions = 0;
    QString toModel;
    int dimensions = 0;
    qint64 rows = 0;        ///< rows of the table
    qint64 staged = 0;      ///< rows with a staged vector (fresh or stale)
    qint64 remaining = 0;   ///< rows without a staged vector (new rows included)
    qint64 stale = 0;       ///< staged, then edited (updated_at after the staging)
    qint64 failed = 0;      ///< staged without a vector: their text cannot be embedded
    qint64 tokens = 0;      ///< sent by the migration's staging runs so far
    double costUsd = 0;     ///< their cost (standard price; collected staging batches at the Batch price)
    qint64 openBatches = 0; ///< staging batches submitted and not collected yet (Batch API)
    qint64 inBatches = 0;   ///< the rows behind them
    QDateTime startedAt;
    QDateTime swappedAt;

    QJsonObject toJson() const;
};

struct MigrationHit
{
    QString id;
    QString title;
    double score = 0; ///< cosine similarity
};

struct MigrationCompareRow
{
    QString query;
    QVector<MigrationHit> current; ///< best first, under the table's vectors
    QVector<MigrationHit> staged;  ///< best first, under the staged vectors
    double overlap = 0;            ///< |current ∩ staged| / k
};

/// The side-by-side of `migrate --compare`.
struct MigrationCompare
{
    int k = 0;
    QString currentModel;
    int currentDimensions = 0;
    QString stagedModel;
    int stagedDimensions = 0;
    QVector<MigrationCompareRow> rows;
    double meanOverlap = 0;
    qint64 tokens = 0;  ///< of the queries, embedded with both models
    double costUsd = 0; ///< at the standard prices
    bool simulated = false;

    QJsonObject toJson() const;
};

struct MigrationSwapResult
{
    qint64 rows = 0;     ///< rows of the table given their staged vector
    qint64 emptied = 0;  ///< rows whose text cannot be embedded: their vector cleared (kept for rollback)
    qint64 restaged = 0; ///< rows staged again just before the swap
    qint64 unstaged = 0; ///< rows added after the re-staging: they keep their old vector until the next run
    double seconds = 0;  ///< the whole swap, re-staging included
    double lockSeconds = 0; ///< the swap transaction: how long the table's rows stayed locked
    double restageUsd = 0;  ///< what the re-staging cost

    QJsonObject toJson() const;
};

struct MigrationRollbackResult
{
    qint64 rows = 0; ///< rows given their old vector and model back
    double seconds = 0;
    double lockSeconds = 0;

    QJsonObject toJson() const;
};

struct MigrationFinishResult
{
    qint64 rows = 0; ///< staging rows dropped
    MigrationState state = MigrationState::Finished;

    QJsonObject toJson() const;
};

namespace migration {

/// Prices the migration of config's table to target (CostEstimator over the rows the staging
/// would take) and checks the column. Read-only (a store opened without migrating will do).
/// config.embedding: the table's current model (ModelGuard's choice).
Result<MigrationPlan> plan(const ItemStore& store, const AppConfig& config, const MigrationTarget& target,
                           Feedback* feedback = nullptr);
/// Records a migration of the table to plan's target (state staging), or, when one to the same
/// target is underway, returns it. Refuses a plan with a refusal, and another target while one
/// is underway.
Result<MigrationStatus> begin(ItemStore& store, const MigrationPlan& plan);
/// The same without pricing: the plan's checks only (the table's model, the column, another
/// migration). config.embedding: the table's current model.
Result<MigrationStatus> begin(ItemStore& store, const AppConfig& config, const MigrationTarget& target);
/// Where the table's migration stands (state None when there is none).
Result<MigrationStatus> status(const ItemStore& store);
/// Stages through the Batch API: begins (or resumes) the migration to target, then submits the
/// rows the staging would take, less those behind its open staging batches, as batches of the
/// target's model (BatchRunner, BatchSubmitOptions::stagingMigration; options.stagingMigration
/// and maxCostUsd are set here: target.maxCostUsd, or config.run.maxCostUsd, at the Batch price).
/// Nothing is leased and the operator's table is not touched; collection (BatchRunner::collect)
/// stages the vectors. A submission that failed part way is a result with error set.
/// config.embedding: the table's current model. Blocks: call it from the CLI or a worker thread.
Result<BatchSubmitResult> submitStagingBatches(const AppConfig& config, const MigrationTarget& target,
                                               BatchSubmitOptions options = {},
                                               const std::function<void(const QString&)>& log = {});
/// Why the migration (id) cannot be swapped now: it has open staging batches (the swap would
/// leave their vectors out); empty when it has none.
QString openBatchesRefusal(const ItemStore& store, qint64 migrationId);
/// Adds a staging run's spend to the migration's books.
Result<void> recordSpend(ItemStore& store, qint64 tokens, double costUsd);
/// The swap transaction (the caller re-stages first: a staging run). Refuses when the column
/// cannot hold the staged vectors, the migration is not staging, or it has open staging batches.
Result<MigrationSwapResult> swap(ItemStore& store, Feedback* feedback = nullptr);
/// Restores every old vector, model and embedded-at in one transaction (state swapped only).
Result<MigrationRollbackResult> rollback(ItemStore& store, Feedback* feedback = nullptr);
/// Drops the staged and old vectors; the migration is finished (or rolled back).
Result<MigrationFinishResult> finish(ItemStore& store);
/// The k nearest items to each query vector under the table's vectors (of currentModel) and
/// under the staged ones, and their overlap. queries[i] is ranked with currentVectors[i] and
/// stagedVectors[i].
Result<MigrationCompare> compareVectors(const ItemStore& store, const QString& currentModel,
                                        const QStringList& queries,
                                        const QVector<QVector<float>>& currentVectors,
                                        const QVector<QVector<float>>& stagedVectors, int k,
                                        Feedback* feedback = nullptr);
/// The default sample queries of --compare: up to count item titles, spread over the table.
Result<QStringList> sampleQueries(const ItemStore& store, int count);

} // namespace migration

/// The asynchronous face of a migration, for the console (and embedctl's compare). Each step
/// starts only when the job is idle (false otherwise) and ends with exactly one of its own
/// signal, failed(error) or cancelled(). Database work runs on the job's StoreWorker thread;
/// staging runs the ordinary run engine (RunController) on its own threads; requests (compare)
/// go through an EmbeddingClient on the caller's thread. cancel() stops whatever is running
/// (a staging run is stopped: what is in flight is written, the rest stays for a later stage).
///
///     auto* job = new MigrationJob(this);
///     connect(job, &MigrationJob::planned, …);         // const MigrationPlan&
///     connect(job, &MigrationJob::stagingProgress, …); // const RunProgress&
///     job->plan(config, {"text-embedding-3-large", 1536});
///     … job->stage(config, target); … job->compare(config, {}, 10); … job->swap(config);
///
/// config is the table's settings as the console uses them (its model: ModelGuard's choice).
class MigrationJob : public StoreJob
{
    Q_OBJECT
public:
    explicit MigrationJob(QObject* parent = nullptr);
    ~MigrationJob() override;

    /// Whether a step is underway.
    bool isBusy() const;

    /// Prices the migration to target. → planned().
    bool plan(const AppConfig& config, const MigrationTarget& target);
    /// Reads where the migration stands. → statusRead().
    bool readStatus(const AppConfig& config);
    /// Begins (or resumes) the migration to target and stages every pending row.
    /// → stagingProgress() while it goes, then staged() (also for a run that ended with failed
    /// items, or stopped by cancel(): see RunSummary), or failed() when the run itself failed.
    bool stage(const AppConfig& config, const MigrationTarget& target);
    /// Embeds each query with the current and the staged model and ranks both. Empty queries:
    /// a sample of item titles. → compared().
    bool compare(const AppConfig& config, const QStringList& queries, int k);
    /// Re-stages what went stale, then swaps in one transaction. → stagingProgress(), swapped().
    bool swap(const AppConfig& config);
    /// Restores the old vectors. → rolledBack().
    bool rollback(const AppConfig& config);
    /// Drops the staged and old vectors. → finishedMigration().
    bool finish(const AppConfig& config);

public Q_SLOTS:
    /// Stops the step underway (a staging run stops after what is in flight).
    void cancel();

Q_SIGNALS:
    void planned(const ec::MigrationPlan& plan);
    void statusRead(const ec::MigrationStatus& status);
    void stagingProgress(const ec::RunProgress& progress);
    void staged(const ec::RunSummary& summary);
    void compared(const ec::MigrationCompare& comparison);
    void swapped(const ec::MigrationSwapResult& result);
    void rolledBack(const ec::MigrationRollbackResult& result);
    void finishedMigration(const ec::MigrationFinishResult& result);
    /// A line worth showing (the staging run's log).
    void logMessage(const QString& message);

protected:
    void deliver(const QVariant& result) override;

private:
    void startStaging();
    void embedQueries();
    void rankComparison();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::MigrationPlan)
Q_DECLARE_METATYPE(ec::MigrationStatus)
Q_DECLARE_METATYPE(ec::MigrationCompare)
Q_DECLARE_METATYPE(ec::MigrationSwapResult)
Q_DECLARE_METATYPE(ec::MigrationRollbackResult)
Q_DECLARE_METATYPE(ec::MigrationFinishResult)
