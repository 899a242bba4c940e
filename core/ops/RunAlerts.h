#pragma once
// The webhook alerts of a run: follows a RunController and posts through a WebhookNotifier
//  - when the run fails (its error);
//  - once per run, when its item error rate (failed ÷ processed) goes over
//    AlertSettings::errorRateThreshold, judged once at least minimumSample items are done
//    (and at the end of the run for smaller runs);
//  - with the summary when the run completes (or is cancelled or interrupted).
// Off when the settings have no webhook URL.
//
// The lead's wiring for `embedctl run`:
//   RunAlerts alerts(config.alerts, &controller);         // follows the controller
//   … after finished(): if (alerts.isSending()) wait for alerts.allSent().

#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"

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

public Q_SLOTS:
    void onProgress(const ec::RunProgress& progress);
    void onFinished(const ec::RunSummary& summary);

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
