#include "ops/WebhookNotifier.h"

#include "util/Logging.h"
#include "util/Secrets.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace ec {

WebhookNotifier::WebhookNotifier(AlertSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_network(new QNetworkAccessManager(this))
{}

WebhookNotifier::~WebhookNotifier() = default;

QString WebhookNotifier::maskedUrl() const
{
    // redactUrl() knows Slack's and Discord's token paths; any other webhook gets its last
    // path segment and its query masked too, as the token usually sits there.
    QUrl url = m_settings.webhookUrl;
    QStringList parts = url.path().split(QLatin1Char('/'));
    if (parts.size() > 1 && !parts.last().isEmpty())
        parts.last() = QStringLiteral("***");
    url.setPath(parts.join(QLatin1Char('/')));
    if (url.hasQuery())
        url.setQuery(QStringLiteral("***"));
    return redactUrl(url);
}

QJsonObject WebhookNotifier::payload(const QString& text)
{
    return QJsonObject{{QStringLiteral("text"), text}, {QStringLiteral("content"), text}};
}

void WebhookNotifier::send(const QString& text)
{
    if (!enabled())
        return;
    QString body = text;
    if (body.size() > kMaxTextLength)
        body = body.left(kMaxTextLength - 1) + QChar(0x2026);
    QNetworkRequest request(m_settings.webhookUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("embedding-console"));
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply* reply =
        m_network->post(request, QJsonDocument(payload(body)).toJson(QJsonDocument::Compact));
    ++m_pending;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

QString WebhookNotifier::scrub(QString text) const
{
    const QUrl& url = m_settings.webhookUrl;
    text.replace(url.toString(QUrl::FullyEncoded), maskedUrl());
    text.replace(url.toString(), maskedUrl());
    return scrubSecrets(text, {url.password(), url.path().section(QLatin1Char('/'), -1), url.query()});
}

void WebhookNotifier::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    --m_pending;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        qCInfo(lcOps).noquote() << "webhook alert delivered to" << maskedUrl() << "(HTTP" << status << ")";
        Q_EMIT delivered(status);
    } else {
        const QString reason =
            status > 0 ? QStringLiteral("HTTP %1").arg(status) : scrub(reply->errorString());
        const QString error = QStringLiteral("webhook alert to %1 failed: %2").arg(maskedUrl(), reason);
        qCWarning(lcOps).noquote() << error;
        Q_EMIT deliveryFailed(error);
    }
    if (m_pending == 0)
        Q_EMIT idle();
}

} // namespace ec
