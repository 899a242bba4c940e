#include "UiBenchmark.h"

#include "EventWait.h"
#include "MainWindow.h"
#include "StallMonitor.h"

#include "ops/DemoEnvironment.h"
#include "pipeline/RunController.h"

#include <QElapsedTimer>
#include <QFile>

namespace ec::ui {

UiBenchmark::UiBenchmark(UiLanguage* language, UiBenchmarkOptions options)
    : m_language(language)
    , m_options(options)
{}

int UiBenchmark::run(QTextStream& out, QTextStream& err)
{
    DemoSetup setup;
    setup.items = m_options.items;
    setup.latencyMs = m_options.latencyMs;
    setup.requestsPerMinute = 0;
    setup.tokensPerMinute = 0;
    DemoEnvironment demo;
    QString error;
    if (!demo.start(setup, &error)) {
        err << "embedding-console: cannot prepare the benchmark: " << error << Qt::endl;
        return 1;
    }

    WindowOptions options;
    options.persistSettings = false;
    MainWindow window(demo.config(), m_language, options);
    window.show();
    bool statusSeen = false;
    QObject::connect(&window, &MainWindow::statusRefreshed, &window, [&] { statusSeen = true; });
    waitUntil([&] { return statusSeen; }, 30000);

    StallMonitor monitor(5);
    monitor.start();
    QElapsedTimer clock;
    clock.start();
    if (!window.startRun()) {
        err << "embedding-console: the run did not start" << Qt::endl;
        return 1;
    }
    const bool finished = waitUntil([&] { return window.hasFinishedRun(); }, m_options.timeoutSeconds * 1000);
    const double seconds = double(clock.elapsed()) / 1000.0;
    monitor.stop();
    if (!finished) {
        window.controller()->stop();
        window.controller()->stop();
        waitUntil([&] { return window.hasFinishedRun(); }, 30000);
    }

    const RunProgress& p = window.lastSummary().progress;
    // The machine's load average, so that figures taken on a busy machine read as such.
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    QString load = QStringLiteral("?");
    if (loadavg.open(QIODevice::ReadOnly))
        load = QString::fromLatin1(loadavg.readAll()).section(QLatin1Char(' '), 0, 0);
    const double maxStall = monitor.maxGapMs();
    out << QStringLiteral(
               "max_stall_ms=%1 p99_stall_ms=%2 items=%3 processed=%4 run_seconds=%5 state=%6 ticks=%7 "
               "loadavg=%8 max_stall_at_s=%9")
               .arg(maxStall, 0, 'f', 1)
               .arg(monitor.percentileGapMs(99), 0, 'f', 1)
               .arg(m_options.items)
               .arg(p.processed)
               .arg(seconds, 0, 'f', 1)
               .arg(runStateName(p.state))
               .arg(monitor.gaps().size())
               .arg(load)
               .arg(monitor.maxGapAtMs() / 1000.0, 0, 'f', 2)
        << QStringLiteral(" target_max_stall_ms=%1 verdict=%2")
               .arg(kTargetMaxStallMs, 0, 'f', 0)
               .arg(maxStall <= kTargetMaxStallMs ? QStringLiteral("met") : QStringLiteral("not_met"))
        << Qt::endl;
    return finished && p.state == RunState::Completed ? 0 : 1;
}

} // namespace ec::ui
