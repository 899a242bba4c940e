#include "store/RunLog.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "util/BuildInfo.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <cerrno>
#include <signal.h>

namespace ec {

namespace {

QString queryError(const QSqlQuery& query)
{
    return firstLine(query.lastError().text());
}

/// Whether a process with this id exists on this machine.
bool processExists(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

void bindCounters(QSqlQuery& query, const RunRecord& run)
{
    query.bindValue(QStringLiteral(":total"), run.total);
    query.bindValue(QStringLiteral(":processed"), run.processed);
    query.bindValue(QStringLiteral(":succeeded"), run.succeeded);
    query.bindValue(QStringLiteral(":failed"), run.failed);
    query.bindValue(QStringLiteral(":skipped"), run.skipped);
    query.bindValue(QStringLiteral(":deduped"), run.deduped);
    query.bindValue(QStringLiteral(":unchanged"), run.unchanged);
    query.bindValue(QStringLiteral(":cached"), run.cached);
    query.bindValue(QStringLiteral(":inputs"), run.apiInputs);
    query.bindValue(QStringLiteral(":requests"), run.apiRequests);
    query.bindValue(QStringLiteral(":tokens"), run.tokens);
    query.bindValue(QStringLiteral(":cost"), run.costUsd);
}

} // namespace

QString runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return QStringLiteral("running");
    case RunStatus::Completed:
        return QStringLiteral("completed");
    case RunStatus::Failed:
        return QStringLiteral("failed");
    case RunStatus::Stopped:
        return QStringLiteral("stopped");
    case RunStatus::Aborted:
        return QStringLiteral("aborted");
    case RunStatus::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QString();
}

RunStatus runStatusFromName(const QString& name)
{
    const QString key = name.trimmed().toLower();
    if (key == QLatin1String("completed"))
        return RunStatus::Completed;
    if (key == QLatin1String("failed"))
        return RunStatus::Failed;
    // Runs recorded before stopped and aborted were told apart say "cancelled".
    if (key == QLatin1String("stopped") || key == QLatin1String("cancelled") ||
        key == QLatin1String("canceled"))
        return RunStatus::Stopped;
    if (key == QLatin1String("aborted"))
        return RunStatus::Aborted;
    if (key == QLatin1String("interrupted"))
        return RunStatus::Interrupted;
    return RunStatus::Running;
}

RunLog::RunLog(QSqlDatabase db, bool postgres)
    : m_db(std::move(db))
    , m_postgres(postgres)
{}

QString RunLog::localWorker()
{
    return QSysInfo::machineHostName() + QLatin1Char(':') +
           QString::number(QCoreApplication::applicationPid());
}

qint64 RunLog::start(RunRecord& run, QString* error)
{
    const SqlDialect sql(m_postgres);
    if (run.worker.isEmpty())
        run.worker = localWorker();
    QSqlQuery query(m_db);
    const QString text =
        QStringLiteral(
            "INSERT INTO embedding_runs (started_at, heartbeat_at, status, worker, total, processed, "
            "succeeded, failed, skipped, deduped, unchanged, cached, api_inputs, api_requests, tokens, "
            "cost_usd, config, app_version, git_commit, qt_version) VALUES (") +
        sql.now() + QStringLiteral(", ") + sql.now() +
        QStringLiteral(", 'running', :worker, :total, :processed, :succeeded, :failed, :skipped, :deduped, "
                       ":unchanged, :cached, :inputs, :requests, :tokens, :cost, :config, :app_version, "
                       ":git_commit, :qt_version) RETURNING id, ") +
        sql.timestampSelect(QStringLiteral("started_at")) + QStringLiteral(", ") +
        sql.timestampSelect(QStringLiteral("heartbeat_at"));
    if (!query.prepare(text)) {
        if (error)
            *error = QStringLiteral("cannot record the run: ") + queryError(query);
        return 0;
    }
    query.bindValue(QStringLiteral(":worker"), run.worker);
    bindCounters(query, run);
    query.bindValue(QStringLiteral(":config"), run.configJson);
    query.bindValue(QStringLiteral(":app_version"), BuildInfo::version());
    query.bindValue(QStringLiteral(":git_commit"), BuildInfo::gitCommit());
    query.bindValue(QStringLiteral(":qt_version"), BuildInfo::qtVersion());
    if (!query.exec() || !query.next()) {
        if (error)
            *error = QStringLiteral("cannot record the run: ") + queryError(query);
        return 0;
    }
    run.id = query.value(0).toLongLong();
    run.startedAt = sql.readTimestamp(query.value(1));
    run.heartbeatAt = sql.readTimestamp(query.value(2));
    run.status = RunStatus::Running;
    return run.id;
}

bool RunLog::update(const RunRecord& run, QString* error)
{
    const SqlDialect sql(m_postgres);
    QSqlQuery query(m_db);
    const QString text = QStringLiteral("UPDATE embedding_runs SET total = :total, processed = :processed, "
                                        "succeeded = :succeeded, failed = :failed, skipped = :skipped, "
                                        "deduped = :deduped, unchanged = :unchanged, cached = :cached, "
                                        "api_inputs = :inputs, api_requests = :requests, tokens = :tokens, "
                                        "cost_usd = :cost, database_retries = :db_retries, heartbeat_at = ") +
                         sql.now() + QStringLiteral(" WHERE id = :id");
    if (!query.prepare(text)) {
        if (error)
            *error = QStringLiteral("cannot update the run: ") + queryError(query);
        return false;
    }
    bindCounters(query, run);
    query.bindValue(QStringLiteral(":db_retries"), run.databaseRetries);
    query.bindValue(QStringLiteral(":id"), run.id);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot update the run: ") + queryError(query);
        return false;
    }
    if (query.numRowsAffected() != 1) {
        if (error)
            *error = QStringLiteral("cannot update run %1: no such run").arg(run.id);
        return false;
    }
    return true;
}

bool RunLog::finish(qint64 id, RunStatus status, const QString& error, QString* dbError)
{
    const SqlDialect sql(m_postgres);
    QSqlQuery query(m_db);
    const QString text =
        QStringLiteral("UPDATE embedding_runs SET status = :status, error = :error, finished_at = ") +
        sql.now() + QStringLiteral(", heartbeat_at = ") + sql.now() + QStringLiteral(" WHERE id = :id");
    if (!query.prepare(text)) {
        if (dbError)
            *dbError = QStringLiteral("cannot finish the run: ") + queryError(query);
        return false;
    }
    query.bindValue(QStringLiteral(":status"), runStatusName(status));
    query.bindValue(QStringLiteral(":error"),
                    error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(error));
    query.bindValue(QStringLiteral(":id"), id);
    if (!query.exec()) {
        if (dbError)
            *dbError = QStringLiteral("cannot finish the run: ") + queryError(query);
        return false;
    }
    if (query.numRowsAffected() != 1) {
        if (dbError)
            *dbError = QStringLiteral("cannot finish run %1: no such run").arg(id);
        return false;
    }
    return true;
}

int RunLog::markInterrupted(int staleSeconds, QString* error)
{
    const SqlDialect sql(m_postgres);
    const QString lastSign = QStringLiteral("COALESCE(heartbeat_at, started_at)");
    QSqlQuery stale(m_db);
    const QString text = QStringLiteral("UPDATE embedding_runs SET status = 'interrupted', finished_at = ") +
                         lastSign + QStringLiteral(" WHERE status = 'running' AND ") +
                         sql.comparableTimestamp(lastSign) + QStringLiteral(" < ") +
                         sql.comparableTimestamp(sql.nowPlusSeconds(QStringLiteral(":age")));
    if (!stale.prepare(text)) {
        if (error)
            *error = QStringLiteral("cannot mark interrupted runs: ") + queryError(stale);
        return -1;
    }
    stale.bindValue(QStringLiteral(":age"), -qMax(0, staleSeconds));
    if (!stale.exec()) {
        if (error)
            *error = QStringLiteral("cannot mark interrupted runs: ") + queryError(stale);
        return -1;
    }
    int marked = qMax(0, stale.numRowsAffected());

    // A run whose worker process on this host is gone is dead whatever its heartbeat says
    // (workers on other hosts are judged by their heartbeat alone).
    QSqlQuery running(m_db);
    if (!running.exec(QStringLiteral("SELECT id, worker FROM embedding_runs WHERE status = 'running'"))) {
        if (error)
            *error = QStringLiteral("cannot list running runs: ") + queryError(running);
        return -1;
    }
    QVector<qint64> dead;
    const QString host = QSysInfo::machineHostName();
    while (running.next()) {
        const QString worker = running.value(1).toString();
        const qsizetype colon = worker.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0 || worker.left(colon) != host)
            continue;
        bool ok = false;
        const qint64 pid = worker.mid(colon + 1).toLongLong(&ok);
        if (ok && pid > 0 && !processExists(pid))
            dead.append(running.value(0).toLongLong());
    }
    running.finish();
    for (const qint64 id : dead) {
        QSqlQuery mark(m_db);
        mark.prepare(QStringLiteral("UPDATE embedding_runs SET status = 'interrupted', finished_at = ") +
                     lastSign + QStringLiteral(" WHERE id = :id AND status = 'running'"));
        mark.bindValue(QStringLiteral(":id"), id);
        if (!mark.exec()) {
            if (error)
                *error = QStringLiteral("cannot mark run %1 interrupted: ").arg(id) + queryError(mark);
            return -1;
        }
        marked += qMax(0, mark.numRowsAffected());
    }
    return marked;
}

QString RunLog::selectSql() const
{
    const SqlDialect sql(m_postgres);
    return QStringLiteral("SELECT id, ") + sql.timestampSelect(QStringLiteral("started_at")) +
           QStringLiteral(", ") + sql.timestampSelect(QStringLiteral("finished_at")) + QStringLiteral(", ") +
           sql.timestampSelect(QStringLiteral("heartbeat_at")) +
           QStringLiteral(
               ", status, worker, total, processed, succeeded, failed, skipped, deduped, unchanged, "
               "cached, api_inputs, api_requests, tokens, cost_usd, config, error FROM embedding_runs");
}

RunRecord RunLog::readRun(const QSqlQuery& query) const
{
    const SqlDialect sql(m_postgres);
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.startedAt = sql.readTimestamp(query.value(1));
    run.finishedAt = sql.readTimestamp(query.value(2));
    run.heartbeatAt = sql.readTimestamp(query.value(3));
    run.status = runStatusFromName(query.value(4).toString());
    run.worker = query.value(5).toString();
    run.total = query.value(6).toLongLong();
    run.processed = query.value(7).toLongLong();
    run.succeeded = query.value(8).toLongLong();
    run.failed = query.value(9).toLongLong();
    run.skipped = query.value(10).toLongLong();
    run.deduped = query.value(11).toLongLong();
    run.unchanged = query.value(12).toLongLong();
    run.cached = query.value(13).toLongLong();
    run.apiInputs = query.value(14).toLongLong();
    run.apiRequests = query.value(15).toLongLong();
    run.tokens = query.value(16).toLongLong();
    run.costUsd = query.value(17).toDouble();
    run.configJson = query.value(18).toString();
    run.error = query.value(19).toString();
    return run;
}

QVector<RunRecord> RunLog::list(int limit, QString* error) const
{
    QVector<RunRecord> runs;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(selectSql() + QStringLiteral(" ORDER BY id DESC LIMIT :limit"));
    query.bindValue(QStringLiteral(":limit"), qMax(0, limit));
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot list runs: ") + queryError(query);
        return runs;
    }
    while (query.next())
        runs.append(readRun(query));
    return runs;
}

std::optional<RunRecord> RunLog::get(qint64 id, QString* error) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(selectSql() + QStringLiteral(" WHERE id = :id"));
    query.bindValue(QStringLiteral(":id"), id);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot read run %1: ").arg(id) + queryError(query);
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return readRun(query);
}

} // namespace ec
