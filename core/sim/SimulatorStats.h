#pragma once
// What the simulator has seen and answered: a snapshot that tests and `embedctl simulate`
// read from any thread (SimulatorStatsRecorder guards it with a mutex).

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QMetaType>
#include <QMutex>
#include <QString>
#include <QVector>

namespace ec {

/// One HTTP request the simulator received.
struct SimulatorRequestRecord
{
    qint64 atMs = 0; ///< arrival, in ms since the simulator started
    QByteArray method;
    QByteArray target;      ///< path and query as sent
    int status = 0;         ///< the status answered; 0 when no whole response went out (hang, reset)
    int inputs = 0;         ///< inputs in the request (embeddings only)
    int tokens = 0;         ///< their exact cl100k tokens
    QString fault;          ///< the injected fault, empty when none
    int dimensions = 0;     ///< the `dimensions` field, 0 when absent
    QString encodingFormat; ///< the `encoding_format` field, empty when absent
    QString auth;           ///< "bearer", "api-key" or "none" (never the key itself)
    QByteArray firstInput;  ///< the first input, at most 64 bytes
};

struct SimulatorStats
{
    quint64 requests = 0;                  ///< every HTTP request
    quint64 embeddingRequests = 0;         ///< POSTs to an embeddings route
    quint64 inputsReceived = 0;            ///< inputs of every parsed embeddings request
    quint64 inputsAccepted = 0;            ///< inputs answered with correct vectors that were sent out
    quint64 tokens = 0;                    ///< prompt tokens of those accepted inputs
    QMap<int, quint64> responsesByStatus;  ///< 0: no whole response (hang, reset)
    QMap<QString, quint64> faultsInjected; ///< by fault name ("429", "reset", "bad-input", …)
    /// Per text: how many times it was answered with a correct vector (recordServedTexts).
    QHash<QByteArray, int> servedCount;
    QVector<SimulatorRequestRecord> requestLog; ///< newest last, at most requestLogLimit
    int peakInFlight = 0;                       ///< most requests being worked on at once
    int inFlight = 0;                           ///< requests being worked on now
    quint64 connectionsAccepted = 0;
    quint64 connectionsClosed = 0;

    /// Connections not yet closed: 0 once every client has gone and all it sent was read.
    quint64 connectionsOpen() const { return connectionsAccepted - connectionsClosed; }

    quint64 responses(int status) const { return responsesByStatus.value(status); }
    quint64 faults(const QString& name) const { return faultsInjected.value(name); }
    /// The most embeddings requests that arrived within any window of `windowMs`.
    int maxRequestsInWindow(qint64 windowMs) const;
    /// The most tokens (of embeddings requests that arrived) within any window of `windowMs`.
    qint64 maxTokensInWindow(qint64 windowMs) const;
};

/// The simulator's side: updates under a mutex, snapshot() from any thread.
class SimulatorStatsRecorder
{
public:
    explicit SimulatorStatsRecorder(int logLimit, bool recordServedTexts);

    /// Counts one answered (or hung/reset) request: its status, fault and inputs.
    void recordRequest(const SimulatorRequestRecord& record, bool embeddings);
    void recordServed(const QVector<QByteArray>& texts, qint64 tokens);
    void enterRequest();
    void leaveRequest();
    /// Requests being worked on now, the one being planned included.
    int inFlight() const;
    void connectionAccepted();
    void connectionClosed();

    SimulatorStats snapshot() const;
    void reset();

private:
    mutable QMutex m_mutex;
    SimulatorStats m_stats;
    int m_logLimit;
    bool m_recordServed;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::SimulatorRequestRecord)
