#include "ops/ModelMigration.h"

#include "ops/CostEstimator.h"
#include "ops/ModelGuard.h"
#include "store/BatchStore.h"
#include "store/ItemStore.h"
#include "store/MigrationStore.h"
#include "store/StateStore.h"
#include "store/TableModels.h"
#include "store/TextDecoding.h"
#include "store/VectorScan.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

QString migrationStateName(MigrationState state)
{
    switch (state) {
    case MigrationState::None:
        return QStringLiteral("none");
    case MigrationState::Staging:
        return QStringLiteral("staging");
    case MigrationState::Swapped:
        return QStringLiteral("swapped");
    case MigrationState::Finished:
        return QStringLiteral("finished");
    case MigrationState::RolledBack:
        return QStringLiteral("rolled_back");
    }
    return QString();
}

static MigrationState stateFromName(const QString& name)
{
    if (name == QLatin1String("staging"))
        return MigrationState::Staging;
    if (name == QLatin1String("swapped"))
        return MigrationState::Swapped;
    if (name == QLatin1String("finished"))
        return MigrationState::Finished;
    if (name == QLatin1String("rolled_back"))
        return MigrationState::RolledBack;
    return MigrationState::None;
}

AppConfig MigrationTarget::configFor(const AppConfig& config) const
{
    AppConfig result = config;
    result.embedding.model = toModel;
    result.embedding.dimensions = dimensions;
    result.embedding.modelConfigured = true;
    return result;
}

static QString isoOrNull(const QDateTime& when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject MigrationPlan::toJson() const
{
    return QJsonObject{
        {QStringLiteral("table"), table},
        {QStringLiteral("from_model"), fromModel},
        {QStringLiteral("from_dimensions"), fromDimensions},
        {QStringLiteral("to_model"), toModel},
        {QStringLiteral("dimensions"), dimensions},
        {QStringLiteral("rows"), rows},
        {QStringLiteral("staged"), staged},
        {QStringLiteral("to_embed"), toEmbed},
        {QStringLiteral("unchanged"), unchanged},
        {QStringLiteral("cached"), cached},
        {QStringLiteral("deduped"), deduped},
        {QStringLiteral("skipped"), skipped},
        {QStringLiteral("tokens"), tokens},
        {QStringLiteral("api_calls"), apiCalls},
        {QStringLiteral("standard_usd"), standardUsd},
        {QStringLiteral("batch_usd"), batchUsd},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("max_cost_usd"), capUsd},
        {QStringLiteral("over_cap"), overCap},
        {QStringLiteral("resuming"), resuming},
        {QStringLiteral("in_batches"), inBatches},
        {QStringLiteral("refusal"), refusal.isEmpty() ? QJsonValue() : QJsonValue(refusal)},
    };
}

QJsonObject MigrationStatus::toJson() const
{
    return QJsonObject{
        {QStringLiteral("active"), active},
        {QStringLiteral("state"), migrationStateName(state)},
        {QStringLiteral("id"), id},
        {QStringLiteral("table"), table},
        {QStringLiteral("from_model"), fromModel},
        {QStringLiteral("from_dimensions"), fromDimensions},
        {QStringLiteral("to_model"), toModel},
        {QStringLiteral("dimensions"), dimensions},
        {QStringLiteral("rows"), rows},
        {QStringLiteral("staged"), staged},
        {QStringLiteral("remaining"), remaining},
        {QStringLiteral("stale"), stale},
        {QStringLiteral("failed"), failed},
        {QStringLiteral("tokens"), tokens},
        {QStringLiteral("cost_usd"), costUsd},
        {QStringLiteral("open_batches"), openBatches},
        {QStringLiteral("in_batches"), inBatches},
        {QStringLiteral("started_at"), isoOrNull(startedAt)},
        {QStringLiteral("swapped_at"), isoOrNull(swappedAt)},
    };
}

static QJsonArray hitsJson(const QVector<MigrationHit>& hits)
{
    QJsonArray array;
    for (const MigrationHit& hit : hits)
        array.append(QJsonObject{{QStringLiteral("id"), hit.id},
                                 {QStringLiteral("title"), hit.title},
                                 {QStringLiteral("score"), hit.score}});
    return array;
}

QJsonObject MigrationCompare::toJson() const
{
    QJsonArray queries;
    for (const MigrationCompareRow& row : rows)
        queries.append(QJsonObject{{QStringLiteral("query"), row.query},
                                   {QStringLiteral("overlap"), row.overlap},
                                   {QStringLiteral("current"), hitsJson(row.current)},
                                   {QStringLiteral("staged"), hitsJson(row.staged)}});
    return QJsonObject{
        {QStringLiteral("k"), k},
        {QStringLiteral("current_model"), currentModel},
        {QStringLiteral("current_dimensions"), currentDimensions},
        {QStringLiteral("staged_model"), stagedModel},
        {QStringLiteral("staged_dimensions"), stagedDimensions},
        {QStringLiteral("mean_overlap"), meanOverlap},
        {QStringLiteral("tokens"), tokens},
        {QStringLiteral("cost_usd"), costUsd},
        {QStringLiteral("simulated"), simulated},
        {QStringLiteral("queries"), queries},
    };
}

QJsonObject MigrationSwapResult::toJson() const
{
    return QJsonObject{
        {QStringLiteral("rows"), rows},
        {QStringLiteral("emptied"), emptied},
        {QStringLiteral("restaged"), restaged},
        {QStringLiteral("unstaged"), unstaged},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("lock_seconds"), lockSeconds},
        {QStringLiteral("restage_usd"), restageUsd},
    };
}

QJsonObject MigrationRollbackResult::toJson() const
{
    return QJsonObject{{QStringLiteral("rows"), rows},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("lock_seconds"), lockSeconds}};
}

QJsonObject MigrationFinishResult::toJson() const
{
    return QJsonObject{{QStringLiteral("rows"), rows}, {QStringLiteral("state"), migrationStateName(state)}};
}

namespace migration {

namespace {

MigrationStore storeOf(const ItemStore& store)
{
    return MigrationStore(store.database(), store.table(), store.schema());
}

/// The open staging batches of a migration (BatchRunner) and the rows behind them. A database
/// that cannot say (an older console schema, opened read-only) has none.
BatchStore::OpenStaging openStagingBatches(const ItemStore& store, qint64 migrationId)
{
    if (migrationId <= 0)
        return {};
    const BatchStore batches(store.database(), store.schema().postgres, store.table().table);
    QString ignored;
    return batches.openStaging(migrationId, &ignored).value_or(BatchStore::OpenStaging{});
}

/// The plan's checks, without the price.
Result<MigrationPlan> checked(const ItemStore& store, const AppConfig& config, const MigrationTarget& target)
{
    if (target.toModel.trimmed().isEmpty())
        return fail(QStringLiteral("name the new model: embedctl migrate --to-model MODEL"));
    MigrationPlan plan;
    plan.table = config.table.table;
    const AppConfig targetConfig = target.configFor(config);
    plan.toModel = target.toModel;
    plan.dimensions = targetConfig.embedding.effectiveDimensions();
    QString error;
    const auto models = TableModels::read(store, &error);
    if (!models)
        return fail(error);
    plan.fromModel = models->dominant();
    plan.fromDimensions = models->dominantDimensions;
    if (plan.dimensions <= 0)
        return fail(
            QStringLiteral("the vector length of %1 is not known: give --dimensions").arg(target.toModel));
    // The column must hold the new vectors before anything is spent.
    plan.refusal = ModelGuard::columnProblem(store.schema(), store.table(), targetConfig.embedding);
    if (plan.refusal.isEmpty()) {
        const auto active = storeOf(store).active();
        if (!active)
            return fail(active.error());
        if (*active) {
            const MigrationRecord& record = **active;
            if (record.toModel != plan.toModel || record.dimensions != plan.dimensions)
                plan.refusal =
                    QStringLiteral(
                        "a migration of %1 to %2 is underway (state %3): finish it first (embedctl "
                        "migrate --finish, or --rollback then --finish)")
                        .arg(plan.table, ModelGuard::label(record.toModel, record.dimensions), record.state);
            else if (record.state != QLatin1String("staging"))
                plan.refusal =
                    QStringLiteral("the migration of %1 to %2 is swapped already: embedctl migrate --finish "
                                   "(or --rollback)")
                        .arg(plan.table, ModelGuard::label(record.toModel, record.dimensions));
            plan.resuming = true;
            plan.migrationId = record.id;
            plan.fromModel = record.fromModel;
            plan.fromDimensions = record.fromDimensions;
        }
    }
    return plan;
}

MigrationStatus statusOf(const MigrationRecord& record, const QString& table)
{
    MigrationStatus status;
    status.state = stateFromName(record.state);
    status.active = status.state == MigrationState::Staging || status.state == MigrationState::Swapped;
    status.id = record.id;
    status.table = table;
    status.fromModel = record.fromModel;
    status.fromDimensions = record.fromDimensions;
    status.toModel = record.toModel;
    status.dimensions = record.dimensions;
    status.tokens = record.tokens;
    status.costUsd = record.costUsd;
    status.startedAt = record.startedAt;
    status.swappedAt = record.swappedAt;
    return status;
}

} // namespace

Result<MigrationPlan> plan(const ItemStore& store, const AppConfig& config, const MigrationTarget& target,
                           Feedback* feedback)
{
    Result<MigrationPlan> checkedPlan = checked(store, config, target);
    if (!checkedPlan)
        return checkedPlan;
    MigrationPlan result = *checkedPlan;
    const AppConfig targetConfig = target.configFor(config);
    PendingQuery query;
    query.model = targetConfig.embedding.model;
    query.dimensions = result.dimensions;
    query.staging = true;
    query.limit = targetConfig.run.pageSize;
    // Rows behind an open staging batch of the migration are left to its collection.
    const BatchStore::OpenStaging inFlight = openStagingBatches(store, result.migrationId);
    if (inFlight.batches > 0) {
        query.stagingBatchesOf = result.migrationId;
        result.inBatches = inFlight.items;
    }
    const MigrationStore staging = storeOf(store);
    const Result<MigrationCounts> counts = staging.counts();
    if (!counts)
        return fail(counts.error());
    result.rows = counts->rows;
    result.staged = counts->staged - counts->stale;
    if (!result.refusal.isEmpty())
        return result; // nothing to price: it cannot go ahead
    const Result<qint64> pending = store.pendingCount(query);
    if (!pending)
        return fail(pending.error());
    result.toEmbed = *pending;
    CostEstimator estimator(targetConfig);
    const StateStore cache(store.database(), store.table(), store.schema());
    const CostEstimator::PageSource pages = [&store, query](const QString& afterId, int limit,
                                                            QString* error) {
        PendingQuery page = query;
        page.afterId = afterId;
        page.limit = limit;
        return store.pendingPage(page, error);
    };
    Result<CostEstimate> estimate = estimator.estimate(pages, *pending, true, &cache, feedback);
    if (!estimate)
        return fail(estimate.error());
    if (target.maxCostUsd >= 0)
        estimate->maxCostUsd = target.maxCostUsd;
    result.estimate = *estimate;
    result.unchanged = estimate->unchangedItems;
    result.cached = estimate->cachedItems;
    result.deduped = estimate->duplicateItems;
    result.skipped = estimate->skippedItems;
    result.tokens = estimate->tokensAfterDedupe;
    result.apiCalls = estimate->apiCalls;
    if (!estimate->models.isEmpty()) {
        result.standardUsd = estimate->configured().afterDedupe.usd;
        result.batchUsd = estimate->configured().afterDedupe.batchUsd;
    }
    result.seconds = estimate->time.seconds;
    result.capUsd = estimate->maxCostUsd;
    result.overCap = estimate->overCap();
    return result;
}

Result<MigrationStatus> begin(ItemStore& store, const MigrationPlan& plan)
{
    if (!plan.refusal.isEmpty())
        return fail(plan.refusal);
    MigrationStore staging = storeOf(store);
    const auto active = staging.active();
    if (!active)
        return fail(active.error());
    if (!*active) {
        const Result<qint64> created =
            staging.create(plan.fromModel, plan.fromDimensions, plan.toModel, plan.dimensions);
        if (!created)
            return fail(created.error());
    } else if ((*active)->toModel != plan.toModel || (*active)->dimensions != plan.dimensions) {
        return fail(QStringLiteral("a migration of %1 to %2 is underway: finish it first")
                        .arg(plan.table, ModelGuard::label((*active)->toModel, (*active)->dimensions)));
    }
    return status(store);
}

Result<MigrationStatus> begin(ItemStore& store, const AppConfig& config, const MigrationTarget& target)
{
    const Result<MigrationPlan> plan = checked(store, config, target);
    if (!plan)
        return fail(plan.error());
    return begin(store, *plan);
}

Result<BatchSubmitResult> submitStagingBatches(const AppConfig& config, const MigrationTarget& target,
                                               BatchSubmitOptions options,
                                               const std::function<void(const QString&)>& log)
{
    QString error;
    {
        auto store =
            ItemStore::open(config, QStringLiteral("ec-migrate-batches-%1").arg(quintptr(&options)), &error);
        if (!store)
            return fail(error);
        const Result<MigrationStatus> begun = begin(*store, config, target);
        if (!begun)
            return fail(begun.error());
        if (begun->state != MigrationState::Staging)
            return fail(QStringLiteral("the migration of %1 is %2: nothing is staged any more")
                            .arg(begun->table, migrationStateName(begun->state)));
        options.stagingMigration = begun->id;
    }
    options.maxCostUsd = target.maxCostUsd >= 0 ? target.maxCostUsd : config.run.maxCostUsd;
    BatchRunner runner(target.configFor(config), log);
    if (!runner.open(&error))
        return fail(error);
    return runner.submit(options);
}

QString openBatchesRefusal(const ItemStore& store, qint64 migrationId)
{
    const BatchStore::OpenStaging open = openStagingBatches(store, migrationId);
    if (open.batches == 0)
        return {};
    return QStringLiteral("%1 staging batch(es) of the migration of %2 are open (%3 rows): collect them when "
                          "they end (embedctl batches --collect) or cancel them (embedctl batches --cancel "
                          "ID, then --collect) first")
        .arg(open.batches)
        .arg(store.table().table)
        .arg(open.items);
}

Result<MigrationStatus> status(const ItemStore& store)
{
    const MigrationStore staging = storeOf(store);
    const auto latest = staging.latest();
    if (!latest)
        return fail(latest.error());
    MigrationStatus result;
    result.table = store.table().table;
    if (*latest)
        result = statusOf(**latest, store.table().table);
    const Result<MigrationCounts> counts = staging.counts();
    if (!counts)
        return fail(counts.error());
    result.rows = counts->rows;
    if (result.active) {
        result.staged = counts->staged;
        result.remaining = counts->remaining;
        result.stale = counts->stale;
        result.failed = counts->failed;
        const BatchStore::OpenStaging inFlight = openStagingBatches(store, result.id);
        result.openBatches = inFlight.batches;
        result.inBatches = inFlight.items;
    }
    return result;
}

Result<void> recordSpend(ItemStore& store, qint64 tokens, double costUsd)
{
    MigrationStore staging = storeOf(store);
    const auto active = staging.active();
    if (!active)
        return fail(active.error());
    if (!*active)
        return {};
    return staging.addSpend((*active)->id, tokens, costUsd);
}

Result<MigrationSwapResult> swap(ItemStore& store, Feedback* feedback)
{
    QElapsedTimer timer;
    timer.start();
    MigrationStore staging = storeOf(store);
    const auto active = staging.active();
    if (!active)
        return fail(active.error());
    if (!*active)
        return fail(
            QStringLiteral("no migration of %1 is underway: start one with embedctl migrate --to-model")
                .arg(store.table().table));
    const MigrationRecord& record = **active;
    if (record.state != QLatin1String("staging"))
        return fail(QStringLiteral("the migration of %1 to %2 is swapped already")
                        .arg(store.table().table, record.toModel));
    EmbeddingSettings embedding;
    embedding.model = record.toModel;
    embedding.dimensions = record.dimensions;
    const QString problem = ModelGuard::columnProblem(store.schema(), store.table(), embedding);
    if (!problem.isEmpty())
        return fail(problem);
    if (const QString open = openBatchesRefusal(store, record.id); !open.isEmpty())
        return fail(open);
    const Result<MigrationCounts> counts = staging.counts();
    if (!counts)
        return fail(counts.error());
    if (counts->staged == 0)
        return fail(QStringLiteral("nothing is staged yet: embedctl migrate --to-model %1 first")
                        .arg(record.toModel));
    if (feedback && feedback->isCanceled())
        return fail(QStringLiteral("cancelled"));
    const Result<MigrationStore::Applied> applied = staging.swap(record);
    if (!applied)
        return fail(applied.error());
    MigrationSwapResult result;
    result.rows = applied->rows;
    result.emptied = applied->emptied;
    result.unstaged = counts->remaining;
    result.lockSeconds = applied->lockSeconds;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

Result<MigrationRollbackResult> rollback(ItemStore& store, Feedback*)
{
    QElapsedTimer timer;
    timer.start();
    MigrationStore staging = storeOf(store);
    const auto active = staging.active();
    if (!active)
        return fail(active.error());
    if (!*active || (*active)->state != QLatin1String("swapped"))
        return fail(QStringLiteral("no swapped migration of %1 to roll back").arg(store.table().table));
    const Result<MigrationStore::Applied> applied = staging.rollback(**active);
    if (!applied)
        return fail(applied.error());
    MigrationRollbackResult result;
    result.rows = applied->rows;
    result.lockSeconds = applied->lockSeconds;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

Result<MigrationFinishResult> finish(ItemStore& store)
{
    MigrationStore staging = storeOf(store);
    const auto active = staging.active();
    if (!active)
        return fail(active.error());
    if (!*active)
        return fail(QStringLiteral("no migration of %1 is underway").arg(store.table().table));
    const Result<qint64> dropped = staging.finish(**active);
    if (!dropped)
        return fail(dropped.error());
    MigrationFinishResult result;
    result.rows = *dropped;
    result.state =
        (*active)->state == QLatin1String("swapped") ? MigrationState::Finished : MigrationState::RolledBack;
    return result;
}

Result<MigrationCompare> compareVectors(const ItemStore& store, const QString& currentModel,
                                        const QStringList& queries,
                                        const QVector<QVector<float>>& currentVectors,
                                        const QVector<QVector<float>>& stagedVectors, int k,
                                        Feedback* feedback)
{
    if (queries.size() != currentVectors.size() || queries.size() != stagedVectors.size())
        return fail(QStringLiteral("internal error: a vector for every query is needed"));
    MigrationCompare result;
    result.k = k;
    const MigrationStore staging = storeOf(store);
    const qint64 total = queries.size() + 1;
    const Result<QVector<QVector<SearchHit>>> staged = staging.nearestStaged(
        stagedVectors, k, [feedback](qint64) { return !feedback || !feedback->isCanceled(); });
    if (!staged)
        return fail(staged.error());
    double sum = 0;
    for (qsizetype i = 0; i < queries.size(); ++i) {
        if (!Feedback::report(feedback, i + 1, total))
            return fail(QStringLiteral("cancelled"));
        QString error;
        const auto current = VectorScan::nearest(store, currentVectors[i], k, currentModel, nullptr, &error);
        if (!current)
            return fail(error);
        MigrationCompareRow row;
        row.query = queries[i];
        QSet<QString> currentIds;
        for (const SearchHit& hit : *current) {
            row.current.append(MigrationHit{hit.id, hit.title, hit.score});
            currentIds.insert(hit.id);
        }
        qsizetype shared = 0;
        for (const SearchHit& hit : (*staged)[i]) {
            row.staged.append(MigrationHit{hit.id, hit.title, hit.score});
            shared += currentIds.contains(hit.id) ? 1 : 0;
        }
        const qsizetype denominator = std::max(row.current.size(), row.staged.size());
        row.overlap = denominator > 0 ? double(shared) / double(denominator) : 1.0;
        sum += row.overlap;
        result.rows.append(row);
    }
    result.meanOverlap = result.rows.isEmpty() ? 0 : sum / double(result.rows.size());
    Feedback::report(feedback, total, total);
    return result;
}

Result<QStringList> sampleQueries(const ItemStore& store, int count)
{
    const SqlDialect& sql = store.dialect();
    const TableSpec& table = store.table();
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT count(*) FROM %1").arg(sql.table(table.table))) || !query.next())
        return fail(QStringLiteral("cannot count the rows: ") + firstLine(query.lastError().text()));
    const qint64 rows = query.value(0).toLongLong();
    QStringList titles;
    if (rows == 0 || count <= 0)
        return titles;
    const qint64 step = std::max<qint64>(1, rows / count);
    const QString title = store.isPostgres()
                              ? sql.name(table.titleColumn)
                              : QStringLiteral("CAST(%1 AS BLOB)").arg(sql.name(table.titleColumn));
    for (int i = 0; i < count && i * step < rows; ++i) {
        QSqlQuery pick(store.database());
        pick.setForwardOnly(true);
        if (!pick.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY %3 LIMIT 1 OFFSET %4")
                           .arg(title, sql.table(table.table), sql.name(table.idColumn))
                           .arg(i * step)))
            return fail(QStringLiteral("cannot read the sample titles: ") +
                        firstLine(pick.lastError().text()));
        if (pick.next()) {
            QString unreadable;
            const QString text = readText(pick.value(0), table.titleColumn, &unreadable).trimmed();
            if (!text.isEmpty() && unreadable.isEmpty() && !titles.contains(text))
                titles << text;
        }
    }
    return titles;
}

} // namespace migration
} // namespace ec
