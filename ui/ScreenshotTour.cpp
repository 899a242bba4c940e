#include "ScreenshotTour.h"

#include "BatchTableModel.h"
#include "BatchesView.h"
#include "DashboardView.h"
#include "DuplicatesView.h"
#include "EstimateDialog.h"
#include "EventWait.h"
#include "FailureDetailDialog.h"
#include "FailuresView.h"
#include "HistoryView.h"
#include "MainWindow.h"
#include "MigrationView.h"
#include "ResetDialog.h"
#include "SearchView.h"
#include "SettingsDialog.h"
#include "UiLanguage.h"

#include "config/ModelCatalog.h"
#include "ops/DemoEnvironment.h"
#include "pipeline/RunController.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>

#include <functional>

namespace ec::ui {

namespace {
constexpr int kRunTimeoutMs = 180000;
}

ScreenshotTour::ScreenshotTour(UiLanguage* language, const QString& directory)
    : m_language(language)
    , m_directory(directory)
{}

bool ScreenshotTour::save(QWidget* widget, const QString& name, QTextStream& err)
{
    spinEventLoop(150); // let layouts and charts settle
    const QString path = QDir(m_directory).filePath(name + QStringLiteral(".png"));
    if (!widget->grab().save(path)) {
        err << "embedding-console: cannot write " << path << Qt::endl;
        return false;
    }
    err << "wrote " << path << Qt::endl;
    return true;
}

int ScreenshotTour::run(QTextStream& err)
{
    if (!QDir().mkpath(m_directory)) {
        err << "embedding-console: cannot create " << m_directory << Qt::endl;
        return 1;
    }

    // A catalog of 2,400 demo items; the simulator rejects every text that mentions
    // "QuantumS" (a permanent 400: QuantumSketch, QuantumStudio…) and answers 4% of the
    // requests with 429/500/503, which the client retries. The client's limit of 300
    // requests a minute slows the run down enough to watch it.
    DemoSetup setup;
    setup.items = 2400;
    setup.latencyMs = 120;
    setup.failRate = 0.04;
    setup.faults = {QStringLiteral("bad-input:QuantumS")};
    setup.batchSize = 20;
    setup.concurrency = 3;
    setup.requestsPerMinute = 300;
    setup.tokensPerMinute = 400000;
    setup.batchMinutesPerSecond = 2.5; // a batch validates and runs its 30 minutes in about 13 s
    DemoEnvironment demo;
    QString error;
    if (!demo.start(setup, &error)) {
        err << "embedding-console: cannot prepare the demo: " << error << Qt::endl;
        return 1;
    }

    WindowOptions options;
    options.persistSettings = false;
    options.languageSetting = m_language->current();
    MainWindow window(demo.config(), m_language, options);
    window.resize(1600, 1000);
    window.show();
    bool ok = waitUntil([&] { return window.dashboard()->isVisible(); }, 5000);

    // The pre-run estimate of the whole demo catalog.
    window.requestStart();
    if (EstimateDialog* estimate = window.estimateDialog()) {
        bool done = false;
        QObject::connect(estimate, &EstimateDialog::estimateFinished, &window, [&] { done = true; });
        waitUntil([&] { return done; }, 60000);
        ok = save(estimate, QStringLiteral("estimate"), err) && ok;
        estimate->reject();
        waitUntil([&] { return window.estimateDialog() == nullptr; }, 5000);
    }

    const auto runToEnd = [&](const RunOptions& runOptions, int stopAfterMs) {
        int finished = 0;
        auto connection = QObject::connect(&window, &MainWindow::runFinished, &window, [&] { ++finished; });
        window.startRun(runOptions);
        if (stopAfterMs > 0) {
            spinEventLoop(stopAfterMs);
            window.requestStop();
        }
        const bool done = waitUntil([&] { return finished > 0; }, kRunTimeoutMs);
        QObject::disconnect(connection);
        return done;
    };

    // History: a small completed run and a stopped one.
    RunOptions first;
    first.limit = 300;
    ok = runToEnd(first, 0) && ok;
    RunOptions second;
    second.limit = 400;
    ok = runToEnd(second, 1500) && ok;

    ok = shootBatches(window, err) && ok;

    // The dashboard during the main run.
    int finished = 0;
    QObject::connect(&window, &MainWindow::runFinished, &window, [&] { ++finished; });
    window.startRun();
    spinEventLoop(11000);
    ok = save(&window, QStringLiteral("dashboard"), err) && ok;
    ok = waitUntil([&] { return finished > 0; }, kRunTimeoutMs) && ok;

    // Failures, with one item selected and opened.
    int failures = -1;
    int runs = -1;
    QObject::connect(&window, &MainWindow::failuresRefreshed, &window, [&](int n) { failures = n; });
    QObject::connect(&window, &MainWindow::historyRefreshed, &window, [&](int n) { runs = n; });
    window.refreshAll();
    waitUntil([&] { return failures >= 0 && runs >= 0; }, 30000);
    window.showTab(MainWindow::Tab::Failures);
    QTableView* failureTable = window.failuresView()->table();
    if (failureTable->model()->rowCount() > 0) {
        failureTable->selectRow(0);
        failureTable->setCurrentIndex(failureTable->model()->index(0, 0));
    }
    ok = save(&window, QStringLiteral("failures"), err) && ok;
    if (failureTable->model()->rowCount() > 0) {
        window.failuresView()->findChild<QPushButton*>(QStringLiteral("openFailure"))->click();
        waitUntil([&] { return window.failureDetailDialog() != nullptr; }, 5000);
        spinEventLoop(1000);
        if (FailureDetailDialog* detail = window.failureDetailDialog()) {
            ok = save(detail, QStringLiteral("failure-detail"), err) && ok;
            detail->close();
        }
    }

    // Duplicates over every row.
    window.showTab(MainWindow::Tab::Duplicates);
    int groups = -2;
    QObject::connect(window.duplicatesView(), &DuplicatesView::reportReady, &window,
                     [&](int n) { groups = n; });
    window.duplicatesView()->setScope(DuplicateReport::Scope::All);
    window.refreshDuplicates();
    waitUntil([&] { return groups > -2; }, 60000);
    if (QTreeWidget* tree = window.duplicatesView()->tree(); tree->topLevelItemCount() > 0) {
        tree->expandItem(tree->topLevelItem(0));
        if (tree->topLevelItemCount() > 1)
            tree->expandItem(tree->topLevelItem(1));
    }
    ok = save(&window, QStringLiteral("duplicates"), err) && ok;

    window.showTab(MainWindow::Tab::History);
    ok = save(&window, QStringLiteral("history"), err) && ok;

    // The search check: a query embedded with the table's model, the nearest items.
    window.showTab(MainWindow::Tab::Search);
    int hits = -2;
    QObject::connect(window.searchView(), &SearchView::searchFinished, &window, [&](int n) { hits = n; });
    window.searchView()->search(QStringLiteral("AI tool that summarizes meeting notes"));
    waitUntil([&] { return hits > -2; }, 60000);
    if (window.searchView()->table()->rowCount() > 0)
        window.searchView()->table()->selectRow(0);
    ok = save(&window, QStringLiteral("search"), err) && ok;

    // A model migration staged and compared, before the swap: the plan, the staging's books and
    // the nearest items under both models.
    window.showTab(MainWindow::Tab::Migration);
    MigrationView* migration = window.migrationView();
    migration->setConfirm([](const QString&, const QString&) { return true; });
    const auto step = [&](const std::function<bool()>& start) {
        bool ended = false;
        auto connection =
            QObject::connect(migration, &MigrationView::stepEnded, &window, [&](const QString& name) {
                if (name != QLatin1String("status"))
                    ended = true;
            });
        const bool started = start() && waitUntil([&] { return ended; }, kRunTimeoutMs);
        QObject::disconnect(connection);
        waitUntil([&] { return !migration->isBusy(); }, 30000); // the status read that follows
        return started;
    };
    waitUntil([&] { return !migration->isBusy(); }, 30000);
    migration->setTarget(QStringLiteral("text-embedding-3-large"), 1536);
    ok = step([&] { return migration->plan(); }) && ok;
    ok = step([&] { return migration->stage(); }) && ok;
    ok = step([&] { return migration->compare(10); }) && ok;
    ok = save(&window, QStringLiteral("migration"), err) && ok;
    ok = step([&] { return migration->finish(); }) && ok;

    // The reset dialog, priced: every vector not made by text-embedding-3-large.
    window.openResetDialog();
    if (ResetDialog* reset = window.resetDialog()) {
        bool priced = false;
        QObject::connect(reset, &ResetDialog::previewFinished, &window, [&] { priced = true; });
        reset->setModelNot(true, QStringLiteral("text-embedding-3-large"));
        waitUntil([&] { return priced && reset->affectedCount().has_value(); }, 60000);
        reset->resize(880, reset->sizeHint().height());
        ok = save(reset, QStringLiteral("reset"), err) && ok;
        reset->reject();
    }

    window.openSettings();
    if (SettingsDialog* settings = window.settingsDialog()) {
        ok = save(settings, QStringLiteral("settings"), err) && ok;
        settings->reject();
    }

    // The About box: version, git commit, Qt. It is modal: shot and closed from the event loop.
    QTimer::singleShot(0, &window, [&] {
        if (QWidget* about = QApplication::activeModalWidget()) {
            ok = save(about, QStringLiteral("about"), err) && ok;
            about->close();
        }
    });
    window.showAbout();

    // The whole window on a laptop: 1024×700, the dashboard scrolling.
    window.showTab(MainWindow::Tab::Dashboard);
    window.resize(1024, 700);
    ok = save(&window, QStringLiteral("laptop-1024x700"), err) && ok;

    // A dark theme: the Fusion style's colours inverted, as a dark desktop theme gives them.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    window.resize(1600, 1000);
    ok = save(&window, QStringLiteral("dark"), err) && ok;
    QApplication::setPalette(light);

    ok = shootFirstLaunch(demo.directory(), options, err) && ok;
    return ok ? 0 : 1;
}

bool ScreenshotTour::shootBatches(MainWindow& window, QTextStream& err)
{
    BatchesView* view = window.batchesView();
    const auto step = [&](const std::function<void()>& start) {
        bool done = false;
        auto shown = QObject::connect(view, &BatchesView::batchesShown, &window, [&] { done = true; });
        auto failed = QObject::connect(view, &BatchesView::stepFailed, &window, [&] { done = true; });
        start();
        const bool ended = waitUntil([&] { return done; }, 60000);
        QObject::disconnect(shown);
        QObject::disconnect(failed);
        return ended;
    };
    const auto collectAll = [&] {
        for (int i = 0; i < 240; ++i) {
            if (view->model()->rowCount() > 0 && view->model()->batches().first().state == "collected")
                return true;
            spinEventLoop(250);
            if (!step([&] { view->collectNow(); }))
                return false;
        }
        return false;
    };
    RunOptions first;
    first.limit = 200;
    bool ok = step([&] { window.startBatches(first); }) && collectAll();
    RunOptions second;
    second.limit = 300;
    ok = step([&] { window.startBatches(second); }) && ok;
    spinEventLoop(4000); // about a third of it done on the simulator's clock
    ok = step([&] { view->collectNow(); }) && ok;
    window.showTab(MainWindow::Tab::Batches);
    ok = save(&window, QStringLiteral("batches"), err) && ok;
    return collectAll() && ok;
}

QPalette ScreenshotTour::darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x8a, 0x8d, 0x93));
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8d, 0x93));
    return p;
}

bool ScreenshotTour::shootFirstLaunch(const QString& directory, const WindowOptions& options,
                                      QTextStream& err)
{
    bool ok = true;
    // A first launch: an empty SQLite file and the default endpoint with no key.
    AppConfig fresh;
    fresh.databaseUrl =
        QStringLiteral("sqlite://") + QDir(directory).filePath(QStringLiteral("first-launch.db"));
    {
        MainWindow window(fresh, m_language, options);
        window.resize(1280, 720);
        window.show();
        bool failed = false;
        QObject::connect(&window, &MainWindow::statusFailed, &window, [&] { failed = true; });
        ok = waitUntil([&] { return failed; }, 30000) && ok;
        ok = save(&window, QStringLiteral("first-launch"), err) && ok;
    }
    // A database that cannot be reached: the banner with the reason and a retry.
    AppConfig unreachable = fresh;
    unreachable.databaseUrl = QStringLiteral("postgresql://embed@127.0.0.1:1/catalog?connect_timeout=2");
    unreachable.api.apiKey = QStringLiteral("sk-screenshot-not-a-real-key");
    {
        MainWindow window(unreachable, m_language, options);
        window.resize(1280, 720);
        window.show();
        bool failed = false;
        QObject::connect(&window, &MainWindow::statusFailed, &window, [&] { failed = true; });
        ok = waitUntil([&] { return failed; }, 30000) && ok;
        ok = save(&window, QStringLiteral("database-banner"), err) && ok;
    }
    return ok;
}

} // namespace ec::ui
