// RunSession::watch: `embedctl run --watch`, the long-lived worker of the systemd template
// embedctl-worker@.service (docs/operations.md, "Many workers on many hosts").
#include "RunSession.h"

#include "CliFormat.h"
#include "ops/RunAlerts.h"
#include "ops/RunMetrics.h"
#include "pipeline/RunController.h"
#include "store/ChangeListener.h"
#include "util/BuildInfo.h"
#include "util/Logging.h"
#include "util/Secrets.h"
#include "util/SignalWatcher.h"

#include <QEventLoop>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

namespace ec {

int RunSession::parseInterval(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)?$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return 0;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const double ms = unit == QLatin1String("ms")  ? value
                      : unit == QLatin1String("m") ? value * 60000
                      : unit == QLatin1String("h") ? value * 3600000
                                                   : value * 1000;
    return ms >= 1 && ms <= 24 * 3600000.0 ? int(ms) : 0;
}

int RunSession::watch(RunOptions options, int intervalMs, const QString& worker)
{
    options.incremental = true; // new and changed items; model changes wait for a full run
    const bool chatty = !m_context.quiet && !m_context.json;
    SignalWatcher signals;
    int signalCount = 0;
    QPointer<RunController> current;
    QEventLoop* waiting = nullptr;
    bool wake = false;

    QObject::connect(&signals, &SignalWatcher::received, &signals, [&](int) {
        ++signalCount;
        if (current)
            current->stop(); // the first stop finishes the requests in flight, a second aborts
        if (waiting)
            waiting->quit();
    });

    // /metrics and the textfile live as long as the process, not one run.
    if (!openMetrics(worker))
        return ExitError;

    ChangeListener listener;
    QString why;
    const bool notified = listener.start(m_context.config, &why);
    QObject::connect(&listener, &ChangeListener::changed, &listener, [&] {
        wake = true;
        if (waiting)
            waiting->quit();
    });
    qCInfo(lcCli).noquote() << "embedctl" << BuildInfo::summary() << "watching"
                            << redactUrl(m_context.config.effectiveDatabaseUrl())
                            << (worker.isEmpty() ? QString() : QStringLiteral("as worker ") + worker);
    if (notified)
        qCInfo(lcCli).noquote() << "woken by NOTIFY on" << ChangeListener::channel(m_context.config.table)
                                << "(embedctl print-trigger), and at least every" << intervalMs / 1000.0
                                << "s";
    else
        qCInfo(lcCli).noquote() << "polling every" << intervalMs / 1000.0 << "s:" << why;

    int lastExit = ExitOk;
    while (signalCount == 0) {
        wake = false;
        RunController controller;
        current = &controller;
        RunSummary result;
        bool done = false;
        QEventLoop loop;
        QObject::connect(&controller, &RunController::finished, &controller, [&](const RunSummary& summary) {
            result = summary;
            done = true;
            loop.quit();
        });
        QObject::connect(&controller, &RunController::logMessage, &controller, [&](const QString& message) {
            if (chatty)
                m_context.err << message << Qt::endl;
        });
        if (m_metrics)
            m_metrics->attach(&controller);
        m_alerts.reset();
        if (m_context.config.alerts.enabled())
            m_alerts = std::make_unique<RunAlerts>(m_context.config.alerts, &controller);
        controller.start(m_context.config, options);
        if (!done)
            loop.exec();
        current = nullptr;
        waitForAlerts();

        const RunProgress& r = result.progress;
        if (!result.error.isEmpty())
            m_context.fail(result.error);
        else if (r.total > 0 && chatty)
            m_context.err << "run " << r.runId << ' ' << runStateName(r.state) << ": " << r.succeeded
                          << " embedded, " << r.failed << " failed, " << r.skipped << " skipped of "
                          << r.total << " in " << formatDuration(r.elapsedSeconds) << Qt::endl;
        lastExit = result.exitCode();
        if (signalCount > 0)
            break;
        if (wake)
            continue; // rows changed during the run: look again at once
        QEventLoop pause;
        waiting = &pause;
        QTimer::singleShot(intervalMs, &pause, &QEventLoop::quit);
        pause.exec();
        waiting = nullptr;
    }
    if (chatty)
        m_context.err << "stopped" << Qt::endl;
    // A second signal aborted the run in progress: say so in the exit code; a stop is the
    // normal end of a worker.
    return lastExit == 5 ? lastExit : int(ExitOk);
}

} // namespace ec
