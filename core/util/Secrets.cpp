#include "util/Secrets.h"

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
    // Webhook URLs carry their token in the path (Slack: /services/T/B/XXXX, Discord: /api/webhooks/id/token).
    const QString path = copy.path();
    if (path.contains(QLatin1String("/services/")) || path.contains(QLatin1String("/webhooks/"))) {
        QStringList parts = path.split(QLatin1Char('/'));
        if (parts.size() > 2)
            parts.last() = QStringLiteral("***");
        copy.setPath(parts.join(QLatin1Char('/')));
    }
    return copy.toString();
}

QString redactUrl(const QString& url)
{
    return redactUrl(QUrl(url));
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
