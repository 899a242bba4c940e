#include "ops/RunMetrics.h"

#include "api/ApiTypes.h"
#include "ops/MetricsServer.h"
#include "ops/MetricsTextfileWriter.h"
#include "ops/PrometheusExposition.h"
#include "ops/StatusJob.h"
#include "pipeline/RunController.h"
#include "util/Logging.h"

#include <QTimer>

namespace ec {

RunMetrics::RunMetrics(QObject* parent)
    : QObject(parent)
{
    m_snapshot.latency = LatencyHistogram();
}

RunMetrics::RunMetrics(RunController* controller, QObject* parent)
    : RunMetrics(parent)
{
    attach(controller);
}

RunMetrics::~RunMetrics() = default;

void RunMetrics::attach(RunController* controller)
{
    m_snapshot.run = controller->progress();
    connect(controller, &RunController::progressUpdated, this, &RunMetrics::updateProgress);
    connect(controller, &RunController::finished, this, &RunMetrics::finish);
    connect(controller, &RunController::requestCompleted, this, &RunMetrics::recordRequest);
}

MetricsSnapshot RunMetrics::snapshot() const
{
    MetricsSnapshot snapshot = m_snapshot;
    snapshot.process = ProcessStats::current();
    return snapshot;
}

QByteArray RunMetrics::render() const
{
    const QByteArray text = PrometheusExposition::render(snapshot());
    return m_workerLabel.isEmpty()
               ? text
               : PrometheusExposition::withLabel(text, QByteArrayLiteral("worker"), m_workerLabel);
}

void RunMetrics::updateProgress(const RunProgress& progress)
{
    // A new run of the same controller (the console runs many) starts a new histogram. Its
    // requests come after it is recorded, so its id is known before the first latency.
    if (progress.runId > 0 && m_snapshot.run && m_snapshot.run->runId > 0 &&
        progress.runId != m_snapshot.run->runId)
        m_snapshot.latency->clear();
    m_snapshot.run = progress;
    scheduleTextfile();
}

void RunMetrics::finish(const RunSummary& summary)
{
    m_snapshot.run = summary.progress;
    if (m_statusJob) {
        // The table changed during the run: count it once more before the last write.
        m_settling = true;
        m_statusTimer->stop();
        refreshStatus();
        return;
    }
    settle();
}

void RunMetrics::settle()
{
    if (m_textfile)
        flushTextfile();
    m_settling = false;
    Q_EMIT settled();
}

void RunMetrics::trackStatus(const AppConfig& config, int intervalMs)
{
    if (m_statusJob)
        return;
    m_statusJob = new StatusJob(this);
    connect(m_statusJob, &StatusJob::finished, this, [this](const StatusCounts& status) {
        m_lastStatusError.clear();
        updateStatus(status);
        onStatusJobEnded();
    });
    connect(m_statusJob, &StatusJob::failed, this, [this](const QString& error) {
        if (error != m_lastStatusError) {
            m_lastStatusError = error;
            qCWarning(lcOps).noquote() << "metrics: cannot count the catalog:" << error;
        }
        onStatusJobEnded();
    });
    m_statusTimer = new QTimer(this);
    connect(m_statusTimer, &QTimer::timeout, this, &RunMetrics::refreshStatus);
    m_statusTimer->start(qMax(1000, intervalMs));
    m_statusConfig = std::make_unique<AppConfig>(config);
    refreshStatus();
}

void RunMetrics::refreshStatus()
{
    if (m_statusJob->isRunning()) {
        m_statusAgain = m_settling;
        return;
    }
    m_statusJob->start(*m_statusConfig);
}

void RunMetrics::onStatusJobEnded()
{
    if (!m_settling)
        return;
    if (m_statusAgain) {
        m_statusAgain = false;
        refreshStatus();
        return;
    }
    settle();
}

void RunMetrics::recordRequest(const RequestStats& stats)
{
    recordLatencyMs(stats.latencyMs);
}

void RunMetrics::recordLatencyMs(qint64 latencyMs)
{
    m_snapshot.latency->observeMs(latencyMs);
}

void RunMetrics::updateStatus(const StatusCounts& status)
{
    m_snapshot.status = status;
    scheduleTextfile();
}

bool RunMetrics::writeTextfile(const QString& path, QString* error, int intervalMs)
{
    m_textfile = std::make_unique<MetricsTextfileWriter>(path);
    m_textfileIntervalMs = qMax(0, intervalMs);
    if (!m_textfileTimer) {
        m_textfileTimer = new QTimer(this);
        m_textfileTimer->setSingleShot(true);
        connect(m_textfileTimer, &QTimer::timeout, this, &RunMetrics::flushTextfile);
    }
    if (!m_textfile->write(render(), error)) {
        m_textfile.reset();
        return false;
    }
    m_sinceWrite.start();
    return true;
}

bool RunMetrics::serve(const QHostAddress& address, quint16 port, QString* error)
{
    auto* server = new MetricsServer([this] { return render(); }, this);
    if (!server->listen(address, port, error)) {
        delete server;
        return false;
    }
    delete m_server;
    m_server = server;
    return true;
}

void RunMetrics::scheduleTextfile()
{
    if (!m_textfile || m_textfileTimer->isActive())
        return;
    const qint64 wait = m_textfileIntervalMs - m_sinceWrite.elapsed();
    if (wait <= 0)
        flushTextfile();
    else
        m_textfileTimer->start(int(wait));
}

void RunMetrics::flushTextfile()
{
    m_textfileTimer->stop();
    m_sinceWrite.restart();
    QString error;
    if (m_textfile->write(render(), &error)) {
        m_lastTextfileError.clear();
        return;
    }
    if (error != m_lastTextfileError) {
        m_lastTextfileError = error;
        qCWarning(lcOps).noquote() << error;
        Q_EMIT textfileError(error);
    }
}

} // namespace ec
