#include "store/DatabaseUrl.h"

#include "store/PgPass.h"
#include "util/Secrets.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

#include <libpq-fe.h>

namespace ec {

namespace {

constexpr int kDefaultPort = 5432;
constexpr int kDefaultConnectTimeout = 10;

/// Parameters added unless the URL gives them: a dead network must not hang a query forever.
const DatabaseUrl::Parameters& defaultParameters()
{
    static const DatabaseUrl::Parameters defaults = {
        {QStringLiteral("connect_timeout"), QString::number(kDefaultConnectTimeout)},
        {QStringLiteral("keepalives"), QStringLiteral("1")},
        {QStringLiteral("keepalives_idle"), QStringLiteral("10")},
        {QStringLiteral("keepalives_interval"), QStringLiteral("5")},
        {QStringLiteral("keepalives_count"), QStringLiteral("3")},
    };
    return defaults;
}

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

/// One `key = value` of a libpq connection string, with where it starts and ends in the text.
struct ConninfoItem
{
    QString key;
    QString value;
    qsizetype begin = 0;
    qsizetype end = 0;
};

/// Splits a libpq key=value string the way libpq reads it (values bare or single-quoted,
/// backslash escapes). nullopt when libpq would reject it: PQconninfoParse then says why.
std::optional<QList<ConninfoItem>> splitConninfo(const QString& text)
{
    QList<ConninfoItem> items;
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto skipSpace = [&] {
        while (i < n && text[i].isSpace())
            ++i;
    };
    while (true) {
        skipSpace();
        if (i >= n)
            return items;
        ConninfoItem item;
        item.begin = i;
        while (i < n && !text[i].isSpace() && text[i] != QLatin1Char('='))
            item.key += text[i++];
        skipSpace();
        if (i >= n || text[i] != QLatin1Char('='))
            return std::nullopt;
        ++i;
        skipSpace();
        const bool quoted = i < n && text[i] == QLatin1Char('\'');
        if (quoted)
            ++i;
        bool closed = !quoted;
        while (i < n) {
            const QChar c = text[i];
            if (quoted && c == QLatin1Char('\'')) {
                ++i;
                closed = true;
                break;
            }
            if (!quoted && c.isSpace())
                break;
            if (c == QLatin1Char('\\') && i + 1 < n)
                ++i;
            item.value += text[i++];
        }
        if (!closed)
            return std::nullopt;
        item.end = i;
        items << item;
    }
}

/// The text with every `discard_all` removed (our own parameter, unknown to libpq); its last
/// value goes to discardAll. Secrets the text holds go to secrets (for scrubbing libpq's errors).
QString takeOwnParameters(const QString& text, bool uri, QString* discardAll, QStringList* secrets)
{
    if (uri) {
        const qsizetype at = text.indexOf(QLatin1Char('@'));
        const qsizetype scheme = text.indexOf(QLatin1String("://"));
        if (at > scheme && scheme >= 0) {
            const QString userInfo = text.mid(scheme + 3, at - scheme - 3);
            const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
            if (colon >= 0) {
                const QString raw = userInfo.mid(colon + 1);
                *secrets << raw << QUrl::fromPercentEncoding(raw.toUtf8());
            }
        }
        const qsizetype question = text.indexOf(QLatin1Char('?'));
        if (question < 0)
            return text;
        QStringList kept;
        const QStringList items = text.mid(question + 1).split(QLatin1Char('&'));
        for (const QString& item : items) {
            const QString key = QUrl::fromPercentEncoding(item.section(QLatin1Char('='), 0, 0).toUtf8());
            const QString value = QUrl::fromPercentEncoding(item.section(QLatin1Char('='), 1).toUtf8());
            if (key.contains(QLatin1String("password")))
                *secrets << item.section(QLatin1Char('='), 1) << value;
            if (key == QLatin1String("discard_all"))
                *discardAll = value;
            else
                kept << item;
        }
        return kept.isEmpty() ? text.left(question) : text.left(question + 1) + kept.join(QLatin1Char('&'));
    }
    const auto items = splitConninfo(text);
    if (!items) {
        // libpq will refuse it; still keep whatever follows "password" out of its message.
        static const QRegularExpression password(QStringLiteral("password\\s*=\\s*'?([^'\\s]*)"));
        for (auto it = password.globalMatch(text); it.hasNext();)
            *secrets << it.next().captured(1);
        return text;
    }
    QString kept = text;
    for (auto it = items->crbegin(); it != items->crend(); ++it) {
        if (it->key.contains(QLatin1String("password")))
            *secrets << it->value;
        if (it->key == QLatin1String("discard_all")) {
            if (discardAll->isNull())
                *discardAll = it->value; // the last one wins: we walk backwards
            kept.remove(it->begin, it->end - it->begin);
        }
    }
    return kept;
}

/// libpq's message as one line with anything that could be (part of) a secret masked.
QString scrubbed(QString message, const QStringList& secrets)
{
    message = message.simplified();
    static const QRegularExpression quoted(QStringLiteral("\"([^\"]*)\""));
    QString out;
    qsizetype last = 0;
    for (auto it = quoted.globalMatch(message); it.hasNext();) {
        const auto match = it.next();
        const QString token = match.captured(1);
        bool secret = false;
        for (const QString& s : secrets)
            secret = secret || (!s.isEmpty() && !token.isEmpty() && (s.contains(token) || token.contains(s)));
        out += message.mid(last, match.capturedStart() - last);
        out += secret ? QStringLiteral("\"***\"") : match.captured(0);
        last = match.capturedEnd();
    }
    out += message.mid(last);
    return scrubSecrets(out, secrets);
}

bool isWholeNumber(const QString& value, int min, int max)
{
    bool ok = false;
    const int number = value.trimmed().toInt(&ok);
    return ok && number >= min && number <= max;
}

/// Checks what libpq would only check on connecting, so a typo fails at once and clearly.
bool validate(const DatabaseUrl& out, QString* error)
{
    static const QStringList sslModes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                         QStringLiteral("prefer"),    QStringLiteral("require"),
                                         QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    if (out.hasParameter(QStringLiteral("sslmode")) && !sslModes.contains(out.sslmode()))
        return fail(error, QStringLiteral("invalid database URL: sslmode must be one of %1 (got \"%2\")")
                               .arg(sslModes.join(QStringLiteral(", ")), out.sslmode()));
    const QStringList ports = out.parameter(QStringLiteral("port")).split(QLatin1Char(','));
    for (const QString& port : ports) {
        if (!port.isEmpty() && !isWholeNumber(port, 1, 65535))
            return fail(error, QStringLiteral("invalid database URL: port must be between 1 and 65535 "
                                              "(got \"%1\")")
                                   .arg(port));
    }
    for (const char* key :
         {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count"}) {
        const QString keyword = QString::fromLatin1(key);
        if (out.hasParameter(keyword) && !isWholeNumber(out.parameter(keyword), 0, 1 << 30))
            return fail(error, QStringLiteral("invalid database URL: %1 must be a whole number of seconds "
                                              "or a count (got \"%2\")")
                                   .arg(keyword, out.parameter(keyword)));
    }
    // Qt's PostgreSQL driver turns every ';' of the extra options into a space.
    for (const auto& [key, value] : out.parameters) {
        if (key != QLatin1String("host") && key != QLatin1String("dbname") && key != QLatin1String("user") &&
            value.contains(QLatin1Char(';')))
            return fail(error, QStringLiteral("invalid database URL: the value of %1 contains ';', which "
                                              "Qt's PostgreSQL driver cannot pass on")
                                   .arg(key));
    }
    return true;
}

bool parseDiscardAll(const QString& value, DatabaseUrl& out, QString* error)
{
    const QString v = value.trimmed().toLower();
    if (v.isNull())
        return true;
    if (v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("on"))
        out.discardAll = DatabaseUrl::DiscardAll::Always;
    else if (v == QLatin1String("0") || v == QLatin1String("false") || v == QLatin1String("off"))
        out.discardAll = DatabaseUrl::DiscardAll::Never;
    else if (v == QLatin1String("auto"))
        out.discardAll = DatabaseUrl::DiscardAll::Auto;
    else
        return fail(error, QStringLiteral("invalid database URL: discard_all must be 1, 0 or auto"));
    return true;
}

bool parsePostgres(const QString& text, bool uri, DatabaseUrl& out, const QProcessEnvironment& env,
                   QString* error)
{
    out.backend = DatabaseUrl::Backend::Postgres;
    QString discardAll;
    QStringList secrets;
    const QString forLibpq = takeOwnParameters(text, uri, &discardAll, &secrets);
    if (!parseDiscardAll(discardAll, out, error))
        return false;

    char* libpqError = nullptr;
    PQconninfoOption* options = PQconninfoParse(forLibpq.toUtf8().constData(), &libpqError);
    if (!options) {
        const QString reason = libpqError ? QString::fromUtf8(libpqError) : QStringLiteral("out of memory");
        PQfreemem(libpqError);
        return fail(error, QStringLiteral("invalid database URL: ") + scrubbed(reason, secrets));
    }
    QString urlPassword;
    for (PQconninfoOption* option = options; option->keyword; ++option) {
        if (!option->val)
            continue;
        const QString keyword = QString::fromUtf8(option->keyword);
        const QString value = QString::fromUtf8(option->val);
        if (keyword == QLatin1String("password"))
            urlPassword = value;
        else
            out.parameters.append({keyword, value});
    }
    PQconninfoFree(options);
    if (!validate(out, error))
        return false;

    out.defaultUser = osUser(env);
    if (!urlPassword.isEmpty()) {
        out.password = urlPassword;
        out.passwordSource = DatabaseUrl::PasswordSource::Url;
    } else if (!env.value(QStringLiteral("PGPASSWORD")).isEmpty()) {
        out.password = env.value(QStringLiteral("PGPASSWORD"));
        out.passwordSource = DatabaseUrl::PasswordSource::Environment;
    } else if (out.service().isEmpty() && !out.host().contains(QLatin1Char(','))) {
        // With a service or several hosts libpq knows the host it ends up on: it reads the file itself.
        if (auto found = PgPass::lookup(PgPass::defaultPath(env), out.host(), out.port(),
                                        out.effectiveDatabase(), out.effectiveUser())) {
            out.password = *found;
            out.passwordSource = DatabaseUrl::PasswordSource::PasswordFile;
        }
    }
    return true;
}

/// "key=…" at the start: a libpq connection string rather than a URL.
bool looksLikeConninfo(const QString& text)
{
    static const QRegularExpression start(QStringLiteral("^[A-Za-z_]+\\s*="));
    return start.match(text).hasMatch();
}

QString percentEncoded(const QString& value, const QByteArray& keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value, keep));
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
    DatabaseUrl out;
    if (looksLikeConninfo(trimmed)) {
        if (!parsePostgres(trimmed, false, out, env, error))
            return std::nullopt;
        return out;
    }
    const QString scheme = trimmed.section(QLatin1String("://"), 0, 0).toLower();
    if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres")) {
        // libpq knows the scheme in lower case only.
        const QString uri = scheme + trimmed.mid(scheme.size());
        if (!parsePostgres(uri, true, out, env, error))
            return std::nullopt;
        return out;
    }
    const QUrl url(trimmed);
    if (!url.isValid() || url.scheme().isEmpty()) {
        // The text may hold a password: never echo a URL that could not be parsed.
        fail(error, QStringLiteral("invalid database URL: use sqlite:///abs/path.db, "
                                   "postgresql://user[:password]@host[:port]/dbname or a libpq "
                                   "connection string (host=… dbname=…)"));
        return std::nullopt;
    }
    if (url.scheme().toLower() != QLatin1String("sqlite")) {
        fail(error,
             QStringLiteral("invalid database URL: unknown scheme \"%1\" (use sqlite:// or postgresql://)")
                 .arg(url.scheme()));
        return std::nullopt;
    }
    if (!parseSqlite(url, redactUrl(url), out, error))
        return std::nullopt;
    return out;
}

QString DatabaseUrl::parameter(const QString& keyword) const
{
    for (const auto& [key, value] : parameters) {
        if (key == keyword)
            return value;
    }
    return QString();
}

bool DatabaseUrl::hasParameter(const QString& keyword) const
{
    for (const auto& parameter : parameters) {
        if (parameter.first == keyword)
            return true;
    }
    return false;
}

int DatabaseUrl::port() const
{
    const int first = parameter(QStringLiteral("port")).section(QLatin1Char(','), 0, 0).trimmed().toInt();
    return first > 0 ? first : kDefaultPort;
}

int DatabaseUrl::connectTimeoutSeconds() const
{
    return hasParameter(QStringLiteral("connect_timeout"))
               ? parameter(QStringLiteral("connect_timeout")).trimmed().toInt()
               : kDefaultConnectTimeout;
}

QString DatabaseUrl::redacted() const
{
    if (isSqlite())
        return QStringLiteral("sqlite://") + path;
    QString text = QStringLiteral("postgresql://");
    if (!user().isEmpty() || passwordSource == PasswordSource::Url) {
        text += percentEncoded(user());
        if (passwordSource == PasswordSource::Url)
            text += QStringLiteral(":***");
        text += QLatin1Char('@');
    }
    const QStringList hosts = host().split(QLatin1Char(','));
    const QStringList ports = parameter(QStringLiteral("port")).split(QLatin1Char(','));
    QStringList hostPorts;
    for (qsizetype i = 0; i < qMax(hosts.size(), ports.size()); ++i) {
        const QString h = hosts.value(hosts.size() == 1 ? 0 : i);
        const QString p = ports.value(ports.size() == 1 ? 0 : i);
        QString entry = h.contains(QLatin1Char(':')) ? QLatin1Char('[') + h + QLatin1Char(']') // IPv6
                                                     : percentEncoded(h);
        if (!p.isEmpty() && p != QString::number(kDefaultPort))
            entry += QLatin1Char(':') + p;
        hostPorts << entry;
    }
    text += hostPorts.join(QLatin1Char(','));
    if (!database().isEmpty())
        text += QLatin1Char('/') + percentEncoded(database());
    QStringList query;
    for (const auto& [key, value] : parameters) {
        if (key == QLatin1String("host") || key == QLatin1String("port") || key == QLatin1String("user") ||
            key == QLatin1String("dbname"))
            continue;
        const bool secret = key.contains(QLatin1String("password"));
        query << key + QLatin1Char('=') + (secret ? QStringLiteral("***") : percentEncoded(value));
    }
    if (!query.isEmpty())
        text += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return text;
}

QString DatabaseUrl::location() const
{
    if (isSqlite())
        return path;
    if (host().isEmpty() && !service().isEmpty())
        return QStringLiteral("service \"%1\"").arg(service()) +
               (database().isEmpty() ? QString() : QLatin1Char('/') + database());
    const QStringList hosts = host().split(QLatin1Char(','));
    const QStringList ports = parameter(QStringLiteral("port")).split(QLatin1Char(','));
    QStringList where;
    for (qsizetype i = 0; i < hosts.size(); ++i) {
        const QString h = hosts[i].isEmpty() ? QStringLiteral("local socket") : hosts[i];
        const QString p = ports.value(ports.size() == 1 ? 0 : i);
        where << h + QLatin1Char(':') + (p.isEmpty() ? QString::number(kDefaultPort) : p);
    }
    return where.join(QLatin1Char(',')) + QLatin1Char('/') + effectiveDatabase();
}

QString DatabaseUrl::effectiveUser() const
{
    return user().isEmpty() ? defaultUser : user();
}

QString DatabaseUrl::effectiveDatabase() const
{
    return database().isEmpty() ? effectiveUser() : database();
}

QString DatabaseUrl::quoteConninfoValue(const QString& value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString DatabaseUrl::connectOptions(const QString& applicationName) const
{
    QStringList options;
    for (const auto& [key, value] : parameters) {
        if (key != QLatin1String("host") && key != QLatin1String("dbname") && key != QLatin1String("user"))
            options << key + QLatin1Char('=') + quoteConninfoValue(value);
    }
    for (const auto& [key, value] : defaultParameters()) {
        if (!hasParameter(key))
            options << key + QLatin1Char('=') + quoteConninfoValue(value);
    }
    if (!applicationName.isEmpty() && !hasParameter(QStringLiteral("fallback_application_name")))
        options << QStringLiteral("fallback_application_name=") + quoteConninfoValue(applicationName);
    return options.join(QLatin1Char(';'));
}

QString DatabaseUrl::applicationName(const QString& fallback) const
{
    return hasParameter(QStringLiteral("application_name")) ? parameter(QStringLiteral("application_name"))
                                                            : fallback;
}

} // namespace ec
