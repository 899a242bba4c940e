// The console as an operator first meets it (offscreen, real widgets): the first launch on an
// empty data directory with no API key, a connection that changes or breaks, the start
// dialog's keys, the window on a laptop screen, and the final states' badges.

#include "ConsoleTestSession.h"

#include "ConnectionHeader.h"
#include "DashboardView.h"
#include "EstimateDialog.h"
#include "FailureTableModel.h"
#include "Format.h"
#include "NoticeBanner.h"
#include "StateBadge.h"
#include "TimeSeriesChart.h"
#include "UiLanguage.h"

#include "pipeline/RunController.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace ec;
using namespace ec::test;

namespace {

QString figure(ui::MainWindow* window, const char* key)
{
    const auto* label =
        window->dashboard()->findChild<QLabel*>(QStringLiteral("figure_") + QLatin1String(key));
    return label ? label->text() : QStringLiteral("<missing>");
}

/// Runs the console's window until its run ends; the summary (state Idle on timeout).
RunSummary waitForRun(QSignalSpy& finished, int timeoutMs = 60000)
{
    if (finished.isEmpty() && !finished.wait(timeoutMs))
        return {};
    return finished.first().at(0).value<RunSummary>();
}

} // namespace

class TstConsoleFirstRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstLaunchLeadsToACompletedRunAgainstTheSimulator();
    void changedOrBrokenConnectionClearsTheOldFigures();
    void windowFitsALaptopInBothLanguages();
    void eachFinalStateHasItsOwnBadge();
    void shortcutsAreListed();
    void failuresReadTheSameInEveryView();
};

void TstConsoleFirstRun::initTestCase()
{
    qRegisterMetaType<RunSummary>();
    qRegisterMetaType<RunProgress>();
}

void TstConsoleFirstRun::firstLaunchLeadsToACompletedRunAgainstTheSimulator()
{
    // A fresh account: the embedded default catalog does not exist yet, and the endpoint is
    // OpenAI's with no key.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppConfig config;
    config.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("catalog.db"));
    QVERIFY(config.api.missingKey());
    ui::UiLanguage language;
    language.apply(QStringLiteral("en"));
    ui::WindowOptions options;
    options.persistSettings = false;
    ui::MainWindow window(config, &language, options);
    window.resize(1280, 720);
    window.show();

    // No run can reach OpenAI without a key: runs go to the simulator, and the console says so.
    QVERIFY(window.runConfig().api.simulated);
    QVERIFY(!window.runConfig().api.missingKey());
    QCOMPARE(window.config().api.baseUrl.host(), QStringLiteral("api.openai.com"));
    QVERIFY(window.header()->simulatedBadgeVisible());
    QVERIFY(window.keyBanner()->isVisible());
    QVERIFY(window.keyBanner()->message().contains(QLatin1String("api.openai.com")));

    // The empty state, not a screen of dashes: what is missing and what to do.
    QSignalSpy failed(&window, &ui::MainWindow::statusFailed);
    QVERIFY(failed.wait(30000));
    QCOMPARE(failed.last().at(1).toBool(), true);
    QVERIFY(window.dashboard()->isShowingEmptyState());
    QVERIFY(window.dashboard()->createDemoButton()->isVisible());
    QVERIFY(window.dashboard()->openSettingsButton()->isVisible());
    const auto* text = window.dashboard()->findChild<QLabel*>(QStringLiteral("emptyStateText"));
    QVERIFY(text && text->text().contains(QLatin1String("ai_items")));

    // Create the demo from there: the dashboard then shows it.
    QSignalSpy created(&window, &ui::MainWindow::demoCreated);
    QSignalSpy refreshed(&window, &ui::MainWindow::statusRefreshed);
    window.dashboard()->createDemoButton()->click();
    QVERIFY(created.wait(60000));
    QVERIFY2(created.first().at(0).toBool(), qPrintable(created.first().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 30000);
    QVERIFY(!window.dashboard()->isShowingEmptyState());
    QCOMPARE(figure(&window, "items"), QLocale().toString(2000));

    // Start: the dialog names the endpoint and the key's source; Enter starts once ready.
    window.startAction()->trigger();
    ui::EstimateDialog* dialog = window.estimateDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->endpointText().contains(QLatin1String("SIMULATED")));
    QSignalSpy estimated(dialog, &ui::EstimateDialog::estimateFinished);
    if (!dialog->startButton()->isEnabled()) {
        // Enter before the estimate is in neither starts nor cancels.
        QTest::keyClick(dialog, Qt::Key_Return);
        QVERIFY(window.estimateDialog() == dialog);
        QVERIFY(!window.controller()->isRunning());
    }
    QVERIFY(estimated.count() > 0 || estimated.wait(60000));
    QVERIFY(dialog->startButton()->isEnabled());
    QVERIFY(dialog->startButton()->isDefault());
    QSignalSpy finished(&window, &ui::MainWindow::runFinished);
    QTest::keyClick(dialog, Qt::Key_Return);
    const RunSummary summary = waitForRun(finished, 120000);
    QVERIFY(summary.simulated);
    QVERIFY2(summary.progress.state == RunState::Completed, qPrintable(runStateName(summary.progress.state)));
    QVERIFY(summary.progress.succeeded > 1800);
    QCOMPARE(window.stateBadge()->text(), ui::StateBadge::displayName(RunState::Completed));
}

void TstConsoleFirstRun::changedOrBrokenConnectionClearsTheOldFigures()
{
    ConsoleTestSession::Setup setup;
    setup.items = 300;
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    QTRY_VERIFY_WITH_TIMEOUT(figure(window, "items") == QLocale().toString(300), 30000);
    QVERIFY(window->startRun());
    const RunSummary summary = session.waitForRun();
    QCOMPARE(summary.progress.state, RunState::Completed);
    QVERIFY(figure(window, "succeeded") != QStringLiteral("—"));
    QVERIFY(window->dashboard()->progressChart()->pointCount(0) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(window->header()->databaseText().contains(QLatin1String("SQLite")), 30000);

    // Another database, which cannot be reached: the old figures go at once.
    AppConfig broken = window->config();
    broken.databaseUrl = QStringLiteral("postgresql://embed@127.0.0.1:1/catalog?connect_timeout=2");
    QSignalSpy failed(window, &ui::MainWindow::statusFailed);
    window->setConfig(broken);
    QCOMPARE(figure(window, "items"), QStringLiteral("—"));
    QCOMPARE(figure(window, "succeeded"), QStringLiteral("—"));
    QCOMPARE(window->dashboard()->progressChart()->pointCount(0), 0);
    QVERIFY(!window->header()->databaseText().contains(QLatin1String("SQLite")));
    window->refreshAll();

    // The failure shows as a banner with its reason and a retry, not as a tooltip.
    QVERIFY(failed.wait(30000));
    QCOMPARE(failed.last().at(1).toBool(), false);
    ui::NoticeBanner* banner = window->dashboard()->banner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->message().contains(QLatin1String("127.0.0.1")), qPrintable(banner->message()));
    QVERIFY(banner->firstButton()->isVisible());
    QCOMPARE(figure(window, "items"), QStringLiteral("—"));

    // Back to the catalog: the banner goes and the figures come back.
    QSignalSpy refreshed(window, &ui::MainWindow::statusRefreshed);
    window->setConfig(session.config());
    banner->firstButton()->click();
    QVERIFY(refreshed.wait(30000));
    QVERIFY(!banner->isVisible());
    QCOMPARE(figure(window, "items"), QLocale().toString(300));
}

void TstConsoleFirstRun::windowFitsALaptopInBothLanguages()
{
    ConsoleTestSession session({});
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("ko")}) {
        QVERIFY(session.language()->apply(lang));
        QCoreApplication::processEvents();
        const QSize minimum = window->minimumSizeHint().expandedTo(window->minimumSize());
        QVERIFY2(
            minimum.width() <= 1024 && minimum.height() <= 700,
            qPrintable(
                QStringLiteral("%1: minimum %2x%3").arg(lang).arg(minimum.width()).arg(minimum.height())));
        window->resize(1024, 700);
        QCoreApplication::processEvents();
        QCOMPARE(window->size(), QSize(1024, 700));
    }
}

void TstConsoleFirstRun::eachFinalStateHasItsOwnBadge()
{
    const QVector<RunState> finals{RunState::Completed, RunState::CompletedWithFailures, RunState::Stopped,
                                   RunState::Aborted, RunState::Failed};
    QSet<QString> names;
    for (RunState state : finals) {
        QVERIFY(isFinalState(state));
        names.insert(ui::StateBadge::displayName(state));
    }
    QCOMPARE(names.size(), finals.size());

    // Real runs reach each of them, and the badge shows it. The simulator rejects texts that
    // mention "Quantum" (a permanent 400): those items fail, the others complete.
    ConsoleTestSession::Setup setup;
    setup.items = 600;
    setup.batchSize = 10;
    setup.concurrency = 1;
    setup.simulator.latencyMs = 30;
    setup.simulator.faults = {QStringLiteral("bad-input:Quantum")};
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    QSet<int> exitCodes;

    // Stopped (first stop), then aborted (two stops at once).
    for (const int presses : {1, 2}) {
        QSignalSpy finished(window, &ui::MainWindow::runFinished);
        QVERIFY(window->startRun());
        QTRY_VERIFY_WITH_TIMEOUT(window->controller()->progress().processed >= 20, 30000);
        for (int i = 0; i < presses; ++i)
            window->requestStop();
        const RunSummary s = waitForRun(finished);
        const RunState expected = presses == 1 ? RunState::Stopped : RunState::Aborted;
        QVERIFY2(s.progress.state == expected, qPrintable(runStateName(s.progress.state)));
        QCOMPARE(window->stateBadge()->state(), expected);
        QCOMPARE(window->stateBadge()->text(), ui::StateBadge::displayName(expected));
        exitCodes.insert(s.exitCode());
    }

    // To the end, with failures.
    {
        QSignalSpy finished(window, &ui::MainWindow::runFinished);
        QVERIFY(window->startRun());
        const RunSummary s = waitForRun(finished, 120000);
        QVERIFY2(s.progress.state == RunState::CompletedWithFailures,
                 qPrintable(runStateName(s.progress.state)));
        QVERIFY(s.progress.failed > 0);
        QCOMPARE(window->stateBadge()->text(), ui::StateBadge::displayName(RunState::CompletedWithFailures));
        exitCodes.insert(s.exitCode());
    }

    // Failed: the endpoint refuses the key (401), so the run itself fails, blaming no item.
    SimulatorOptions refusing;
    refusing.requiredApiKey = QStringLiteral("sk-another-key");
    QVERIFY(session.replaceSimulator(refusing));
    {
        QSignalSpy finished(window, &ui::MainWindow::runFinished);
        RunOptions retry;
        retry.ignoreBackoff = true;
        QVERIFY(window->startRun(retry));
        const RunSummary s = waitForRun(finished);
        QVERIFY2(s.progress.state == RunState::Failed, qPrintable(runStateName(s.progress.state)));
        QCOMPARE(window->stateBadge()->text(), ui::StateBadge::displayName(RunState::Failed));
        exitCodes.insert(s.exitCode());
    }
    // Each ending has its own exit code: 4 stopped, 5 aborted, 2 some failed, 1 failed.
    QCOMPARE(exitCodes, (QSet<int>{4, 5, 2, 1}));
}

void TstConsoleFirstRun::shortcutsAreListed()
{
    ConsoleTestSession session({});
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    QCOMPARE(window->settingsAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    QCOMPARE(window->retryAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QVERIFY(window->stopAction()->shortcuts().contains(QKeySequence(Qt::Key_Escape)));
    const QString listed = window->shortcutLines().join(QLatin1Char('\n'));
    for (const QAction* action : {window->settingsAction(), window->retryAction(), window->stopAction(),
                                  window->startAction(), window->resetAction()})
        QVERIFY2(listed.contains(action->shortcut().toString(QKeySequence::NativeText)), qPrintable(listed));
}

void TstConsoleFirstRun::failuresReadTheSameInEveryView()
{
    // A network failure (no HTTP answer), an API refusal and a text the console did not send.
    FailureEntry network;
    network.itemId = QStringLiteral("a");
    network.errorCode = QStringLiteral("network_error");
    network.message = QStringLiteral("Host api.openai.com not found");
    FailureEntry refused;
    refused.itemId = QStringLiteral("b");
    refused.httpStatus = 400;
    refused.errorCode = QStringLiteral("invalid_request_error");
    refused.message = QStringLiteral("'input' is too long");
    FailureEntry empty;
    empty.itemId = QStringLiteral("c");
    empty.errorCode = QStringLiteral("empty_text");
    empty.message = QStringLiteral("empty text");
    empty.skipped = true;

    ui::UiLanguage language;
    QVERIFY(language.apply(QStringLiteral("en")));
    QCOMPARE(ui::format::failureLine(network.httpStatus, network.errorCode, network.message),
             QStringLiteral("Network · network_error · Host api.openai.com not found"));
    QCOMPARE(ui::format::failureLine(refused.httpStatus, refused.errorCode, refused.message),
             QStringLiteral("HTTP 400 · invalid_request_error · 'input' is too long"));
    QCOMPARE(ui::format::failureLine(empty.httpStatus, empty.errorCode, empty.message),
             QStringLiteral("Skipped · empty text: nothing to embed"));

    // The failures view's columns use the same words as the log.
    ui::FailureTableModel model;
    model.setEntries({network, refused, empty});
    const auto cell = [&](const QString& id, int column) {
        return model.index(model.rowOf(id), column).data().toString();
    };
    QCOMPARE(cell(QStringLiteral("a"), ui::FailureTableModel::HttpStatus), QStringLiteral("Network"));
    QCOMPARE(cell(QStringLiteral("b"), ui::FailureTableModel::HttpStatus), QStringLiteral("HTTP 400"));
    QCOMPARE(cell(QStringLiteral("c"), ui::FailureTableModel::HttpStatus), QStringLiteral("Skipped"));
    QCOMPARE(cell(QStringLiteral("a"), ui::FailureTableModel::Message), network.message);

    // In Korean, the console's own reasons are translated; the API's and the network's stay verbatim.
    QVERIFY(language.apply(QStringLiteral("ko")));
    const QString emptyKo = ui::format::failureReason(empty.errorCode, empty.message);
    QVERIFY2(emptyKo != QStringLiteral("empty text: nothing to embed") &&
                 std::any_of(emptyKo.begin(), emptyKo.end(),
                             [](QChar c) { return c.script() == QChar::Script_Hangul; }),
             qPrintable(emptyKo));
    QCOMPARE(ui::format::failureReason(network.errorCode, network.message), network.message);
    QCOMPARE(ui::format::failureReason(refused.errorCode, refused.message), refused.message);
    QVERIFY(language.apply(QStringLiteral("en")));
}

QTEST_MAIN(TstConsoleFirstRun)
#include "tst_console_first_run.moc"
