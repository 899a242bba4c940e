#include "store/ChangeListener.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "util/Logging.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace ec {

ChangeListener::ChangeListener(QObject* parent)
    : QObject(parent)
{}

ChangeListener::~ChangeListener() = default;

QString ChangeListener::channel(const TableSpec& table)
{
    QString key = SqlDialect::catalogKey(table.table);
    key.replace(QLatin1Char('.'), QLatin1Char('_'));
    return QStringLiteral("embedctl_") + key;
}

QString ChangeListener::triggerSql(const TableSpec& table)
{
    const SqlDialect sql(true);
    const QString key = channel(table);
    // One function per table, named after the channel: the channel is a literal inside it.
    return QStringLiteral(
               "-- Wakes `embedctl run --watch` workers when rows of %1 are added or their text changes.\n"
               "-- Install it once with psql (a role that may create functions and triggers on the table);\n"
               "-- running it again replaces it. Without it the workers poll at their --interval.\n"
               "CREATE OR REPLACE FUNCTION %2() RETURNS trigger LANGUAGE plpgsql AS $$\n"
               "BEGIN\n"
               "  PERFORM pg_notify('%2', '');\n"
               "  RETURN NULL;\n"
               "END;\n"
               "$$;\n"
               "DROP TRIGGER IF EXISTS %2 ON %1;\n"
               "CREATE TRIGGER %2\n"
               "  AFTER INSERT OR UPDATE OF %3, %4, %5, %6 ON %1\n"
               "  FOR EACH STATEMENT EXECUTE FUNCTION %2();\n")
        .arg(sql.table(table.table), key, sql.name(table.titleColumn), sql.name(table.summaryColumn),
             sql.name(table.tagsColumn), sql.name(table.updatedAtColumn));
}

bool ChangeListener::start(const AppConfig& config, QString* error, int reconnectMs)
{
    const auto url = DatabaseUrl::parse(config.effectiveDatabaseUrl(), error);
    if (!url)
        return false;
    if (!url->isPostgres()) {
        *error = QStringLiteral("not PostgreSQL: no notifications, polling");
        return false;
    }
    m_connection =
        DatabaseConnection::open(*url, DatabaseConnection::uniqueName(QStringLiteral("ec-listen")), error);
    if (!m_connection)
        return false;
    if (m_connection->isPglite()) {
        *error = QStringLiteral("PGlite has no LISTEN/NOTIFY: polling");
        m_connection.reset();
        return false;
    }
    m_channel = channel(config.table);
    QSqlDriver* driver = m_connection->database().driver();
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString& name, QSqlDriver::NotificationSource, const QVariant&) {
                if (name == m_channel)
                    Q_EMIT changed();
            });
    if (!listen(error))
        return false;
    m_watchdog = new QTimer(this);
    connect(m_watchdog, &QTimer::timeout, this, &ChangeListener::checkConnection);
    m_watchdog->start(reconnectMs);
    return true;
}

bool ChangeListener::listen(QString* error)
{
    QSqlDriver* driver = m_connection->database().driver();
    const QStringList subscribed = driver->subscribedToNotifications();
    if (subscribed.contains(m_channel))
        driver->unsubscribeFromNotification(m_channel);
    m_listening = driver->subscribeToNotification(m_channel);
    if (!m_listening && error)
        *error = QStringLiteral("LISTEN %1 failed: %2").arg(m_channel, firstLine(driver->lastError().text()));
    return m_listening;
}

void ChangeListener::checkConnection()
{
    // A silent channel cannot tell a quiet table from a dead connection: ask the server.
    QSqlQuery ping(m_connection->database());
    if (!m_connection->isLost() && ping.exec(QStringLiteral("SELECT 1")))
        return;
    m_listening = false;
    QString error;
    if (!m_connection->reconnect(&error) || !listen(&error)) {
        qCWarning(lcStore).noquote() << "notifications: cannot listen again, polling meanwhile:" << error;
        return;
    }
    qCInfo(lcStore).noquote() << "notifications: listening again on" << m_channel;
    // What changed while the connection was down went unnoticed: look now.
    Q_EMIT changed();
}

} // namespace ec
