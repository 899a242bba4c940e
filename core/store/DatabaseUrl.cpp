#include "store/DatabaseUrl.h"

#include "store/PgPass.h"
#include "util/Secrets.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace ec {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QString osUser(const QProcessEnvironment& env)
{
    QString user = env.value(QStringLiteral("PGUSER"));
    if (user.isEmpty())
        user = env.value(QStringLiteral("USER"));
    if (user.isEmpty())
        user = env.value(QStringLiteral("LOGNAME"));
    return user;
}

bool parseSqlite(const QUrl& url, const QString& text, DatabaseUrl& out, QString* error)
{
    if (!url.host().isEmpty())
        return fail(error, QStringLiteral("invalid database URL: SQLite needs an absolute path, "
                                          "e.g. sqlite:///home/me/catalog.db (got host \"%1\")")
                               .arg(url.host()));
    const QString path = url.path(QUrl::FullyDecoded);
    if (path.isEmpty() || !QDir::isAbsolutePath(path) || path.endsWith(QLatin1Char('/')))
        return fail(error, QStringLiteral("invalid database URL \"%1\": SQLite needs an absolute file path, "
                                          "e.g. sqlite:///home/me/catalog.db")
                               .arg(text));
    if (url.hasQuery())
        return fail(error, QStringLiteral("invalid database URL: SQLite URLs take no options"));
    out.backend = DatabaseUrl::Backend::Sqlite;
    out.path = QDir::cleanPath(path);
    return true;
}

bool parseOptions(const QUrl& url, DatabaseUrl& out, QString* error)
{
    static const QStringList sslModes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                         QStringLiteral("prefer"),    QStringLiteral("require"),
                                         QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    const QUrlQuery query(url);
    for (const auto& [key, rawValue] : query.queryItems(QUrl::FullyDecoded)) {
        const QString value = rawValue.trimmed();
        if (key == QLatin1String("sslmode")) {
            if (!sslModes.contains(value))
                return fail(error,
                            QStringLiteral("invalid database URL: sslmode must be one of %1 (got \"%2\")")
                                .arg(sslModes.join(QStringLiteral(", ")), value));
            out.sslmode = value;
        } else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 0)
                return fail(error, QStringLiteral("invalid database URL: connect_timeout must be a number of "
                                                  "seconds (got \"%1\")")
                                       .arg(value));
            out.connectTimeoutSeconds = seconds;
        } else if (key == QLatin1String("discard_all")) {
            if (value == QLatin1String("1") || value == QLatin1String("true") || value == QLatin1String("on"))
                out.discardAll = DatabaseUrl::DiscardAll::Always;
            else if (value == QLatin1String("0") || value == QLatin1String("false") ||
                     value == QLatin1String("off"))
                out.discardAll = DatabaseUrl::DiscardAll::Never;
            else if (value == QLatin1String("auto"))
                out.discardAll = DatabaseUrl::DiscardAll::Auto;
            else
                return fail(error, QStringLiteral("invalid database URL: discard_all must be 1, 0 or auto"));
        } else if (key == QLatin1String("sslrootcert")) {
            out.sslrootcert = value;
        } else if (key == QLatin1String("sslcert")) {
            out.sslcert = value;
        } else if (key == QLatin1String("sslkey")) {
            out.sslkey = value;
        } else {
            return fail(error, QStringLiteral("invalid database URL: unknown option \"%1\" (known: sslmode, "
                                              "connect_timeout, discard_all, sslrootcert, sslcert, sslkey)")
                                   .arg(key));
        }
    }
    return true;
}

bool parsePostgres(const QUrl& url, DatabaseUrl& out, const QProcessEnvironment& env, QString* error)
{
    out.backend = DatabaseUrl::Backend::Postgres;
    out.host = url.host(QUrl::FullyDecoded);
    if (url.port() == 0)
        return fail(error, QStringLiteral("invalid database URL: port must be between 1 and 65535"));
    out.port = url.port(5432);
    out.user = url.userName(QUrl::FullyDecoded);
    QString dbPath = url.path(QUrl::FullyDecoded);
    if (dbPath.startsWith(QLatin1Char('/')))
        dbPath.remove(0, 1);
    if (dbPath.contains(QLatin1Char('/')))
        return fail(error, QStringLiteral("invalid database URL: the path must be just the database name, "
                                          "e.g. postgresql://user@host:5432/catalog"));
    out.database = dbPath;
    if (!parseOptions(url, out, error))
        return false;

    const QString urlPassword = url.password(QUrl::FullyDecoded);
    if (!urlPassword.isEmpty()) {
        out.password = urlPassword;
        out.passwordSource = DatabaseUrl::PasswordSource::Url;
    } else if (!env.value(QStringLiteral("PGPASSWORD")).isEmpty()) {
        out.password = env.value(QStringLiteral("PGPASSWORD"));
        out.passwordSource = DatabaseUrl::PasswordSource::Environment;
    } else {
        const QString user = out.user.isEmpty() ? osUser(env) : out.user;
        const QString database = out.database.isEmpty() ? user : out.database;
        if (auto found = PgPass::lookup(PgPass::defaultPath(env), out.host, out.port, database, user)) {
            out.password = *found;
            out.passwordSource = DatabaseUrl::PasswordSource::PasswordFile;
        }
    }
    return true;
}

} // namespace

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString& text, QString* error,
                                              const QProcessEnvironment& env)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        fail(error, QStringLiteral("invalid database URL: it is empty (use sqlite:///abs/path.db or "
                                   "postgresql://user@host:port/dbname)"));
        return std::nullopt;
    }
    const QUrl url(trimmed);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || scheme.isEmpty()) {
        // The text may hold a password: never echo a URL that could not be parsed.
        fail(error, QStringLiteral("invalid database URL: use sqlite:///abs/path.db or "
                                   "postgresql://user[:password]@host[:port]/dbname"));
        return std::nullopt;
    }
    DatabaseUrl out;
    if (scheme == QLatin1String("sqlite")) {
        if (!parseSqlite(url, redactUrl(url), out, error))
            return std::nullopt;
    } else if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres")) {
        if (!parsePostgres(url, out, env, error))
            return std::nullopt;
        out.defaultUser = osUser(env);
    } else {
        fail(error,
             QStringLiteral("invalid database URL: unknown scheme \"%1\" (use sqlite:// or postgresql://)")
                 .arg(url.scheme()));
        return std::nullopt;
    }
    return out;
}

QString DatabaseUrl::redacted() const
{
    if (isSqlite())
        return QStringLiteral("sqlite://") + path;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    if (port != 5432)
        url.setPort(port);
    url.setUserName(user);
    if (!password.isEmpty() && passwordSource == PasswordSource::Url)
        url.setPassword(QStringLiteral("***"));
    url.setPath(QLatin1Char('/') + database);
    QUrlQuery query;
    if (!sslmode.isEmpty())
        query.addQueryItem(QStringLiteral("sslmode"), sslmode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url.toString();
}

QString DatabaseUrl::location() const
{
    if (isSqlite())
        return path;
    const QString where = host.isEmpty() ? QStringLiteral("local socket") : host;
    return where + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + effectiveDatabase();
}

QString DatabaseUrl::effectiveUser() const
{
    return user.isEmpty() ? defaultUser : user;
}

QString DatabaseUrl::effectiveDatabase() const
{
    return database.isEmpty() ? effectiveUser() : database;
}

QString DatabaseUrl::connectOptions(const QString& applicationName) const
{
    QStringList options;
    if (!sslmode.isEmpty())
        options << QStringLiteral("sslmode=") + sslmode;
    if (!sslrootcert.isEmpty())
        options << QStringLiteral("sslrootcert=") + sslrootcert;
    if (!sslcert.isEmpty())
        options << QStringLiteral("sslcert=") + sslcert;
    if (!sslkey.isEmpty())
        options << QStringLiteral("sslkey=") + sslkey;
    if (connectTimeoutSeconds > 0)
        options << QStringLiteral("connect_timeout=") + QString::number(connectTimeoutSeconds);
    if (!applicationName.isEmpty())
        options << QStringLiteral("application_name=") + applicationName;
    return options.join(QLatin1Char(';'));
}

} // namespace ec
