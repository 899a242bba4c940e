#pragma once
// The database a run talks to, parsed from a URL:
//   sqlite:///abs/path/catalog.db
//   postgresql://user[:password]@host[:port]/dbname[?sslmode=…]   (also postgres://)
// The password comes from the URL, else PGPASSWORD, else the password file (PgPass).
// Nothing here ever prints the password: use redacted() for anything a person sees.

#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace ec {

struct DatabaseUrl
{
    enum class Backend { Sqlite, Postgres };
    /// Where the password came from, for diagnostics that must not show it.
    enum class PasswordSource { None, Url, Environment, PasswordFile };
    /// Whether to run `DISCARD ALL` right after connecting (PGlite keeps prepared statements
    /// across connections). Auto: only when the server says it is PGlite.
    enum class DiscardAll { Auto, Always, Never };

    Backend backend = Backend::Sqlite;

    // SQLite
    QString path; ///< absolute file path

    // PostgreSQL
    QString host; ///< empty: libpq's default (the local socket)
    int port = 5432;
    QString user;     ///< empty: libpq's default (the OS user)
    QString password; ///< in memory only
    QString database; ///< empty: the user name, as libpq does
    QString sslmode;  ///< empty: libpq's default (prefer)
    int connectTimeoutSeconds = 10;
    DiscardAll discardAll = DiscardAll::Auto;
    PasswordSource passwordSource = PasswordSource::None;

    /// Parses and validates url; on failure returns nullopt and a one-line reason that
    /// never contains the password. For PostgreSQL without a password in the URL, resolves
    /// it from env's PGPASSWORD, then from the password file (PGPASSFILE or ~/.pgpass).
    /// Accepted query options: sslmode, connect_timeout, discard_all (1/0/auto),
    /// sslrootcert, sslcert, sslkey.
    static std::optional<DatabaseUrl>
    parse(const QString& url, QString* error,
          const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    bool isPostgres() const { return backend == Backend::Postgres; }
    bool isSqlite() const { return backend == Backend::Sqlite; }

    /// The URL with the password replaced by "***" (absent when there is none).
    QString redacted() const;
    /// "host:port/dbname" or the SQLite file path: where, for error messages.
    QString location() const;
    /// The user libpq will log in as (the OS user when the URL names none).
    QString effectiveUser() const;
    /// The database libpq will open (the user name when the URL names none).
    QString effectiveDatabase() const;

    /// Extra libpq options in Qt's "key=value;key=value" form (sslmode, certificates,
    /// connect_timeout), application_name included.
    QString connectOptions(const QString& applicationName) const;

    // libpq options passed through unchanged, in URL order.
    QString sslrootcert;
    QString sslcert;
    QString sslkey;
    /// The user libpq falls back to when the URL names none (PGUSER, else the OS user).
    QString defaultUser;
};

} // namespace ec
