#pragma once
// A TCP proxy for fault tests: it listens on a loopback port, forwards every connection to an
// upstream host and port, and cuts every connection it carries at once when told to, or at
// random intervals: both sides get a TCP reset (SO_LINGER 0, then abort()), as from a failing
// network, a NAT or a load balancer dropping its state. It runs on a thread of its own, so the
// caller may block (QProcess::waitForFinished) while it forwards.
//
//     TcpResetProxy proxy(QStringLiteral("127.0.0.1"), serverPort);
//     if (!proxy.start(&error)) …
//     … point clients at 127.0.0.1:proxy.port() …
//     proxy.startResets(500, 2000, seed);   // cut everything every 0.5–2 s
//     …
//     proxy.stopResets();
//     proxy.stats().resets, .connectionsCut
//
// Every method is called from the thread that owns the proxy; they are not reentrant.

#include <QString>
#include <QThread>

namespace ec::test {

/// What the proxy has done since it started (or since resetStats()).
struct TcpResetProxyStats
{
    quint64 connections = 0;    ///< client connections accepted
    quint64 resets = 0;         ///< times every open connection was cut
    quint64 connectionsCut = 0; ///< connections those resets cut (a reset may cut none)
    quint64 bytesForwarded = 0; ///< both directions
};

class TcpResetProxy
{
public:
    TcpResetProxy(const QString& upstreamHost, quint16 upstreamPort);
    /// Stops the proxy and joins its thread.
    ~TcpResetProxy();
    TcpResetProxy(const TcpResetProxy&) = delete;
    TcpResetProxy& operator=(const TcpResetProxy&) = delete;

    /// Starts the thread and listens on a free loopback port; false with a reason otherwise.
    bool start(QString* error = nullptr);
    /// Cuts every connection, stops listening and joins the thread.
    void stop();
    /// The port clients connect to (0 before start()).
    quint16 port() const { return m_port; }

    /// From now on, cut every connection after a random pause drawn uniformly from
    /// [minIntervalMs, maxIntervalMs] (a generator seeded with `seed`), again and again.
    void startResets(int minIntervalMs, int maxIntervalMs, quint64 seed);
    /// No more resets; connections already open go on.
    void stopResets();
    /// Cuts every open connection now; returns how many it cut.
    int resetNow();

    TcpResetProxyStats stats() const;
    void resetStats();

private:
    class Worker; ///< lives on m_thread: the server, the connection pairs, the reset timer

    QString m_upstreamHost;
    quint16 m_upstreamPort;
    quint16 m_port = 0;
    QThread m_thread;
    Worker* m_worker = nullptr;
};

} // namespace ec::test
