#pragma once
// An OpenAI-compatible embeddings API on loopback, for tests, benchmarks and the offline
// demo (`embedctl simulate`). It always says it is a simulator: every response carries the
// header `x-simulator: embedding-console`, and GET /v1/models answers `"simulated": true`.
//
// Served over QTcpServer with a small HTTP/1.1 keep-alive codec of its own (HttpMessage.h),
// so faults are exact: a hang holds the request, a reset cuts the response and sends a TCP
// RST. What it answers, and in which order it checks a request, is in SimulatedEmbeddingApi.h;
// the options and the fault syntax are in SimulatorOptions.h.
//
// Lives on one thread (see SimulatorHost to give it its own); stats(), port() and baseUrl()
// may be called from any thread.

#include "sim/SimulatorOptions.h"
#include "sim/SimulatorStats.h"

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QObject>
#include <QUrl>
#include <QVector>

#include <atomic>
#include <memory>
#include <unordered_map>

class QTcpServer;

namespace ec {

class SimulatedEmbeddingApi;
class SimulatedBatchApi;
struct PlannedResponse;

class EmbeddingSimulator : public QObject
{
    Q_OBJECT
public:
    static constexpr const char* kIdentityHeader = "x-simulator";
    static constexpr const char* kIdentityValue = "embedding-console";

    explicit EmbeddingSimulator(const SimulatorOptions& options = {}, QObject* parent = nullptr);
    ~EmbeddingSimulator() override;

    /// Listens on 127.0.0.1:options.port (0: a free port). False with a reason when the
    /// options are invalid, the tokenizer cannot load or the port is taken.
    bool start(QString* error = nullptr);
    /// Stops listening and drops every connection.
    void stop();
    bool isListening() const;

    quint16 port() const { return m_port.load(); }
    /// "http://127.0.0.1:PORT/v1": what OPENAI_BASE_URL / --api-base should be.
    QUrl baseUrl() const;
    const SimulatorOptions& options() const { return m_options; }

    SimulatorStats stats() const;
    void resetStats();

    /// The vector the simulator answers for `text`: seeded by the SHA-256 of the text, unit
    /// length (see VectorSynth.h). Equal texts get equal vectors.
    static QVector<float> deterministicVector(QByteArrayView text, int dimensions);

Q_SIGNALS:
    /// After each request is planned (before any latency): for logs and live views.
    void requestHandled(const ec::SimulatorRequestRecord& record);

private:
    struct Connection;

    void onNewConnection();
    void process(quint64 id);
    void deliver(quint64 id, const PlannedResponse& plan);
    void drop(quint64 id);
    Connection* find(quint64 id) const;

    SimulatorOptions m_options;
    std::unique_ptr<SimulatorStatsRecorder> m_stats;
    std::unique_ptr<SimulatedEmbeddingApi> m_api;
    std::unique_ptr<SimulatedBatchApi> m_batches; ///< /v1/files and /v1/batches (openai profile)
    QTcpServer* m_server = nullptr;
    QElapsedTimer m_clock;
    std::atomic<quint16> m_port{0};
    quint64 m_nextConnection = 1;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
};

} // namespace ec
