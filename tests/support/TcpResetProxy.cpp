#include "TcpResetProxy.h"

#include <QHostAddress>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <memory>
#include <vector>

namespace ec::test {

namespace {

/// Closes the socket with a TCP reset: no FIN, the peer's next read or write fails at once.
void resetSocket(QTcpSocket* socket)
{
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        const linger hard{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    socket->abort();
}

} // namespace

/// One client connection and its upstream connection.
struct ProxyPair
{
    QTcpSocket* client = nullptr;
    QTcpSocket* upstream = nullptr;
    QByteArray pending; ///< what the client sent before the upstream connection was up
    bool upstreamUp = false;
};

class TcpResetProxy::Worker : public QObject
{
public:
    Worker(QString host, quint16 port)
        : m_host(std::move(host))
        , m_port(port)
    {}

    /// On the worker's thread.
    bool listen(quint16* port, QString* error)
    {
        m_server = new QTcpServer(this);
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { acceptAll(); });
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = m_server->errorString();
            return false;
        }
        *port = m_server->serverPort();
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        QObject::connect(m_timer, &QTimer::timeout, this, [this] {
            cutAll();
            scheduleReset();
        });
        return true;
    }

    /// On the worker's thread: everything closed and deleted.
    void shutDown()
    {
        m_timer->stop();
        m_resetting = false;
        m_server->close();
        cutAll(/*count=*/false);
    }

    void startResets(int minMs, int maxMs, quint64 seed)
    {
        m_minMs = minMs;
        m_maxMs = qMax(minMs, maxMs);
        m_random.seed(quint32(seed ^ (seed >> 32)));
        m_resetting = true;
        scheduleReset();
    }

    void stopResets()
    {
        m_resetting = false;
        m_timer->stop();
    }

    /// Cuts every pair; counts a reset when `count`. Returns the pairs cut.
    int cutAll(bool count = true)
    {
        const int cut = int(m_pairs.size());
        for (const auto& pair : m_pairs) {
            pair->client->disconnect(this);
            pair->upstream->disconnect(this);
            resetSocket(pair->client);
            resetSocket(pair->upstream);
            pair->client->deleteLater();
            pair->upstream->deleteLater();
        }
        m_pairs.clear();
        if (count) {
            QMutexLocker lock(&m_statsMutex);
            ++m_stats.resets;
            m_stats.connectionsCut += quint64(cut);
        }
        return cut;
    }

    TcpResetProxyStats stats() const
    {
        QMutexLocker lock(&m_statsMutex);
        return m_stats;
    }

    void resetStats()
    {
        QMutexLocker lock(&m_statsMutex);
        m_stats = {};
    }

private:
    void scheduleReset()
    {
        if (m_resetting)
            m_timer->start(int(m_random.bounded(m_minMs, m_maxMs + 1)));
    }

    void acceptAll()
    {
        while (QTcpSocket* client = m_server->nextPendingConnection()) {
            auto pair = std::make_shared<ProxyPair>();
            pair->client = client;
            pair->upstream = new QTcpSocket(this);
            client->setParent(this);
            {
                QMutexLocker lock(&m_statsMutex);
                ++m_stats.connections;
            }
            ProxyPair* p = pair.get();
            QObject::connect(p->upstream, &QTcpSocket::connected, this, [this, p] {
                p->upstreamUp = true;
                forward(p->upstream, p->pending);
                p->pending.clear();
            });
            QObject::connect(client, &QTcpSocket::readyRead, this, [this, p] {
                const QByteArray data = p->client->readAll();
                if (p->upstreamUp)
                    forward(p->upstream, data);
                else
                    p->pending += data;
            });
            QObject::connect(p->upstream, &QTcpSocket::readyRead, this,
                             [this, p] { forward(p->client, p->upstream->readAll()); });
            // One side closing (or failing) closes the other once what it holds is sent.
            QObject::connect(client, &QTcpSocket::disconnected, this, [this, p] { close(p); });
            QObject::connect(p->upstream, &QTcpSocket::disconnected, this, [this, p] { close(p); });
            QObject::connect(p->upstream, &QTcpSocket::errorOccurred, this, [this, p] {
                if (!p->upstreamUp)
                    close(p); // the upstream refused or is down: the client sees a closed connection
            });
            m_pairs.push_back(std::move(pair));
            p->upstream->connectToHost(m_host, m_port);
        }
    }

    void forward(QTcpSocket* to, const QByteArray& data)
    {
        if (data.isEmpty())
            return;
        to->write(data);
        QMutexLocker lock(&m_statsMutex);
        m_stats.bytesForwarded += quint64(data.size());
    }

    /// An orderly end of one pair: the other side is closed after its pending writes.
    void close(ProxyPair* p)
    {
        for (auto it = m_pairs.begin(); it != m_pairs.end(); ++it) {
            if (it->get() != p)
                continue;
            p->client->disconnect(this);
            p->upstream->disconnect(this);
            if (p->upstreamUp && p->upstream->state() == QAbstractSocket::ConnectedState)
                forward(p->upstream, p->client->readAll());
            if (p->client->state() == QAbstractSocket::ConnectedState)
                forward(p->client, p->upstream->readAll());
            p->client->disconnectFromHost();
            p->upstream->disconnectFromHost();
            p->client->deleteLater();
            p->upstream->deleteLater();
            m_pairs.erase(it);
            return;
        }
    }

    QString m_host;
    quint16 m_port;
    QTcpServer* m_server = nullptr;
    QTimer* m_timer = nullptr;
    std::vector<std::shared_ptr<ProxyPair>> m_pairs;
    bool m_resetting = false;
    int m_minMs = 500;
    int m_maxMs = 2000;
    QRandomGenerator m_random;
    mutable QMutex m_statsMutex;
    TcpResetProxyStats m_stats;
};

TcpResetProxy::TcpResetProxy(const QString& upstreamHost, quint16 upstreamPort)
    : m_upstreamHost(upstreamHost)
    , m_upstreamPort(upstreamPort)
{}

TcpResetProxy::~TcpResetProxy()
{
    stop();
}

bool TcpResetProxy::start(QString* error)
{
    if (m_worker)
        return true;
    m_worker = new Worker(m_upstreamHost, m_upstreamPort);
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("TcpResetProxy"));
    m_thread.start();
    bool ok = false;
    QString reason;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->listen(&port, &reason); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = QStringLiteral("proxy cannot listen: ") + reason;
        stop();
        return false;
    }
    m_port = port;
    return true;
}

void TcpResetProxy::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->shutDown(); }, Qt::BlockingQueuedConnection);
    // The sockets go with deleteLater: let the thread's loop run them, then end it.
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended: its children (server, timer) go with it here
    m_worker = nullptr;
    m_port = 0;
}

void TcpResetProxy::startResets(int minIntervalMs, int maxIntervalMs, quint64 seed)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [=, this] { m_worker->startResets(minIntervalMs, maxIntervalMs, seed); },
            Qt::BlockingQueuedConnection);
}

void TcpResetProxy::stopResets()
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [this] { m_worker->stopResets(); }, Qt::BlockingQueuedConnection);
}

int TcpResetProxy::resetNow()
{
    int cut = 0;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [&] { cut = m_worker->cutAll(); }, Qt::BlockingQueuedConnection);
    return cut;
}

TcpResetProxyStats TcpResetProxy::stats() const
{
    return m_worker ? m_worker->stats() : TcpResetProxyStats{};
}

void TcpResetProxy::resetStats()
{
    if (m_worker)
        m_worker->resetStats();
}

} // namespace ec::test
