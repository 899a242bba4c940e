#include "store/TransientRetry.h"

#include "store/Database.h"
#include "store/FaultInjection.h"
#include "util/Logging.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QThread>

#include <libpq-fe.h>

namespace ec {

namespace {
/// Lock conflicts are redone this many times (about 3 s of back-off in all) before the step fails.
constexpr int kMaxLockRetries = 6;
constexpr int kFirstBackoffMs = 50;
constexpr int kMaxBackoffMs = 5000;

int backoffMs(int attempt)
{
    return std::min(kMaxBackoffMs, kFirstBackoffMs << std::min(attempt, 10));
}

bool isSet(const std::atomic<bool>* flag)
{
    return flag && flag->load();
}

/// Sleeps ms, in slices, unless abort is set; false when aborted.
bool pause(int ms, const std::atomic<bool>* abort)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        if (isSet(abort))
            return false;
        QThread::msleep(std::min<qint64>(50, std::max<qint64>(1, deadline.remainingTime())));
    }
    return !isSet(abort);
}
} // namespace

TransientRetry::TransientRetry(DatabaseConnection& connection, int reconnectSeconds)
    : m_connection(connection)
    , m_reconnectSeconds(std::max(0, reconnectSeconds))
{}

bool TransientRetry::isTransient(const QString& message)
{
    static const char* const kTransient[] = {
        "deadlock detected",                           // 40P01
        "could not serialize access",                  // 40001
        "lock timeout",                                // 55P03 "canceling statement due to lock timeout"
        "could not obtain lock",                       // 55P03 (NOWAIT)
        "terminating connection",                      // 57P01 and friends
        "the database system is shutting down",        // 57P03
        "the database system is starting up",          // 57P03
        "the database system is in recovery mode",     // 57P03
        "server closed the connection unexpectedly",   // libpq
        "no connection to the server",                 // libpq
        "could not receive data from server",          // libpq
        "could not send data to server",               // libpq
        "connection to server",                        // libpq: "connection to server at … failed"
        "ssl syscall error",                           // libpq over TLS
        "ssl connection has been closed unexpectedly", // libpq over TLS
        "connection refused",                          // while the server restarts
        "database is locked",                          // SQLite SQLITE_BUSY past the busy timeout
    };
    const QString lower = message.toLower();
    for (const char* needle : kTransient) {
        if (lower.contains(QLatin1String(needle)))
            return true;
    }
    return false;
}

bool TransientRetry::run(const char* stepName, const std::function<bool(QString*)>& step, QString* error)
{
    QElapsedTimer lostSince;
    int lockAttempts = 0;
    for (int attempt = 0;; ++attempt) {
        QString message;
        bool ok = false;
        switch (FaultInjection::hit(stepName, &message)) {
        case FaultInjection::Kind::Error:
        case FaultInjection::Kind::Deadlock:
            break;
        case FaultInjection::Kind::Disconnect:
            if (m_connection.isPostgres()) {
                // A real lost session: the server ends it, the step then meets the broken connection.
                QSqlQuery terminate(m_connection.database());
                terminate.exec(QStringLiteral("SELECT pg_terminate_backend(pg_backend_pid())"));
            }
            ok = step(&message);
            break;
        case FaultInjection::Kind::Hang:
            for (;;)
                QThread::sleep(1);
        case FaultInjection::Kind::None:
            ok = step(&message);
            break;
        }
        if (ok)
            return true;
        const bool lost = m_connection.isLost();
        if (aborted() || (!lost && !isTransient(message))) {
            *error = message;
            return false;
        }
        if (!lost && ++lockAttempts > kMaxLockRetries) {
            *error = QStringLiteral("%1 (still failing after %2 retries)").arg(message).arg(kMaxLockRetries);
            return false;
        }
        if (lost && !lostSince.isValid())
            lostSince.start();
        if (m_retried)
            m_retried();
        const int wait = backoffMs(attempt);
        qCWarning(lcStore).noquote() << QStringLiteral("%1: %2; %3 in %4 ms")
                                            .arg(QLatin1String(stepName), firstLine(message),
                                                 lost ? QStringLiteral("reconnecting")
                                                      : QStringLiteral("retrying"))
                                            .arg(wait);
        if (!lost)
            rollBackOpenTransaction();
        if (!pause(wait, m_abort)) {
            *error = message;
            return false;
        }
        if (lost) { // reconnect now, then redo the step
            QString reconnectError;
            const qint64 deadline = qint64(m_reconnectSeconds) * 1000 - lostSince.elapsed();
            if (m_reconnecting)
                m_reconnecting(true);
            const bool back = reconnect(deadline, &reconnectError);
            if (m_reconnecting)
                m_reconnecting(false);
            if (!back) {
                *error = QStringLiteral("the database stayed unreachable for %1 s (%2): %3")
                             .arg(m_reconnectSeconds)
                             .arg(firstLine(message), reconnectError);
                return false;
            }
            lostSince.invalidate();
        }
    }
}

bool TransientRetry::reconnect(qint64 budgetMs, QString* error)
{
    QElapsedTimer clock;
    clock.start();
    for (int attempt = 0;; ++attempt) {
        if (m_connection.reconnect(error)) {
            if (m_afterReconnect && !m_afterReconnect(error))
                return false;
            return true;
        }
        const int wait = backoffMs(attempt);
        if (aborted() || clock.elapsed() + wait > budgetMs)
            return false;
        qCWarning(lcStore).noquote() << "reconnecting:" << *error;
        if (!pause(wait, m_abort))
            return false;
    }
}

bool TransientRetry::open(const std::function<bool(QString*)>& open, int reconnectSeconds,
                          const std::atomic<bool>* abort, const std::function<void(bool)>& reconnecting,
                          QString* error)
{
    QElapsedTimer clock;
    clock.start();
    int attempt = 0;
    bool opened = false;
    for (; !(opened = open(error)); ++attempt) {
        const int wait = backoffMs(attempt);
        if (!isTransient(*error) || clock.elapsed() + wait > qint64(reconnectSeconds) * 1000)
            break;
        if (attempt == 0 && reconnecting)
            reconnecting(true);
        qCWarning(lcStore).noquote() << "connecting:" << *error;
        if (!pause(wait, abort))
            break;
    }
    if (attempt > 0 && reconnecting)
        reconnecting(false);
    return opened;
}

void TransientRetry::rollBackOpenTransaction()
{
    if (m_connection.isPostgres()) {
        PGconn* conn = pgConnection(m_connection.database());
        if (conn && PQtransactionStatus(conn) != PQTRANS_IDLE) {
            while (PGresult* pending = PQgetResult(conn))
                PQclear(pending);
            PQclear(PQexec(conn, "ROLLBACK"));
        }
        return;
    }
    QSqlQuery rollback(m_connection.database());
    rollback.exec(QStringLiteral("ROLLBACK")); // harmless when no transaction is open
}

} // namespace ec
