#pragma once
// The webhook alerts of a run: follows a RunController and posts through a WebhookNotifier
//  - when the run fails (its error);
//  - once per run, when its item error rate (failed ÷ processed) goes over
//    AlertSettings::errorRateThreshold, judged once at least minimumSample items are done
//    (and at the end of the run for smaller runs);
//  - with the summary when the run completes (or is cancelled or interrupted);
//  - once per Batch API batch that ended (completed, expired, cancelled, failed) and was
//    collected, with its counts and cost (onBatchesCollected: embedctl batches --collect,
//    run's collection and the console's Batches view).
// Off when the settings have no webhook URL.
//
// The lead's wiring for `embedctl run`:
//   RunAlerts alerts(config.alerts, &controller);         // follows the controller
//   … after finished(): if (alerts.isSending()) wait for alerts.allSent().

#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"
#include "store/BatchStore.h"

#include <QObject>

namespace ec {

class RunController;
class WebhookNotifier;

class RunAlerts : public QObject
{
    Q_OBJECT
public:
    /// Follows controller; it may outlive the controller.
    RunAlerts(const AlertSettings& settings, RunController* controller, QObject* parent = nullptr);
    /// Not attached: fed through the slots (tests, the console).
    explicit RunAlerts(const AlertSettings& settings, QObject* parent = nullptr);
    ~RunAlerts() override;

    bool enabled() const;
    WebhookNotifier* notifier() const { return m_notifier; }

    /// Items that must be done before the error rate is judged during a run (default 20).
    void setMinimumSample(int items) { m_minimumSample = qMax(1, items); }

    /// True while alerts are on their way.
    bool isSending() const;

    /// The texts sent (exposed for tests and for the console's log).
    static QString failureText(const RunSummary& summary);
    static QString errorRateText(const RunProgress& progress, double threshold);
    static QString summaryText(const RunSummary& summary);
    /// A collected batch: its id, final status, request counts, what was written, failed and
    /// returned to pending, tokens and cost at the Batch API price.
    static QString batchText(const BatchRecord& batch, bool simulated);

    /// Sends batchText() for each batch, and waits (a local event loop, at most timeoutMs) until
    /// every alert is delivered or failed: for embedctl, which exits after collecting.
    static void sendBatchAlerts(const AlertSettings& settings, const QVector<BatchRecord>& batches,
                                bool simulated, int timeoutMs = 15000);

public Q_SLOTS:
    void onProgress(const ec::RunProgress& progress);
    void onFinished(const ec::RunSummary& summary);
    /// One alert per batch collected (BatchCollectResult::collectedBatches).
    void onBatchesCollected(const QVector<ec::BatchRecord>& batches, bool simulated);

Q_SIGNALS:
    /// Every alert has been delivered or has failed.
    void allSent();

private:
    void checkErrorRate(const RunProgress& progress, qint64 minimumSample);

    WebhookNotifier* m_notifier = nullptr;
    int m_minimumSample = 20;
    qint64 m_runId = -1;
    bool m_errorRateSent = false;
};

} // namespace ec
