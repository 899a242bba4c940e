#include "ops/BatchRunner.h"

#include "ops/BatchRunnerPrivate.h"
#include "ops/BatchSubmission.h"

#include "api/BatchApiClient.h"
#include "pipeline/BatchCommitter.h"
#include "store/FaultInjection.h"
#include "store/ItemStore.h"
#include "store/LeaseManager.h"
#include "store/RunLog.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QSqlQuery>
#include <QThread>

#include <cerrno>
#include <csignal>

namespace ec {

namespace batchrunner {

bool faultHit(const char* step, QString* error)
{
    QString message;
    const FaultInjection::Kind kind = FaultInjection::hit(step, &message);
    if (kind == FaultInjection::Kind::None)
        return false;
    if (kind == FaultInjection::Kind::Hang) {
        for (;;)
            QThread::sleep(3600);
    }
    if (error)
        *error = message;
    return true;
}

bool permanentStatus(int status)
{
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 422;
}

} // namespace batchrunner

using namespace batchrunner;

BatchRunner::BatchRunner(const AppConfig& config, Log log)
    : d(std::make_unique<Private>())
{
    d->config = config;
    d->log = std::move(log);
}

BatchRunner::~BatchRunner() = default;

bool BatchRunner::open(QString* error)
{
    if (d->config.api.flavor != ApiFlavor::OpenAI) {
        if (error)
            *error = QStringLiteral("Batch API mode needs the OpenAI API (or its simulator), not Azure");
        return false;
    }
    d->store = ItemStore::open(d->config, QStringLiteral("ec-batches-%1").arg(quintptr(this)), error);
    if (!d->store)
        return false;
    const CatalogSchema& schema = d->store->schema();
    d->batches = std::make_unique<BatchStore>(d->db(), schema.postgres, d->store->table().table);
    d->leases = std::make_unique<LeaseManager>(d->db(), d->store->table(), schema);
    d->leases->setStillPendingFor(d->config.embedding.model, d->config.embedding.effectiveDimensions());
    d->runs = std::make_unique<RunLog>(d->db(), schema.postgres);
    d->client = std::make_unique<BatchApiClient>(d->config.api);
    d->dimensions = d->config.embedding.effectiveDimensions();
    if (d->dimensions <= 0)
        d->dimensions = schema.declaredDimensions;
    return true;
}

bool BatchRunner::Private::runAlive(qint64 runId) const
{
    if (runId <= 0)
        return false;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT status, worker FROM embedding_runs WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), runId);
    if (!q.exec() || !q.next() || q.value(0).toString() != QLatin1String("running"))
        return false;
    // A submission on this host is alive as long as its process is; elsewhere, until its
    // record goes stale (markInterrupted).
    const QString worker = q.value(1).toString();
    const qsizetype colon = worker.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const qint64 pid = worker.mid(colon + 1).toLongLong(&ok);
    if (colon <= 0 || !ok || worker.left(colon) != QHostInfo::localHostName() || pid <= 0)
        return true;
    if (pid == QCoreApplication::applicationPid() || ::kill(pid_t(pid), 0) == 0 || errno == EPERM)
        return true;
    QString ignored;
    runs->finish(runId, RunStatus::Interrupted, QStringLiteral("the submitting process is gone"), &ignored);
    return false;
}

bool BatchRunner::Private::commit(const QString& owner, const BatchCommit& batch, QString* error)
{
    if (batch.isEmpty())
        return true;
    BatchCommitter committer(db(), store->table(), store->schema(), config, owner);
    if (staging)
        committer.stageInto(staging.get());
    return committer.apply(batch, error);
}

BatchSubmitResult BatchRunner::submit(const BatchSubmitOptions& options)
{
    BatchSubmitResult result;
    BatchSubmission submission(*d, options, result);
    if (submission.start())
        submission.submitAll();
    return result;
}

} // namespace ec
