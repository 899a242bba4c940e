#include "WebhookReceiver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QTcpServer>

namespace ec::test {

WebhookReceiver::WebhookReceiver(QString token)
    : m_token(std::move(token))
{
    m_server.route(QStringLiteral("/services/<arg>/<arg>/<arg>"),
                   [this](const QString&, const QString&, const QString&, const QHttpServerRequest& request) {
                       m_bodies << QJsonDocument::fromJson(request.body()).object();
                       m_contentTypes << request.value("Content-Type");
                       return QHttpServerResponse(m_status);
                   });
    auto* tcp = new QTcpServer(&m_server);
    m_listening = tcp->listen(QHostAddress::LocalHost, 0);
    m_server.bind(tcp);
    m_port = tcp->serverPort();
}

QUrl WebhookReceiver::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/services/T000/B000/%2").arg(m_port).arg(m_token));
}

QStringList WebhookReceiver::texts() const
{
    QStringList texts;
    for (const QJsonObject& body : m_bodies)
        texts << body.value(QStringLiteral("text")).toString();
    return texts;
}

} // namespace ec::test
