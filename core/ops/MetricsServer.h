#pragma once
// Serves GET /metrics in the Prometheus text format over Qt HttpServer, for as long as the
// object lives. Bound to 127.0.0.1 unless told otherwise: the metrics say how big the
// catalog is and what it costs, which is nobody else's business. Every other path answers
// 404, every other method 405.
//
// The content comes from a provider called on each scrape, on the server's thread (the
// thread that owns this object), so the provider may read objects of that thread freely.

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServer;

namespace ec {

class MetricsServer : public QObject
{
    Q_OBJECT
public:
    using Provider = std::function<QByteArray()>;

    explicit MetricsServer(Provider provider, QObject* parent = nullptr);
    ~MetricsServer() override;

    /// Starts listening; port 0 picks a free port. False with a one-line reason (address in
    /// use, not a local address, …).
    bool listen(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost), quint16 port = 0,
                QString* error = nullptr);
    bool isListening() const { return m_port != 0; }
    /// The port listened on (0 when not listening).
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_address; }
    /// "http://127.0.0.1:9464/metrics".
    QString url() const;

    /// Parses --metrics-bind: an IP address, "localhost", or "*" / "0.0.0.0" for every
    /// interface. Null address for anything else.
    static QHostAddress parseBindAddress(const QString& text);

Q_SIGNALS:
    /// One /metrics request answered.
    void scraped();

private:
    Provider m_provider;
    std::unique_ptr<QHttpServer> m_http;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace ec
