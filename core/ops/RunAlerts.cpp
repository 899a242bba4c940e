#include "ops/RunAlerts.h"

#include "ops/WebhookNotifier.h"
#include "pipeline/RunController.h"

#include <QEventLoop>
#include <QHostInfo>
#include <QTimer>

namespace ec {

RunAlerts::RunAlerts(const AlertSettings& settings, QObject* parent)
    : QObject(parent)
    , m_notifier(new WebhookNotifier(settings, this))
{
    connect(m_notifier, &WebhookNotifier::idle, this, &RunAlerts::allSent);
}

RunAlerts::RunAlerts(const AlertSettings& settings, RunController* controller, QObject* parent)
    : RunAlerts(settings, parent)
{
    connect(controller, &RunController::progressUpdated, this, &RunAlerts::onProgress);
    connect(controller, &RunController::finished, this, &RunAlerts::onFinished);
}

RunAlerts::~RunAlerts() = default;

bool RunAlerts::enabled() const
{
    return m_notifier->enabled();
}

bool RunAlerts::isSending() const
{
    return m_notifier->pendingCount() > 0;
}

static QString runLabel(const RunProgress& progress)
{
    const QString host = QHostInfo::localHostName();
    if (progress.runId > 0)
        return QStringLiteral("Embedding run #%1 on %2").arg(progress.runId).arg(host);
    return QStringLiteral("Embedding run on %1").arg(host);
}

static double errorRate(const RunProgress& progress)
{
    return progress.processed > 0 ? double(progress.failed) / double(progress.processed) : 0.0;
}

QString RunAlerts::failureText(const RunSummary& summary)
{
    const RunProgress& p = summary.progress;
    return QStringLiteral("%1 failed: %2 (%3 of %4 items processed)")
        .arg(runLabel(p), summary.error.isEmpty() ? QStringLiteral("unknown error") : summary.error)
        .arg(p.processed)
        .arg(p.total);
}

QString RunAlerts::errorRateText(const RunProgress& progress, double threshold)
{
    return QStringLiteral("%1: error rate %2% is over the %3% threshold (%4 of %5 items failed)")
        .arg(runLabel(progress))
        .arg(errorRate(progress) * 100.0, 0, 'f', 1)
        .arg(threshold * 100.0, 0, 'f', 1)
        .arg(progress.failed)
        .arg(progress.processed);
}

QString RunAlerts::summaryText(const RunSummary& summary)
{
    const RunProgress& p = summary.progress;
    QString text = QStringLiteral("%1 %2: %3 of %4 items processed (%5 succeeded, %6 failed, %7 skipped, "
                                  "%8 unchanged, %9 deduped, %10 cached)")
                       .arg(runLabel(p), runStateName(p.state))
                       .arg(p.processed)
                       .arg(p.total)
                       .arg(p.succeeded)
                       .arg(p.failed)
                       .arg(p.skipped)
                       .arg(p.unchanged)
                       .arg(p.deduped)
                       .arg(p.cached);
    text += QStringLiteral(", %1 tokens, $%2, %3 s")
                .arg(p.tokens)
                .arg(p.costUsd, 0, 'f', 4)
                .arg(p.elapsedSeconds, 0, 'f', 0);
    if (summary.simulated)
        text += QStringLiteral(" [simulated endpoint]");
    const int shown = qMin<int>(5, summary.errors.size());
    for (int i = 0; i < shown; ++i) {
        const ItemError& e = summary.errors[i];
        text +=
            QStringLiteral("\n- %1: %2%3")
                .arg(e.itemId, e.httpStatus > 0 ? QStringLiteral("HTTP %1 ").arg(e.httpStatus) : QString(),
                     e.message);
    }
    if (summary.errors.size() > shown)
        text += QStringLiteral("\n… and %1 more").arg(summary.errors.size() - shown);
    return text;
}

QString RunAlerts::batchText(const BatchRecord& b, bool simulated)
{
    QString text =
        QStringLiteral("Batch API batch %1 (row %2) on %3 %4: %5 of %6 requests completed, %7 failed; "
                       "%8 items written, %9 failed, %10 back to pending; %11 tokens, $%12 at the Batch "
                       "API price")
            .arg(b.batchId.isEmpty() ? QStringLiteral("-") : b.batchId)
            .arg(b.row)
            .arg(QHostInfo::localHostName(), b.status.isEmpty() ? b.state : b.status)
            .arg(b.completed)
            .arg(b.total)
            .arg(b.failed)
            .arg(b.written)
            .arg(b.itemFailures)
            .arg(b.returned)
            .arg(b.billedTokens)
            .arg(b.costUsd, 0, 'f', 4);
    if (simulated)
        text += QStringLiteral(" [simulated endpoint]");
    if (!b.errors.isEmpty())
        text += QStringLiteral("\n") + b.errors.left(500);
    return text;
}

void RunAlerts::onBatchesCollected(const QVector<BatchRecord>& batches, bool simulated)
{
    for (const BatchRecord& batch : batches)
        m_notifier->send(batchText(batch, simulated));
}

void RunAlerts::sendBatchAlerts(const AlertSettings& settings, const QVector<BatchRecord>& batches,
                                bool simulated, int timeoutMs)
{
    if (!settings.enabled() || batches.isEmpty())
        return;
    RunAlerts alerts(settings);
    QEventLoop loop;
    QObject::connect(&alerts, &RunAlerts::allSent, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    alerts.onBatchesCollected(batches, simulated);
    if (alerts.isSending())
        loop.exec();
}

void RunAlerts::checkErrorRate(const RunProgress& progress, qint64 minimumSample)
{
    if (m_errorRateSent || progress.processed < minimumSample || progress.processed == 0)
        return;
    const double threshold = m_notifier->settings().errorRateThreshold;
    if (errorRate(progress) > threshold) {
        m_errorRateSent = true;
        m_notifier->send(errorRateText(progress, threshold));
    }
}

void RunAlerts::onProgress(const RunProgress& progress)
{
    if (progress.runId > 0 && progress.runId != m_runId) {
        // A new run (the console runs many with one controller): it gets its own alert.
        m_runId = progress.runId;
        m_errorRateSent = false;
    }
    checkErrorRate(progress, m_minimumSample);
}

void RunAlerts::onFinished(const RunSummary& summary)
{
    if (summary.lockRefused)
        return; // nothing ran: another exclusive run holds the lock
    if (summary.progress.state == RunState::Failed) {
        m_notifier->send(failureText(summary));
        return;
    }
    checkErrorRate(summary.progress, 1);
    m_notifier->send(summaryText(summary));
}

} // namespace ec
