#pragma once
// The metrics of a run as it goes: follows a RunController, accumulates the API request
// latencies into a histogram and keeps the latest MetricsSnapshot. Optionally rewrites a
// textfile for node_exporter (at most once per second, and once more when the run ends)
// and serves /metrics. Lives on the caller's thread, never blocks it.
//
// The lead's wiring for `embedctl run`:
//   RunMetrics metrics(&controller);                        // follows the controller
//   metrics.writeTextfile(path, &error);                    // --metrics-textfile PATH
//   metrics.serve(MetricsServer::parseBindAddress(bind), port, &error); // --metrics-port/--metrics-bind
//   metrics.trackStatus(config);                            // the original design's table gauges too
//   … after finished(): if (!metrics.isSettled()) wait for metrics.settled().

#include "config/AppConfig.h"
#include "ops/MetricsSnapshot.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>

#include <memory>

class QTimer;

namespace ec {

class RunController;
class MetricsServer;
class MetricsTextfileWriter;
class StatusJob;
struct RequestStats;

class RunMetrics : public QObject
{
    Q_OBJECT
public:
    /// Follows controller's progress, its requests (latency histogram) and its end. It may
    /// outlive the controller.
    explicit RunMetrics(RunController* controller, QObject* parent = nullptr);
    /// Not attached to a controller: fed through the slots (tests, the console).
    explicit RunMetrics(QObject* parent = nullptr);
    ~RunMetrics() override;

    /// Follows controller from now on: its progress, requests and end (a long-lived worker
    /// attaches each of its runs in turn).
    void attach(RunController* controller);

    /// The figures now, with this process's RSS and CPU time read at the call.
    MetricsSnapshot snapshot() const;
    /// snapshot() in the Prometheus text format.
    QByteArray render() const;
    /// Adds worker="name" to every sample render() writes (empty: no such label).
    void setWorkerLabel(const QString& worker) { m_workerLabel = worker; }

    /// Rewrites path atomically as the run goes (at most every intervalMs, and at the end).
    /// Writes it once at once: false with a one-line reason when that fails.
    bool writeTextfile(const QString& path, QString* error = nullptr, int intervalMs = 1000);
    /// Serves /metrics on address:port while this object lives (127.0.0.1 by default).
    bool serve(const QHostAddress& address, quint16 port, QString* error = nullptr);
    /// The server started by serve(), or nullptr.
    MetricsServer* server() const { return m_server; }

    /// Keeps the catalog's counts (the original design's gauges: progress, total, pending, errors) in the
    /// snapshot: counted now, every intervalMs while the run goes, and once more when it ends,
    /// each time on a thread and connection of its own (StatusJob). Without it the snapshot
    /// has the table's counts only when updateStatus() is called.
    void trackStatus(const AppConfig& config, int intervalMs = 15000);

    /// False from the end of the run until the final status count and textfile write are
    /// done; settled() follows. True when there is nothing left to do.
    bool isSettled() const { return !m_settling; }

public Q_SLOTS:
    void updateProgress(const ec::RunProgress& progress);
    void finish(const ec::RunSummary& summary);
    /// One API request (its latency goes into the histogram).
    void recordRequest(const ec::RequestStats& stats);
    void recordLatencyMs(qint64 latencyMs);
    /// The catalog table's counts (the original design's gauges), when the caller has them.
    void updateStatus(const ec::StatusCounts& status);

Q_SIGNALS:
    /// A textfile write failed (reported once per distinct reason).
    void textfileError(const QString& error);
    /// The run has ended and its last figures are written (see isSettled()).
    void settled();

private:
    void scheduleTextfile();
    void flushTextfile();
    void refreshStatus();
    void onStatusJobEnded();
    void settle();

    MetricsSnapshot m_snapshot;
    MetricsServer* m_server = nullptr;
    std::unique_ptr<MetricsTextfileWriter> m_textfile;
    QTimer* m_textfileTimer = nullptr;
    QElapsedTimer m_sinceWrite;
    int m_textfileIntervalMs = 1000;
    QString m_lastTextfileError;

    StatusJob* m_statusJob = nullptr;
    QTimer* m_statusTimer = nullptr;
    std::unique_ptr<AppConfig> m_statusConfig;
    bool m_statusAgain = false; ///< count again once the running job ends
    bool m_settling = false;
    QString m_lastStatusError;
    QString m_workerLabel;
};

} // namespace ec
