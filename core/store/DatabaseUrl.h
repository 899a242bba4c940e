#pragma once
// The database a run talks to, parsed from what the operator gives as --db:
//   sqlite:///abs/path/catalog.db
//   postgresql://[user[:password]@][host][:port][,host[:port]…][/dbname][?key=value&…]  (also postgres://)
//   host=… port=… dbname=… user=… key=value …   (a libpq connection string)
// PostgreSQL URLs and connection strings are read by libpq's own PQconninfoParse, so every
// libpq parameter works and reaches the connection: service (pg_service.conf), options,
// application_name, target_session_attrs with several hosts, sslmode and the certificates,
// connect_timeout, keepalives… The one parameter of our own, discard_all, is taken out first.
// The password comes from the URL, else PGPASSWORD, else the password file (PgPass); with a
// service or several hosts libpq reads the password file itself. Nothing here ever prints the
// password: use redacted() for anything a person sees.

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>
#include <utility>

namespace ec {

struct DatabaseUrl
{
    enum class Backend { Sqlite, Postgres };
    /// Where the password came from, for diagnostics that must not show it.
    enum class PasswordSource { None, Url, Environment, PasswordFile };
    /// Whether to run `DISCARD ALL` right after connecting (PGlite keeps prepared statements
    /// across connections). Auto: only when the server says it is PGlite.
    enum class DiscardAll { Auto, Always, Never };
    /// libpq keywords and their values, in libpq's keyword order.
    using Parameters = QList<std::pair<QString, QString>>;

    Backend backend = Backend::Sqlite;

    // SQLite
    QString path; ///< absolute file path

    // PostgreSQL
    /// Every libpq parameter the URL or connection string gave, except the password.
    Parameters parameters;
    QString password; ///< in memory only
    PasswordSource passwordSource = PasswordSource::None;
    DiscardAll discardAll = DiscardAll::Auto;
    /// The user libpq falls back to when the URL names none (PGUSER, else the OS user).
    QString defaultUser;

    /// Parses and validates url; on failure returns nullopt and a one-line reason that
    /// never contains the password. For PostgreSQL without a password in the URL, resolves
    /// it from env's PGPASSWORD, then (one host, no service) from the password file
    /// (PGPASSFILE or ~/.pgpass). Checks what libpq would only find out on connecting: ports,
    /// sslmode, connect_timeout and the keepalive settings must be valid.
    static std::optional<DatabaseUrl>
    parse(const QString& url, QString* error,
          const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    bool isPostgres() const { return backend == Backend::Postgres; }
    bool isSqlite() const { return backend == Backend::Sqlite; }

    /// A parameter's value as given (empty when not given).
    QString parameter(const QString& keyword) const;
    bool hasParameter(const QString& keyword) const;

    /// libpq's host list as given ("h1,h2" for several hosts); empty: libpq's default.
    QString host() const { return parameter(QStringLiteral("host")); }
    /// The first host's port (5432 when not given).
    int port() const;
    QString user() const { return parameter(QStringLiteral("user")); }
    QString database() const { return parameter(QStringLiteral("dbname")); }
    QString service() const { return parameter(QStringLiteral("service")); }
    QString sslmode() const { return parameter(QStringLiteral("sslmode")); }
    /// The connect timeout the connection uses (the URL's, else 10 s).
    int connectTimeoutSeconds() const;

    /// The URL with the password replaced by "***" (absent when there is none), always in
    /// postgresql:// form, every other parameter kept (sslpassword masked as well).
    QString redacted() const;
    /// "host:port/dbname" (several hosts comma-separated), "service NAME/dbname" or the SQLite
    /// file path: where, for error messages.
    QString location() const;
    /// The user libpq will log in as (the OS user when the URL names none).
    QString effectiveUser() const;
    /// The database libpq will open (the user name when the URL names none).
    QString effectiveDatabase() const;

    /// What DatabaseConnection hands to Qt's setConnectOptions(): every parameter except
    /// host, dbname and user (Qt passes those itself), each value quoted for libpq, joined by
    /// ';' (Qt turns them into spaces). Adds the defaults the URL does not set:
    /// connect_timeout=10, keepalives=1, keepalives_idle=10, keepalives_interval=5,
    /// keepalives_count=3, and fallback_application_name=applicationName (libpq uses it
    /// unless the URL or PGAPPNAME names the application).
    QString connectOptions(const QString& applicationName) const;
    /// The application name the server will see: the URL's application_name, else fallback.
    QString applicationName(const QString& fallback) const;

    /// Quotes a value for a libpq connection string: 'value' with \ and ' escaped.
    static QString quoteConninfoValue(const QString& value);
};

} // namespace ec
