#include "store/Database.h"

#include "util/Logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <libpq-fe.h>

namespace ec {

namespace {
constexpr int kBusyRetries = 25; // about 4 s in all

QMutex& applicationNameMutex()
{
    static QMutex mutex;
    return mutex;
}
QString& applicationNameStorage()
{
    static QString name = QStringLiteral("embedding-console");
    return name;
}
} // namespace

QString DatabaseConnection::defaultApplicationName()
{
    const QMutexLocker lock(&applicationNameMutex());
    return applicationNameStorage();
}

void DatabaseConnection::setDefaultApplicationName(const QString& name)
{
    const QMutexLocker lock(&applicationNameMutex());
    applicationNameStorage() = name;
}

QString firstLine(const QString& text)
{
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines) {
        QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("FATAL:")) || trimmed.startsWith(QLatin1String("ERROR:")))
            trimmed = trimmed.mid(6).trimmed();
        if (!trimmed.isEmpty())
            return trimmed;
    }
    return text.trimmed();
}

bool beginWriteTransaction(QSqlDatabase& db, bool postgres, QString* error)
{
    if (postgres) {
        if (db.transaction())
            return true;
        *error = firstLine(db.lastError().text());
        return false;
    }
    QSqlQuery begin(db);
    if (begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return true;
    *error = firstLine(begin.lastError().text());
    return false;
}

QString DatabaseConnection::uniqueName(const QString& prefix)
{
    static QAtomicInteger<quint64> counter(0);
    return prefix + QLatin1Char('-') + QString::number(counter.fetchAndAddRelaxed(1) + 1);
}

DatabaseConnection::DatabaseConnection(QSqlDatabase db, QString name, DatabaseUrl url)
    : m_db(std::move(db))
    , m_name(std::move(name))
    , m_url(std::move(url))
{}

DatabaseConnection::~DatabaseConnection()
{
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QString DatabaseConnection::describeConnectError(const DatabaseUrl& url, const QString& driverText)
{
    const QString text = driverText;
    const QString where = url.location();
    const QString user = url.effectiveUser();
    auto has = [&text](const char* needle) {
        return text.contains(QLatin1String(needle), Qt::CaseInsensitive);
    };

    if (has("Connection refused"))
        return QStringLiteral("cannot connect to PostgreSQL at %1: connection refused (is the server running "
                              "and listening on that address?)")
            .arg(where);
    if (has("password authentication failed") || has("authentication failed"))
        return QStringLiteral("PostgreSQL authentication failed for user \"%1\" at %2 (check the password in "
                              "the URL, PGPASSWORD or ~/.pgpass)")
            .arg(user, where);
    if (has("no password supplied"))
        return QStringLiteral(
                   "PostgreSQL at %1 asks user \"%2\" for a password and none was given (put it in "
                   "the URL, PGPASSWORD or ~/.pgpass)")
            .arg(where, user);
    if (has("does not exist") && has("database"))
        return QStringLiteral("PostgreSQL database \"%1\" does not exist at %2 (create it or fix the URL)")
            .arg(url.effectiveDatabase(), where);
    if (has("does not exist") && has("role"))
        return QStringLiteral("PostgreSQL role \"%1\" does not exist at %2").arg(user, where);
    if (has("could not translate host name") || has("Name or service not known"))
        return QStringLiteral("cannot connect to PostgreSQL: unknown host \"%1\"").arg(url.host());
    if (has("timeout expired"))
        return QStringLiteral("cannot connect to PostgreSQL at %1: timed out after %2 s")
            .arg(where)
            .arg(url.connectTimeoutSeconds());
    if (has("No such file or directory") && url.host().isEmpty())
        return QStringLiteral("cannot connect to PostgreSQL on the local socket: no server is running there "
                              "(give a host in the URL?)");
    if (has("closed the connection unexpectedly"))
        return QStringLiteral(
                   "PostgreSQL at %1 closed the connection at once (a single-session server such as "
                   "PGlite already has a client, or the server is restarting)")
            .arg(where);
    if (has("no pg_hba.conf entry"))
        return QStringLiteral("PostgreSQL at %1 does not accept connections from this host for user \"%2\" "
                              "(pg_hba.conf)")
            .arg(where, user);
    if (has("SSL"))
        return QStringLiteral("cannot connect to PostgreSQL at %1: %2").arg(where, firstLine(text));
    return QStringLiteral("cannot connect to PostgreSQL at %1: %2").arg(where, firstLine(text));
}

std::unique_ptr<DatabaseConnection> DatabaseConnection::open(const QString& url,
                                                             const QString& connectionName, QString* error,
                                                             const ConnectOptions& options)
{
    const auto parsed = DatabaseUrl::parse(url, error);
    if (!parsed)
        return nullptr;
    return open(*parsed, connectionName, error, options);
}

std::unique_ptr<DatabaseConnection> DatabaseConnection::open(const DatabaseUrl& url,
                                                             const QString& connectionName, QString* error,
                                                             const ConnectOptions& options)
{
    const QString driver = url.isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        if (error)
            *error = url.isPostgres()
                         ? QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not installed: install "
                                          "libqt6sql6-psql")
                         : QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed: install "
                                          "libqt6sql6-sqlite");
        return nullptr;
    }
    const QString name = connectionName.isEmpty() ? uniqueName() : connectionName;
    if (QSqlDatabase::contains(name)) {
        if (error)
            *error = QStringLiteral("internal error: database connection \"%1\" is already open").arg(name);
        return nullptr;
    }

    if (url.isSqlite() && options.sqliteReadOnly && !QFileInfo::exists(url.path)) {
        if (error)
            *error = QStringLiteral("the SQLite catalog %1 does not exist (embedctl init-demo creates a demo "
                                    "catalog)")
                         .arg(url.path);
        return nullptr;
    }
    if (url.isSqlite() && options.createSqliteParentDir && !options.sqliteReadOnly) {
        const QString dir = QFileInfo(url.path).absolutePath();
        if (!QDir().mkpath(dir)) {
            if (error)
                *error = QStringLiteral("cannot create the directory %1 for the SQLite catalog").arg(dir);
            return nullptr;
        }
    }

    std::unique_ptr<DatabaseConnection> connection(
        new DatabaseConnection(QSqlDatabase::addDatabase(driver, name), name, url));
    QSqlDatabase& db = connection->m_db;
    if (url.isPostgres()) {
        // Qt quotes host, dbname, user and password itself; the rest travels as options.
        db.setHostName(url.host());
        db.setDatabaseName(url.database());
        db.setUserName(url.user());
        if (!url.password.isEmpty())
            db.setPassword(url.password);
        const QString applicationName =
            options.applicationName.isEmpty() ? defaultApplicationName() : options.applicationName;
        db.setConnectOptions(url.connectOptions(applicationName));
    } else {
        db.setDatabaseName(url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.sqliteBusyTimeoutMs) +
                             (options.sqliteReadOnly ? QStringLiteral(";QSQLITE_OPEN_READONLY") : QString()));
    }

    connection->m_options = options;
    if (!connection->connect(error))
        return nullptr;
    qCDebug(lcStore) << "connected" << name << "to" << url.redacted() << connection->m_serverVersion;
    return connection;
}

bool DatabaseConnection::connect(QString* error)
{
    // A server that allows one session at a time (PGlite) drops a new connection while it
    // is still tearing down the previous one: try again for a few seconds.
    bool opened = m_db.open();
    for (int attempt = 1; !opened && m_url.isPostgres() && attempt <= kBusyRetries; ++attempt) {
        if (!m_db.lastError().databaseText().contains(QLatin1String("closed the connection unexpectedly")))
            break;
        m_db.close();
        QThread::msleep(qMin(25 * attempt, 200));
        opened = m_db.open();
    }
    if (!opened) {
        const QSqlError sqlError = m_db.lastError();
        if (error) {
            const QString text =
                sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText();
            *error = m_url.isPostgres() ? describeConnectError(m_url, text)
                                        : QStringLiteral("cannot open the SQLite catalog %1: %2")
                                              .arg(m_url.path, firstLine(text));
        }
        return false;
    }

    const bool configured =
        m_url.isPostgres() ? configurePostgres(m_options, error) : configureSqlite(m_options, error);
    if (!configured)
        return false;
    return true;
}

bool DatabaseConnection::isLost() const
{
    if (!m_url.isPostgres())
        return false;
    PGconn* conn = pgConnection(m_db);
    return !conn || PQstatus(conn) != CONNECTION_OK;
}

bool DatabaseConnection::reconnect(QString* error)
{
    m_db.close();
    if (!connect(error))
        return false;
    qCInfo(lcStore) << "reconnected" << m_name << "to" << m_url.redacted();
    return true;
}

PGconn* pgConnection(const QSqlDatabase& db)
{
    if (!db.driver())
        return nullptr;
    // Qt names the type after libpq's struct: "pg_conn*" (older drivers said "PGconn*").
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(handle.constData());
}

static bool execAll(QSqlDatabase& db, const QStringList& statements, QString* error)
{
    QSqlQuery query(db);
    for (const QString& statement : statements) {
        if (!query.exec(statement)) {
            if (error)
                *error = QStringLiteral("cannot set up the connection (%1): %2")
                             .arg(statement, firstLine(query.lastError().databaseText()));
            return false;
        }
    }
    return true;
}

bool DatabaseConnection::configurePostgres(const ConnectOptions& options, QString* error)
{
    QString version;
    QString serverVersion;
    {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("SELECT version(), current_setting('server_version')")) ||
            !query.next()) {
            if (error)
                *error = QStringLiteral("cannot query the PostgreSQL server version at %1: %2")
                             .arg(m_url.location(), firstLine(query.lastError().databaseText()));
            return false;
        }
        version = query.value(0).toString();
        serverVersion = query.value(1).toString();
    }
    m_pglite = version.contains(QLatin1String("PGlite"));
    m_serverVersion = QStringLiteral("PostgreSQL ") + serverVersion;
    if (m_pglite) {
        const qsizetype open = version.indexOf(QLatin1String("(PGlite"));
        const qsizetype close = version.indexOf(QLatin1Char(')'), open);
        if (open >= 0 && close > open)
            m_serverVersion += QLatin1Char(' ') + version.mid(open, close - open + 1);
    }

    DatabaseUrl::DiscardAll discard = options.discardAll;
    if (discard == DatabaseUrl::DiscardAll::Auto)
        discard = m_url.discardAll;
    const bool discardAll =
        discard == DatabaseUrl::DiscardAll::Always || (discard == DatabaseUrl::DiscardAll::Auto && m_pglite);

    QStringList statements;
    if (discardAll)
        statements << QStringLiteral("DISCARD ALL");
    // DISCARD ALL resets the session settings the Qt driver made on connecting: make them
    // again (and always pin the time zone, so timestamps read back the same everywhere).
    statements << QStringLiteral("SET client_encoding TO 'UTF8'") << QStringLiteral("SET datestyle TO 'ISO'")
               << QStringLiteral("SET bytea_output TO 'escape'") << QStringLiteral("SET TIME ZONE 'UTC'")
               << QStringLiteral("SET client_min_messages TO warning"); // no NOTICEs on stderr
    const QString applicationName = m_url.applicationName(
        options.applicationName.isEmpty() ? defaultApplicationName() : options.applicationName);
    if (discardAll && !applicationName.isEmpty())
        statements << QStringLiteral("SET application_name TO '%1'")
                          .arg(QString(applicationName).remove(QLatin1Char('\'')));
    return execAll(m_db, statements, error);
}

bool DatabaseConnection::configureSqlite(const ConnectOptions& options, QString* error)
{
    {
        QSqlQuery query(m_db);
        if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
            m_serverVersion = QStringLiteral("SQLite ") + query.value(0).toString();
    }
    // Validates that the file really is a database (a text file opens fine until queried).
    QSqlQuery probe(m_db);
    if (!probe.exec(QStringLiteral("PRAGMA schema_version"))) {
        if (error)
            *error = QStringLiteral("cannot open the SQLite catalog %1: %2")
                         .arg(m_url.path, firstLine(probe.lastError().databaseText()));
        return false;
    }
    probe.finish();
    QStringList pragmas;
    if (!options.sqliteReadOnly) // a reader takes the journal mode the file has
        pragmas << QStringLiteral("PRAGMA journal_mode=WAL");
    pragmas << QStringLiteral("PRAGMA synchronous=NORMAL")
            << QStringLiteral("PRAGMA busy_timeout=%1").arg(options.sqliteBusyTimeoutMs)
            << QStringLiteral("PRAGMA foreign_keys=ON");
    return execAll(m_db, pragmas, error);
}

} // namespace ec
