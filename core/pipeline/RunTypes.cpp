#include "pipeline/RunTypes.h"

#include "pipeline/BatchCommitter.h"
#include "pipeline/DbWorker.h"
#include "util/Secrets.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ec {

QString runStateName(RunState state)
{
    switch (state) {
    case RunState::Idle:
        return QStringLiteral("idle");
    case RunState::Starting:
        return QStringLiteral("starting");
    case RunState::Running:
        return QStringLiteral("running");
    case RunState::Stopping:
        return QStringLiteral("stopping");
    case RunState::Aborting:
        return QStringLiteral("aborting");
    case RunState::Completed:
        return QStringLiteral("completed");
    case RunState::CompletedWithFailures:
        return QStringLiteral("completed_with_failures");
    case RunState::Failed:
        return QStringLiteral("failed");
    case RunState::Stopped:
        return QStringLiteral("stopped");
    case RunState::Aborted:
        return QStringLiteral("aborted");
    case RunState::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QStringLiteral("unknown");
}

bool isFinalState(RunState state)
{
    return state == RunState::Completed || state == RunState::CompletedWithFailures ||
           state == RunState::Failed || state == RunState::Stopped || state == RunState::Aborted ||
           state == RunState::Interrupted;
}

RunState stateOfRecord(const RunRecord& run)
{
    switch (run.status) {
    case RunStatus::Running:
        return RunState::Running;
    case RunStatus::Completed:
        return run.failed > 0 ? RunState::CompletedWithFailures : RunState::Completed;
    case RunStatus::Failed:
        return RunState::Failed;
    case RunStatus::Stopped:
        return RunState::Stopped;
    case RunStatus::Aborted:
        return RunState::Aborted;
    case RunStatus::Interrupted:
        return RunState::Interrupted;
    }
    return RunState::Idle;
}

int RunSummary::exitCode() const
{
    if (lockRefused)
        return 3;
    if (progress.state == RunState::Failed)
        return 1;
    if (progress.state == RunState::Stopped)
        return 4;
    if (progress.state == RunState::Aborted)
        return 5;
    if (progress.failed > 0 || (books.known && books.unaccounted() > 0))
        return 2;
    return 0;
}

QString runConfigJson(const AppConfig& config, const RunOptions& options, int dimensions)
{
    QJsonObject o;
    o.insert(QStringLiteral("database"), redactUrl(config.effectiveDatabaseUrl()));
    o.insert(QStringLiteral("table"), config.table.table);
    o.insert(QStringLiteral("model"), config.embedding.model);
    o.insert(QStringLiteral("dimensions"), dimensions);
    o.insert(QStringLiteral("endpoint"), redactUrl(config.api.baseUrl));
    o.insert(QStringLiteral("simulated"), config.api.simulated);
    o.insert(QStringLiteral("batch_size"), config.batch.batchSize);
    o.insert(QStringLiteral("concurrency"), config.api.concurrency);
    o.insert(QStringLiteral("rpm"), config.api.requestsPerMinute);
    o.insert(QStringLiteral("tpm"), config.api.tokensPerMinute);
    o.insert(QStringLiteral("limit"), options.limit);
    o.insert(QStringLiteral("exclusive"), options.exclusive);
    o.insert(QStringLiteral("max_cost_usd"),
             options.maxCostUsd >= 0 ? options.maxCostUsd : config.run.maxCostUsd);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void registerRunMetaTypes()
{
    qRegisterMetaType<ec::RunProgress>();
    qRegisterMetaType<ec::RunSummary>();
    qRegisterMetaType<ec::BatchCommit>();
    qRegisterMetaType<ec::RunOpening>();
    qRegisterMetaType<ec::RunRecord>();
    qRegisterMetaType<ec::RunStatus>();
    qRegisterMetaType<QVector<ec::CatalogItem>>();
    qRegisterMetaType<QVector<QByteArray>>();
    qRegisterMetaType<QHash<QByteArray, QVector<float>>>();
}

} // namespace ec
