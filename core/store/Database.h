#pragma once
// Opens the QSqlDatabase connection of one thread to the database a DatabaseUrl names.
//
// Qt SQL connections belong to the thread that opened them: give every thread (the engine's
// worker, the UI's status poller, a test) its own connection name and never share a
// QSqlDatabase across threads. DatabaseConnection owns one named connection and removes it
// from Qt's registry when destroyed.
//
// On PostgreSQL every connection gets every parameter of the URL (DatabaseUrl::connectOptions:
// the URL's own, TCP keepalives and a connect timeout unless it sets them, and the process's
// application name unless it names one), UTF-8, ISO dates and the UTC time zone; `DISCARD ALL` runs right
// after connecting when the URL or the options ask for it, or (DiscardAll::Auto) when the server is PGlite,
// which keeps prepared statements across connections. On SQLite: WAL journal, a busy timeout, foreign keys
// on, and the parent directory is created when missing.

#include "store/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

struct pg_conn;
typedef struct pg_conn PGconn; // libpq-fe.h's own declaration

namespace ec {

struct ConnectOptions
{
    /// The application_name the server sees unless the URL names one; empty: the process's
    /// (DatabaseConnection::defaultApplicationName()).
    QString applicationName;
    /// Overrides the URL's discard_all unless Auto.
    DatabaseUrl::DiscardAll discardAll = DatabaseUrl::DiscardAll::Auto;
    int sqliteBusyTimeoutMs = 10000;
    bool createSqliteParentDir = true;
    /// SQLite: open the file read-only (it must exist; no journal mode is set).
    bool sqliteReadOnly = false;
};

/// One named Qt SQL connection, closed and unregistered on destruction. Not copyable.
class DatabaseConnection
{
public:
    /// Opens url under connectionName (empty: a unique generated name). On failure returns
    /// nullptr and a one-line error: bad URL, driver missing, server down, authentication
    /// failed, database missing, or the SQLite file that cannot be opened.
    static std::unique_ptr<DatabaseConnection> open(const DatabaseUrl& url, const QString& connectionName,
                                                    QString* error, const ConnectOptions& options = {});
    /// Parses the URL first (see DatabaseUrl::parse).
    static std::unique_ptr<DatabaseConnection> open(const QString& url, const QString& connectionName,
                                                    QString* error, const ConnectOptions& options = {});

    ~DatabaseConnection();
    DatabaseConnection(const DatabaseConnection&) = delete;
    DatabaseConnection& operator=(const DatabaseConnection&) = delete;

    QSqlDatabase database() const { return m_db; }
    const QString& connectionName() const { return m_name; }
    const DatabaseUrl& url() const { return m_url; }
    bool isPostgres() const { return m_url.isPostgres(); }
    /// True when the server announced itself as PGlite.
    bool isPglite() const { return m_pglite; }
    /// "PostgreSQL 15.4", "PostgreSQL 18.6 (PGlite 0.5.14)" or "SQLite 3.40.1".
    const QString& serverVersion() const { return m_serverVersion; }

    /// True when the connection to a PostgreSQL server is gone (a restart, a failover, a
    /// network fault, the session terminated): its next statement cannot succeed until
    /// reconnect(). Always false on SQLite.
    bool isLost() const;
    /// Closes the connection and opens it again with the same URL and options, the session set
    /// up as by open(). Holders of database() keep working with the new session; what lived in
    /// the old one (temporary tables, session settings, advisory locks) is gone. False with a
    /// one-line error when the server cannot be reached.
    bool reconnect(QString* error);

    /// The application name of connections whose options name none: "embedding-console"
    /// unless the process set another (embedctl sets "embedctl"). Thread-safe.
    static QString defaultApplicationName();
    static void setDefaultApplicationName(const QString& name);

    /// A process-unique connection name starting with prefix.
    static QString uniqueName(const QString& prefix = QStringLiteral("ec-store"));

    /// Turns a failed connection's driver message into one line (exposed for tests).
    static QString describeConnectError(const DatabaseUrl& url, const QString& driverText);

private:
    DatabaseConnection(QSqlDatabase db, QString name, DatabaseUrl url);
    /// Opens m_db (retrying a busy single-session server) and sets up the session.
    bool connect(QString* error);

    bool configurePostgres(const ConnectOptions& options, QString* error);
    bool configureSqlite(const ConnectOptions& options, QString* error);

    QSqlDatabase m_db;
    QString m_name;
    DatabaseUrl m_url;
    bool m_pglite = false;
    QString m_serverVersion;
    ConnectOptions m_options;
};

/// The first line of a driver/database error text, trimmed, for one-line messages.
QString firstLine(const QString& text);

/// The libpq connection under a QPSQL connection; nullptr for SQLite or a closed connection.
PGconn* pgConnection(const QSqlDatabase& db);

/// Begins a write transaction on db: on SQLite `BEGIN IMMEDIATE`, which takes the write lock at
/// once (waiting out the busy timeout) instead of failing on the upgrade from reading to writing.
/// False with error set when it could not begin.
bool beginWriteTransaction(QSqlDatabase& db, bool postgres, QString* error);

} // namespace ec
