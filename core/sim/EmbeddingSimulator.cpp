#include "sim/EmbeddingSimulator.h"

#include "sim/HttpMessage.h"
#include "sim/SimulatedBatchApi.h"
#include "sim/SimulatedEmbeddingApi.h"
#include "sim/VectorSynth.h"
#include "tokenizer/Cl100kTokenizer.h"
#include "util/Logging.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace ec {

struct EmbeddingSimulator::Connection
{
    QTcpSocket* socket = nullptr;
    QByteArray buffer;
    HttpRequestParser parser;
    bool busy = false;    ///< a request is being answered; later ones wait (HTTP/1.1 order)
    bool closing = false; ///< no more requests on this connection
};

namespace {

/// Closes the socket with a TCP RST instead of an orderly FIN.
void resetConnection(QTcpSocket* socket)
{
#ifdef Q_OS_UNIX
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        linger option{1, 0};
        ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &option, sizeof option);
    }
#endif
    socket->abort();
}

} // namespace

EmbeddingSimulator::EmbeddingSimulator(const SimulatorOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_stats(std::make_unique<SimulatorStatsRecorder>(options.requestLogLimit, options.recordServedTexts))
{
    qRegisterMetaType<ec::SimulatorRequestRecord>();
}

EmbeddingSimulator::~EmbeddingSimulator()
{
    stop();
}

QVector<float> EmbeddingSimulator::deterministicVector(QByteArrayView text, int dimensions)
{
    return synthesizeEmbedding(text, dimensions);
}

bool EmbeddingSimulator::start(QString* error)
{
    if (isListening())
        return true;
    if (!m_options.validate(error))
        return false;
    const Cl100kTokenizer& tokenizer = Cl100kTokenizer::instance();
    if (!tokenizer.isValid()) {
        if (error)
            *error = QStringLiteral("the cl100k tokenizer is unavailable: ") + tokenizer.error();
        return false;
    }
    m_api = std::make_unique<SimulatedEmbeddingApi>(m_options, m_stats.get());
    if (m_options.profile == ServerProfile::OpenAI)
        m_batches = std::make_unique<SimulatedBatchApi>(m_options, m_stats.get());
    if (!m_server) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &EmbeddingSimulator::onNewConnection);
    }
    if (!m_server->listen(QHostAddress::LocalHost, m_options.port)) {
        if (error)
            *error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                         .arg(m_options.port)
                         .arg(m_server->errorString());
        return false;
    }
    m_port.store(m_server->serverPort());
    m_clock.start();
    qCInfo(lcSim).noquote() << QStringLiteral("SIMULATED %1 (profile %2) listening on %3")
                                   .arg(QLatin1String(profileTraits(m_options.profile).imitates),
                                        profileName(m_options.profile), baseUrl().toString());
    return true;
}

void EmbeddingSimulator::stop()
{
    if (m_server)
        m_server->close();
    auto connections = std::move(m_connections);
    m_connections.clear();
    for (auto& [id, connection] : connections) {
        connection->socket->disconnect(this);
        connection->socket->abort();
        connection->socket->deleteLater();
    }
    m_port.store(0);
}

bool EmbeddingSimulator::isListening() const
{
    return m_server && m_server->isListening();
}

QUrl EmbeddingSimulator::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

SimulatorStats EmbeddingSimulator::stats() const
{
    return m_stats->snapshot();
}

void EmbeddingSimulator::resetStats()
{
    m_stats->reset();
}

EmbeddingSimulator::Connection* EmbeddingSimulator::find(quint64 id) const
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

void EmbeddingSimulator::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        const quint64 id = m_nextConnection++;
        auto connection = std::make_unique<Connection>();
        connection->socket = socket;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_connections.emplace(id, std::move(connection));
        m_stats->connectionAccepted();
        connect(socket, &QTcpSocket::readyRead, this, [this, id] {
            if (Connection* c = find(id)) {
                c->buffer += c->socket->readAll();
                process(id);
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { drop(id); });
        if (socket->bytesAvailable() > 0) {
            find(id)->buffer += socket->readAll();
            process(id);
        }
    }
}

void EmbeddingSimulator::drop(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    std::unique_ptr<Connection> connection = std::move(it->second);
    m_connections.erase(it);
    if (connection->busy)
        m_stats->leaveRequest();
    m_stats->connectionClosed();
    connection->socket->disconnect(this);
    connection->socket->deleteLater();
}

void EmbeddingSimulator::process(quint64 id)
{
    Connection* c = find(id);
    if (!c || c->busy || c->closing)
        return;
    HttpRequest request;
    const HttpRequestParser::Result result = c->parser.parse(c->buffer, &request);
    if (result == HttpRequestParser::Result::NeedMore) {
        if (c->parser.takeContinueRequest())
            c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        return;
    }
    if (result == HttpRequestParser::Result::Invalid) {
        const PlannedResponse plan = SimulatedEmbeddingApi::badHttp(c->parser.error());
        c->closing = true;
        c->socket->write(plan.bytes);
        c->socket->disconnectFromHost();
        return;
    }
    c->busy = true;
    m_stats->enterRequest();
    PlannedResponse plan;
    if (m_batches && SimulatedBatchApi::serves(request.path())) {
        SimulatorRequestRecord record;
        record.atMs = m_clock.elapsed();
        record.method = request.method;
        record.target = request.target;
        plan = m_batches->handle(request, record.atMs, record);
        record.status = plan.status;
        m_stats->recordRequest(record, false);
        plan.record = std::move(record);
    } else {
        plan = m_api->handle(request, m_clock.elapsed());
    }
    Q_EMIT requestHandled(plan.record);
    if (plan.delayMs > 0) {
        QTimer::singleShot(plan.delayMs, this, [this, id, plan = std::move(plan)] { deliver(id, plan); });
    } else {
        deliver(id, plan);
    }
}

void EmbeddingSimulator::deliver(quint64 id, const PlannedResponse& plan)
{
    Connection* c = find(id);
    if (!c)
        return; // the client went away meanwhile: nothing was served
    switch (plan.delivery) {
    case PlannedResponse::Delivery::Hang:
        c->socket->abort();
        drop(id);
        return;
    case PlannedResponse::Delivery::Reset:
        c->socket->write(plan.bytes);
        c->socket->flush();
        resetConnection(c->socket);
        drop(id);
        return;
    case PlannedResponse::Delivery::Respond:
        break;
    }
    c->socket->write(plan.bytes);
    if (!plan.servedTexts.isEmpty())
        m_stats->recordServed(plan.servedTexts, plan.servedTokens);
    c->busy = false;
    m_stats->leaveRequest();
    if (!plan.keepAlive) {
        c->closing = true;
        c->socket->disconnectFromHost();
        return;
    }
    if (!c->buffer.isEmpty())
        process(id);
}

} // namespace ec
