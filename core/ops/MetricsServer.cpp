#include "ops/MetricsServer.h"

#include "ops/PrometheusExposition.h"
#include "util/Logging.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QTcpServer>

namespace ec {

MetricsServer::MetricsServer(Provider provider, QObject* parent)
    : QObject(parent)
    , m_provider(std::move(provider))
{}

MetricsServer::~MetricsServer() = default;

QHostAddress MetricsServer::parseBindAddress(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("localhost") || t == QLatin1String("127.0.0.1"))
        return QHostAddress(QHostAddress::LocalHost);
    if (t == QLatin1String("*") || t == QLatin1String("0.0.0.0"))
        return QHostAddress(QHostAddress::AnyIPv4);
    if (t == QLatin1String("::"))
        return QHostAddress(QHostAddress::Any);
    QHostAddress address;
    if (!address.setAddress(t))
        return QHostAddress();
    return address;
}

QString MetricsServer::url() const
{
    QString host = m_address.toString();
    if (m_address.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("http://%1:%2/metrics").arg(host).arg(m_port);
}

bool MetricsServer::listen(const QHostAddress& address, quint16 port, QString* error)
{
    if (m_http) {
        if (error)
            *error = QStringLiteral("the metrics server is already listening on %1").arg(url());
        return false;
    }
    if (address.isNull()) {
        if (error)
            *error = QStringLiteral("the metrics server needs an IP address to bind to");
        return false;
    }
    auto http = std::make_unique<QHttpServer>();
    http->route(QStringLiteral("/metrics"), [this](const QHttpServerRequest& request) {
        if (request.method() != QHttpServerRequest::Method::Get &&
            request.method() != QHttpServerRequest::Method::Head)
            return QHttpServerResponse(QHttpServerResponder::StatusCode::MethodNotAllowed);
        QByteArray body = m_provider ? m_provider() : QByteArray();
        Q_EMIT scraped();
        return QHttpServerResponse(PrometheusExposition::contentType(), std::move(body));
    });
    // Without a rule for them, other paths get Qt's 404. The TCP server is made here rather
    // than by QHttpServer::listen() so that a failure keeps its reason.
    auto* tcp = new QTcpServer(http.get());
    if (!tcp->listen(address, port)) {
        if (error)
            *error = QStringLiteral("metrics server: cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(tcp->errorString());
        return false;
    }
    http->bind(tcp);
    const quint16 bound = tcp->serverPort();
    m_http = std::move(http);
    m_address = address;
    m_port = bound;
    qCInfo(lcOps).noquote() << "serving metrics on" << url();
    return true;
}

} // namespace ec
