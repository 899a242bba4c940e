#pragma once
// Runs one database step of a run and, when it fails for a reason that is normal on a busy or
// restarting server, runs it again instead of failing the run:
//   - a deadlock (40P01), a serialization failure (40001), a lock timeout (55P03) or, on
//     SQLite, "database is locked": redone after a short back-off, a bounded number of times;
//   - a lost connection (a restart, a failover, a network fault, 57P01 "terminating
//     connection"): the connection is opened again with back-off for up to reconnectSeconds,
//     then the step is redone.
// A step must therefore be whole on its own: one transaction, or idempotent. Anything else
// (a missing column, a permission error, bad data) fails at once.
//
// The fault hook (FaultInjection) is consulted here, before every attempt, under the step's
// name. One instance per connection, used on that connection's thread; blocking by design (it
// lives on a database thread), its back-off sleeps end early once the abort flag is set.

#include <QString>

#include <atomic>
#include <functional>

namespace ec {

class DatabaseConnection;

class TransientRetry
{
public:
    /// How long a lost database may stay away before the step fails (RunSettings::reconnectSeconds).
    TransientRetry(DatabaseConnection& connection, int reconnectSeconds);

    /// A flag another thread sets to cut back-offs and reconnection short (an abort).
    void setAbortFlag(const std::atomic<bool>* abort) { m_abort = abort; }
    /// Called after every successful reconnect, before the step is redone: whatever lived in
    /// the old session is set up again there (an advisory lock, a writer's staging table).
    /// A false return fails the step with its error.
    void setAfterReconnect(std::function<bool(QString*)> hook) { m_afterReconnect = std::move(hook); }
    /// Called with true when the connection is found lost and reconnection begins, with false
    /// when it is back or reconnection gave up: what a dashboard shows as "reconnecting".
    void setReconnectingHook(std::function<void(bool)> hook) { m_reconnecting = std::move(hook); }
    /// Called once for every attempt redone (a retry or a reconnect): what a run counts.
    void setRetriedHook(std::function<void()> hook) { m_retried = std::move(hook); }

    /// Runs step (named for the fault hook and the log) until it succeeds, fails for good, or
    /// runs out of attempts. False with error set to the last failure's message.
    bool run(const char* stepName, const std::function<bool(QString*)>& step, QString* error);

    /// Opens a connection that does not exist yet (open sets error on failure), waiting out a
    /// server that is restarting with the same back-off as run(), for up to reconnectSeconds,
    /// unless abort is set. reconnecting(true/false) brackets the waiting, if there is any.
    /// False with the last error when the failure is not transient or lasts too long.
    static bool open(const std::function<bool(QString*)>& open, int reconnectSeconds,
                     const std::atomic<bool>* abort, const std::function<void(bool)>& reconnecting,
                     QString* error);

    /// True for the messages of errors worth redoing (the kinds listed above), as PostgreSQL,
    /// libpq, Qt's drivers and SQLite word them.
    static bool isTransient(const QString& message);

private:
    bool reconnect(qint64 deadlineMs, QString* error);
    bool aborted() const { return m_abort && m_abort->load(); }
    void rollBackOpenTransaction();

    DatabaseConnection& m_connection;
    int m_reconnectSeconds = 60;
    const std::atomic<bool>* m_abort = nullptr;
    std::function<bool(QString*)> m_afterReconnect;
    std::function<void(bool)> m_reconnecting;
    std::function<void()> m_retried;
};

} // namespace ec
