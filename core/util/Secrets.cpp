#include "util/Secrets.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace ec {

QString maskSecret(const QString& secret)
{
    if (secret.isEmpty())
        return QStringLiteral("(none)");
    if (secret.size() <= 8)
        return QStringLiteral("***");
    return QStringLiteral("***") + secret.right(4);
}

static bool looksSecret(const QString& key)
{
    const QString k = key.toLower();
    return k.contains(QLatin1String("key")) || k.contains(QLatin1String("token")) ||
           k.contains(QLatin1String("secret")) || k.contains(QLatin1String("password")) ||
           k.contains(QLatin1String("sig"));
}

QString redactUrl(const QUrl& url)
{
    QUrl copy = url;
    if (!copy.password().isEmpty())
        copy.setPassword(QStringLiteral("***"));
    if (copy.hasQuery()) {
        QUrlQuery query(copy);
        const auto items = query.queryItems();
        for (const auto& item : items) {
            if (looksSecret(item.first)) {
                query.removeAllQueryItems(item.first);
                query.addQueryItem(item.first, QStringLiteral("***"));
            }
        }
        copy.setQuery(query);
    }
    // Webhook URLs carry their token in the path (Slack: /services/T/B/XXXX, Discord:
    // /api/webhooks/id/token).
    const QString path = copy.path();
    if (path.contains(QLatin1String("/services/")) || path.contains(QLatin1String("/webhooks/"))) {
        QStringList parts = path.split(QLatin1Char('/'));
        if (parts.size() > 2)
            parts.last() = QStringLiteral("***");
        copy.setPath(parts.join(QLatin1Char('/')));
    }
    return copy.toString();
}

namespace {

// A libpq connection string's password (host=… password=…), a URL's user-info password and
// query values named like secrets, for text QUrl cannot read (PostgreSQL's URLs with several
// hosts: postgresql://u:pw@h1:5432,h2:5433/db).
const QRegularExpression& conninfoPassword()
{
    static const QRegularExpression re(QStringLiteral("(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S*)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}
const QRegularExpression& userInfoPassword()
{
    static const QRegularExpression re(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*)(:[^@/?#]*)@"));
    return re;
}
const QRegularExpression& queryPassword()
{
    static const QRegularExpression re(
        QStringLiteral("([?&][^=&]*(?:password|secret|token|key)[^=&]*=)([^&#]*)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool isConninfo(const QString& url)
{
    return !url.contains(QLatin1String("://")) && url.contains(QLatin1Char('='));
}

} // namespace

QString redactUrl(const QString& url)
{
    QString masked = url;
    if (isConninfo(url))
        return masked.replace(conninfoPassword(), QStringLiteral("\\1***"));
    const QUrl parsed(url);
    if (parsed.isValid())
        return redactUrl(parsed);
    masked.replace(userInfoPassword(), QStringLiteral("\\1:***@"));
    return masked.replace(queryPassword(), QStringLiteral("\\1***"));
}

QString databaseUrlPassword(const QString& url)
{
    if (isConninfo(url)) {
        QString value = conninfoPassword().match(url).captured(2);
        if (value.startsWith(QLatin1Char('\'')) && value.size() >= 2)
            value = value.mid(1, value.size() - 2).replace(QLatin1String("\\'"), QLatin1String("'"));
        return value;
    }
    const QUrl parsed(url);
    if (parsed.isValid())
        return parsed.password();
    return QUrl::fromPercentEncoding(userInfoPassword().match(url).captured(2).mid(1).toUtf8());
}

QString withoutDatabasePassword(const QString& url)
{
    QString stripped = url;
    if (isConninfo(url))
        return stripped.remove(conninfoPassword()).simplified();
    const QUrl parsed(url);
    if (parsed.isValid()) {
        if (parsed.password().isEmpty())
            return url;
        QUrl copy = parsed;
        copy.setPassword(QString());
        return copy.toString();
    }
    return stripped.replace(userInfoPassword(), QStringLiteral("\\1@"));
}

QString scrubSecrets(QString text, const QStringList& secrets)
{
    for (const QString& s : secrets) {
        if (s.size() >= 4)
            text.replace(s, QStringLiteral("***"));
    }
    return text;
}

} // namespace ec
