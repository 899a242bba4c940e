#include "api/EmbeddingClient.h"
#include "ops/ModelGuard.h"
#include "ops/ModelMigration.h"
#include "pipeline/RunController.h"
#include "store/ItemStore.h"
#include "text/InputPreparer.h"
#include "util/Secrets.h"

#include <QElapsedTimer>
#include <QPointer>

namespace ec {

namespace {

enum class Step {
    Idle,
    Plan,
    Status,
    StageBegin,
    StageRecord,
    SwapCheck,
    SwapRecord,
    SwapApply,
    CompareSetup,
    CompareRank,
    Rollback,
    Finish,
};

/// The default number of item titles --compare samples.
constexpr int kSampleQueries = 10;

} // namespace

struct MigrationJob::Private
{
    Step step = Step::Idle;
    AppConfig config;
    MigrationTarget target;
    RunController* run = nullptr;
    RunSummary summary;
    bool cancelRequested = false;
    // swap
    MigrationSwapResult swap;
    QElapsedTimer swapTimer;
    // compare
    int k = 10;
    MigrationStatus migration;
    QStringList queries;
    QVector<QVector<float>> currentVectors;
    QVector<QVector<float>> stagedVectors;
    MigrationCompare comparison;
    std::unique_ptr<EmbeddingClient> client;
};

MigrationJob::MigrationJob(QObject* parent)
    : StoreJob(parent)
    , d(std::make_unique<Private>())
{
    qRegisterMetaType<ec::MigrationPlan>();
    qRegisterMetaType<ec::MigrationStatus>();
    qRegisterMetaType<ec::MigrationCompare>();
    qRegisterMetaType<ec::MigrationSwapResult>();
    qRegisterMetaType<ec::MigrationRollbackResult>();
    qRegisterMetaType<ec::MigrationFinishResult>();
    registerRunMetaTypes();
    // Every end of a step makes the job idle again (the signals below are its ends).
    connect(this, &StoreJob::failed, this, [this] { d->step = Step::Idle; });
    connect(this, &StoreJob::cancelled, this, [this] { d->step = Step::Idle; });
}

MigrationJob::~MigrationJob()
{
    if (d->run) {
        d->run->disconnect(this);
        delete d->run; // stops and waits for its threads
    }
}

bool MigrationJob::isBusy() const
{
    return d->step != Step::Idle || isRunning();
}

void MigrationJob::cancel()
{
    d->cancelRequested = true;
    if (d->run && d->run->isRunning()) {
        d->run->stop();
        return;
    }
    if (d->client) {
        d->client->disconnect(this);
        d->client->abortAll();
        d->client.release()->deleteLater();
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT cancelled(); }, Qt::QueuedConnection);
        return;
    }
    StoreJob::cancel();
}

static void failSoon(MigrationJob* job, const QString& error)
{
    QMetaObject::invokeMethod(
        job, [job, error] { Q_EMIT job->failed(error); }, Qt::QueuedConnection);
}

bool MigrationJob::plan(const AppConfig& config, const MigrationTarget& target)
{
    if (isBusy())
        return false;
    d->step = Step::Plan;
    startWork(
        config,
        [config, target](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
            return resultVariant(migration::plan(store, config, target, &feedback));
        },
        Access::Write);
    return true;
}

bool MigrationJob::readStatus(const AppConfig& config)
{
    if (isBusy())
        return false;
    d->step = Step::Status;
    startWork(
        config,
        [](ItemStore& store, Feedback&) -> Result<QVariant> {
            return resultVariant(migration::status(store));
        },
        Access::Write);
    return true;
}

bool MigrationJob::stage(const AppConfig& config, const MigrationTarget& target)
{
    if (isBusy())
        return false;
    d->step = Step::StageBegin;
    d->config = config;
    d->target = target;
    d->cancelRequested = false;
    startWork(
        config,
        [config, target](ItemStore& store, Feedback&) -> Result<QVariant> {
            if (target.batchApi) // the console stages with the run engine; embedctl submits batches
                return fail(QStringLiteral("the console stages at the standard price: stage through the "
                                           "Batch API with embedctl migrate --to-model M --batch-api"));
            return resultVariant(migration::begin(store, config, target));
        },
        Access::Write);
    return true;
}

bool MigrationJob::swap(const AppConfig& config)
{
    if (isBusy())
        return false;
    d->step = Step::SwapCheck;
    d->config = config;
    d->cancelRequested = false;
    d->swap = MigrationSwapResult{};
    d->swapTimer.start();
    startWork(
        config,
        [](ItemStore& store, Feedback&) -> Result<QVariant> {
            const Result<MigrationStatus> status = migration::status(store);
            if (!status)
                return fail(status.error());
            if (status->state != MigrationState::Staging)
                return fail(status->active
                                ? QStringLiteral("the migration of %1 is swapped already").arg(status->table)
                                : QStringLiteral("no migration of %1 is underway").arg(status->table));
            // Before the re-staging spends anything: the column must hold the staged vectors.
            EmbeddingSettings embedding;
            embedding.model = status->toModel;
            embedding.dimensions = status->dimensions;
            const QString problem = ModelGuard::columnProblem(store.schema(), store.table(), embedding);
            if (!problem.isEmpty())
                return fail(problem);
            if (const QString open = migration::openBatchesRefusal(store, status->id); !open.isEmpty())
                return fail(open);
            return QVariant::fromValue(*status);
        },
        Access::Write);
    return true;
}

bool MigrationJob::compare(const AppConfig& config, const QStringList& queries, int k)
{
    if (isBusy())
        return false;
    d->step = Step::CompareSetup;
    d->config = config;
    d->k = std::clamp(k, 1, 1000);
    d->queries = queries;
    d->cancelRequested = false;
    startWork(
        config,
        [queries](ItemStore& store, Feedback&) -> Result<QVariant> {
            const Result<MigrationStatus> status = migration::status(store);
            if (!status)
                return fail(status.error());
            if (status->state != MigrationState::Staging && status->state != MigrationState::Swapped)
                return fail(QStringLiteral("no migration of %1 is underway: nothing staged to compare with")
                                .arg(status->table));
            QStringList texts = queries;
            if (texts.isEmpty()) {
                const Result<QStringList> sample = migration::sampleQueries(store, kSampleQueries);
                if (!sample)
                    return fail(sample.error());
                texts = *sample;
            }
            QVariantMap map;
            map.insert(QStringLiteral("status"), QVariant::fromValue(*status));
            map.insert(QStringLiteral("queries"), texts);
            return QVariant(map);
        },
        Access::Write);
    return true;
}

bool MigrationJob::rollback(const AppConfig& config)
{
    if (isBusy())
        return false;
    d->step = Step::Rollback;
    startWork(
        config,
        [](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
            return resultVariant(migration::rollback(store, &feedback));
        },
        Access::Write);
    return true;
}

bool MigrationJob::finish(const AppConfig& config)
{
    if (isBusy())
        return false;
    d->step = Step::Finish;
    startWork(
        config,
        [](ItemStore& store, Feedback&) -> Result<QVariant> {
            return resultVariant(migration::finish(store));
        },
        Access::Write);
    return true;
}

void MigrationJob::startStaging()
{
    const AppConfig config = d->target.configFor(d->config);
    RunOptions options;
    options.target = RunTarget::Staging;
    options.maxCostUsd = d->target.maxCostUsd;
    d->run = new RunController(this);
    connect(d->run, &RunController::progressUpdated, this, &MigrationJob::stagingProgress);
    connect(d->run, &RunController::logMessage, this, &MigrationJob::logMessage);
    connect(d->run, &RunController::finished, this, [this](const RunSummary& summary) {
        d->summary = summary;
        d->run->deleteLater();
        d->run = nullptr;
        const bool swapping = d->step == Step::SwapCheck;
        d->step = swapping ? Step::SwapRecord : Step::StageRecord;
        const qint64 tokens = summary.progress.tokens;
        const double cost = summary.progress.costUsd;
        startWork(
            d->config,
            [tokens, cost](ItemStore& store, Feedback&) -> Result<QVariant> {
                const Result<void> recorded = migration::recordSpend(store, tokens, cost);
                if (!recorded)
                    return fail(recorded.error());
                return QVariant(true);
            },
            Access::Write);
    });
    if (!d->run->start(config, options))
        failSoon(this, QStringLiteral("the staging run could not start"));
}

void MigrationJob::embedQueries()
{
    const AppConfig& config = d->config;
    if (config.api.missingKey()) {
        failSoon(this, QStringLiteral("no API key for %1: the queries cannot be embedded")
                           .arg(config.api.baseUrl.host()));
        return;
    }
    if (d->queries.isEmpty()) {
        failSoon(this,
                 QStringLiteral("no query to compare with: the table has no titles; give --queries FILE"));
        return;
    }
    const InputPreparer preparer(config.batch);
    QVector<EmbeddingInput> inputs;
    qint64 tokens = 0;
    for (const QString& query : std::as_const(d->queries)) {
        const PreparedInput input = preparer.prepare(query);
        if (input.isSkipped()) {
            failSoon(this,
                     QStringLiteral("the query \"%1\" cannot be embedded: %2").arg(query, input.skipMessage));
            return;
        }
        inputs.append(EmbeddingInput{input.text, input.tokens});
        tokens += input.tokens;
    }
    MigrationCompare& comparison = d->comparison;
    comparison = MigrationCompare{};
    comparison.k = d->k;
    comparison.currentModel = d->migration.fromModel;
    comparison.currentDimensions = d->migration.fromDimensions;
    comparison.stagedModel = d->migration.toModel;
    comparison.stagedDimensions = d->migration.dimensions;
    comparison.simulated = config.api.simulated;
    comparison.tokens = 2 * tokens;
    comparison.costUsd = tokens *
                         (config.prices.usdPerMillion(comparison.currentModel) +
                          config.prices.usdPerMillion(comparison.stagedModel)) /
                         1e6;
    d->currentVectors.clear();
    d->stagedVectors.clear();
    // Two requests, one per model: the current model first, then the staged one.
    const QStringList secrets = config.secrets();
    // The step holds itself only through the client's connection (weak here: no cycle, no leak).
    auto sendFor = std::make_shared<std::function<void(bool)>>();
    *sendFor = [this, inputs, secrets,
                weakSend = std::weak_ptr<std::function<void(bool)>>(sendFor)](bool staged) {
        const auto sendFor = weakSend.lock();
        EmbeddingSettings embedding = d->config.embedding;
        embedding.model = staged ? d->migration.toModel : d->migration.fromModel;
        embedding.dimensions = staged ? d->migration.dimensions : d->migration.fromDimensions;
        embedding.modelConfigured = true;
        // A model's native length is asked for without a dimensions parameter (ada-002 takes none).
        EmbeddingSettings native;
        native.model = embedding.model;
        native.dimensions = 0;
        if (native.effectiveDimensions() == embedding.dimensions)
            embedding.dimensions = 0;
        d->client = std::make_unique<EmbeddingClient>(d->config.api, embedding);
        connect(d->client.get(), &EmbeddingClient::batchFinished, this,
                [this, staged, secrets, sendFor](quint64, const QVector<InputOutcome>& outcomes) {
                    d->client.release()->deleteLater();
                    QVector<QVector<float>>& vectors = staged ? d->stagedVectors : d->currentVectors;
                    for (const InputOutcome& outcome : outcomes) {
                        if (!outcome.ok) {
                            Q_EMIT failed(QStringLiteral("a query could not be embedded with %1: %2")
                                              .arg(staged ? d->migration.toModel : d->migration.fromModel,
                                                   outcome.error.scrubbed(secrets).toString()));
                            return;
                        }
                        vectors.append(outcome.vector);
                    }
                    if (!staged) {
                        (*sendFor)(true);
                        return;
                    }
                    rankComparison();
                });
        d->client->submit(inputs);
    };
    (*sendFor)(false);
}

void MigrationJob::rankComparison()
{
    d->step = Step::CompareRank;
    const QString currentModel = d->migration.fromModel;
    const QStringList queries = d->queries;
    const auto current = d->currentVectors;
    const auto staged = d->stagedVectors;
    const int k = d->k;
    startWork(
        d->config,
        [=](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
            return resultVariant(
                migration::compareVectors(store, currentModel, queries, current, staged, k, &feedback));
        },
        Access::Write);
}

void MigrationJob::deliver(const QVariant& result)
{
    const Step step = d->step;
    switch (step) {
    case Step::Plan:
        d->step = Step::Idle;
        Q_EMIT planned(result.value<MigrationPlan>());
        return;
    case Step::Status:
        d->step = Step::Idle;
        Q_EMIT statusRead(result.value<MigrationStatus>());
        return;
    case Step::StageBegin:
        d->step = Step::StageBegin; // the run goes on in this step
        startStaging();
        return;
    case Step::SwapCheck: {
        const MigrationStatus status = result.value<MigrationStatus>();
        d->target.toModel = status.toModel;
        d->target.dimensions = status.dimensions;
        d->target.batchApi = false;
        d->target.maxCostUsd = -1;
        d->migration = status;
        startStaging();
        return;
    }
    case Step::StageRecord:
        d->step = Step::Idle;
        if (d->summary.progress.state == RunState::Failed)
            Q_EMIT failed(d->summary.error);
        else
            Q_EMIT staged(d->summary);
        return;
    case Step::SwapRecord: {
        const RunState state = d->summary.progress.state;
        if (state == RunState::Failed) {
            Q_EMIT failed(QStringLiteral("re-staging before the swap failed: %1").arg(d->summary.error));
            return;
        }
        if (state == RunState::Stopped || state == RunState::Aborted || d->cancelRequested) {
            Q_EMIT cancelled();
            return;
        }
        d->swap.restaged = d->summary.progress.succeeded + d->summary.progress.unchanged;
        d->swap.restageUsd = d->summary.progress.costUsd;
        d->step = Step::SwapApply;
        startWork(
            d->config,
            [](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
                return resultVariant(migration::swap(store, &feedback));
            },
            Access::Write);
        return;
    }
    case Step::SwapApply: {
        d->step = Step::Idle;
        MigrationSwapResult swapped = result.value<MigrationSwapResult>();
        swapped.restaged = d->swap.restaged;
        swapped.restageUsd = d->swap.restageUsd;
        swapped.seconds = d->swapTimer.nsecsElapsed() / 1e9;
        Q_EMIT this->swapped(swapped);
        return;
    }
    case Step::CompareSetup: {
        const QVariantMap map = result.toMap();
        d->migration = map.value(QStringLiteral("status")).value<MigrationStatus>();
        d->queries = map.value(QStringLiteral("queries")).toStringList();
        embedQueries();
        return;
    }
    case Step::CompareRank: {
        d->step = Step::Idle;
        MigrationCompare comparison = result.value<MigrationCompare>();
        comparison.currentModel = d->comparison.currentModel;
        comparison.currentDimensions = d->comparison.currentDimensions;
        comparison.stagedModel = d->comparison.stagedModel;
        comparison.stagedDimensions = d->comparison.stagedDimensions;
        comparison.tokens = d->comparison.tokens;
        comparison.costUsd = d->comparison.costUsd;
        comparison.simulated = d->comparison.simulated;
        Q_EMIT compared(comparison);
        return;
    }
    case Step::Rollback:
        d->step = Step::Idle;
        Q_EMIT rolledBack(result.value<MigrationRollbackResult>());
        return;
    case Step::Finish:
        d->step = Step::Idle;
        Q_EMIT finishedMigration(result.value<MigrationFinishResult>());
        return;
    case Step::Idle:
        return;
    }
}

} // namespace ec
