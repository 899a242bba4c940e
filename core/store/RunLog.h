#pragma once
// embedding_runs: one row per run, its status, counters, tokens, cost and configuration.
// A running worker refreshes heartbeat_at with every update(); a run left 'running' whose
// heartbeat went stale (the process was killed) is found by markInterrupted() and shown as
// interrupted.
//
// One connection, one thread; not a QObject.

#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QVector>

#include <optional>

class QSqlQuery;

namespace ec {

class RunLog
{
public:
    RunLog(QSqlDatabase db, bool postgres);

    /// "host:pid" of this process, the worker name runs record by default.
    static QString localWorker();

    /// Records a new running run from run's worker (localWorker() when empty), counters and
    /// configuration; sets run.id, run.startedAt and run.heartbeatAt. Returns the id, 0 on error.
    qint64 start(RunRecord& run, QString* error = nullptr);

    /// Stores run's counters, tokens and cost and refreshes its heartbeat.
    bool update(const RunRecord& run, QString* error = nullptr);

    /// Ends run id with status (not Running) and error (empty: none).
    bool finish(qint64 id, RunStatus status, const QString& error = QString(), QString* dbError = nullptr);

    /// Marks runs still 'running' as interrupted when their heartbeat (or start, without one)
    /// is older than staleSeconds, or when their worker is a process of this host that no
    /// longer exists. Their finished_at becomes the last heartbeat. Returns how many, −1 on error.
    int markInterrupted(int staleSeconds, QString* error = nullptr);

    /// The latest runs, newest first.
    QVector<RunRecord> list(int limit, QString* error = nullptr) const;
    /// One run; nullopt when there is none (or on error, with error set).
    std::optional<RunRecord> get(qint64 id, QString* error = nullptr) const;

private:
    QString selectSql() const;
    RunRecord readRun(const QSqlQuery& query) const;

    QSqlDatabase m_db;
    bool m_postgres;
};

} // namespace ec
