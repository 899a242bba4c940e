#include "MainWindow.h"

#include "BatchesView.h"
#include "ConnectionHeader.h"
#include "DashboardView.h"
#include "DuplicatesView.h"
#include "EstimateDialog.h"
#include "FailureDetailDialog.h"
#include "FailuresView.h"
#include "Format.h"
#include "HistoryView.h"
#include "LogPanel.h"
#include "MigrationView.h"
#include "NoticeBanner.h"
#include "ProcessStatusLabel.h"
#include "ResetDialog.h"
#include "RunEndNotifier.h"
#include "SearchView.h"
#include "SettingsDialog.h"
#include "StateBadge.h"
#include "UiLanguage.h"
#include "config/SettingsFile.h"

#include "ops/BatchRunner.h"
#include "ops/ModelGuard.h"
#include "ops/RetryFailures.h"
#include "pipeline/RunController.h"
#include "sim/SimulatorHost.h"
#include "store/CatalogProbe.h"
#include "store/DemoCatalog.h"
#include "store/ItemStore.h"
#include "util/BuildInfo.h"
#include "util/Secrets.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWidget>

#include <atomic>

namespace ec::ui {

namespace {
// The catalog's totals cost a scan of the table: every 10 s during a run (the run's own
// figures come every 250 ms), every 15 s when idle.
constexpr int kStatusIntervalRunningMs = 10000;
constexpr int kStatusIntervalIdleMs = 15000;
} // namespace

MainWindow::MainWindow(const AppConfig& config, UiLanguage* language, const WindowOptions& options,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_config(config)
    , m_language(language)
    , m_options(options)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/embedding-console.png")));

    m_controller = new RunController(this);
    m_store = new StoreWorker(QStringLiteral("ec-ui"), this);
    m_store->setConfig(m_config);
    m_notifier = new RunEndNotifier(this);

    buildActions();
    buildLayout();
    buildMenus();

    connect(m_controller, &RunController::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &RunController::progressUpdated, this, &MainWindow::onProgress);
    connect(m_controller, &RunController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &RunController::logMessage, m_log, &LogPanel::append);

    connect(m_failures, &FailuresView::retryRequested, this,
            [this](const QStringList& ids) { retryFailed(ids); });
    connect(m_failures, &FailuresView::openRequested, this, &MainWindow::openFailure);
    connect(m_failures, &FailuresView::refreshRequested, this, &MainWindow::refreshFailures);
    connect(m_failures, &FailuresView::similarRequested, this, &MainWindow::showSimilar);
    connect(m_duplicates, &DuplicatesView::similarRequested, this, &MainWindow::showSimilar);
    connect(m_history, &HistoryView::refreshRequested, this, &MainWindow::refreshHistory);
    connect(m_dashboard, &DashboardView::retryRequested, this, &MainWindow::refreshAll);
    connect(m_dashboard, &DashboardView::settingsRequested, this, &MainWindow::openSettings);
    connect(m_dashboard, &DashboardView::createDemoRequested, this, [this] { createDemoCatalog(); });
    connect(m_keyBanner, &NoticeBanner::firstTriggered, this, &MainWindow::openSettings);
    connect(m_batches, &BatchesView::logLine, m_log, &LogPanel::append);
    m_batches->setNotifier(m_notifier);
    connect(m_modelBanner, &NoticeBanner::firstTriggered, this, &MainWindow::openSettings);

    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(kStatusIntervalIdleMs);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    m_statusTimer->start();

    setConfig(m_config);
    retranslate();
    restoreWindowState();
    updateActions();
    refreshAll();
}

MainWindow::~MainWindow()
{
    // Views may still expect results; the store thread drops them once they are gone.
    if (m_controller->isRunning()) {
        m_controller->stop();
        m_controller->stop();
    }
}

EstimateDialog* MainWindow::estimateDialog() const
{
    return m_estimateDialog;
}

ResetDialog* MainWindow::resetDialog() const
{
    return m_resetDialog;
}

SettingsDialog* MainWindow::settingsDialog() const
{
    return m_settingsDialog;
}

FailureDetailDialog* MainWindow::failureDetailDialog() const
{
    return m_detailDialog;
}

void MainWindow::buildActions()
{
    QStyle* style = QApplication::style();
    m_startAction = new QAction(style->standardIcon(QStyle::SP_MediaPlay), QString(), this);
    m_startAction->setObjectName(QStringLiteral("startAction"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_startAction, &QAction::triggered, this, [this] { requestStart(); });

    m_stopAction = new QAction(style->standardIcon(QStyle::SP_MediaStop), QString(), this);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    // Esc stops a run, and a second Esc aborts it.
    m_stopAction->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(Qt::CTRL | Qt::Key_Period)});
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::requestStop);

    m_retryAction = new QAction(style->standardIcon(QStyle::SP_BrowserReload), QString(), this);
    m_retryAction->setObjectName(QStringLiteral("retryAction"));
    m_retryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_retryAction, &QAction::triggered, this, [this] { retryFailed(); });

    m_resetAction = new QAction(style->standardIcon(QStyle::SP_DialogResetButton), QString(), this);
    m_resetAction->setObjectName(QStringLiteral("resetAction"));
    m_resetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    connect(m_resetAction, &QAction::triggered, this, [this] { openResetDialog(); });

    m_settingsAction = new QAction(style->standardIcon(QStyle::SP_FileDialogDetailedView), QString(), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    // QKeySequence::Preferences is empty on some desktops: Ctrl+, everywhere.
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_refreshAction = new QAction(QString(), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshAll);

    m_quitAction = new QAction(QString(), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_shortcutsAction = new QAction(QString(), this);
    m_shortcutsAction->setObjectName(QStringLiteral("shortcutsAction"));
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);

    m_aboutAction = new QAction(QString(), this);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_languageGroup = new QActionGroup(this);
    m_languageSystem = new QAction(QString(), m_languageGroup);
    m_languageSystem->setData(QStringLiteral("system"));
    m_languageEnglish = new QAction(UiLanguage::nativeName(QStringLiteral("en")), m_languageGroup);
    m_languageEnglish->setData(QStringLiteral("en"));
    m_languageKorean = new QAction(UiLanguage::nativeName(QStringLiteral("ko")), m_languageGroup);
    m_languageKorean->setData(QStringLiteral("ko"));
    for (QAction* action : m_languageGroup->actions()) {
        action->setCheckable(true);
        action->setChecked(action->data().toString() == m_options.languageSetting);
    }
    connect(m_languageGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { setLanguage(action->data().toString()); });
}

void MainWindow::buildLayout()
{
    m_runBar = addToolBar(QString());
    m_runBar->setObjectName(QStringLiteral("runToolBar"));
    m_runBar->setMovable(false);
    m_runBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_runBar->addAction(m_startAction);
    m_runBar->addAction(m_stopAction);
    m_runBar->addAction(m_retryAction);
    m_runBar->addSeparator();
    m_runBar->addAction(m_resetAction);
    m_runBar->addAction(m_settingsAction);
    auto* spacer = new QWidget(m_runBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_runBar->addWidget(spacer);
    m_stateBadge = new StateBadge(m_runBar);
    m_runBar->addWidget(m_stateBadge);

    m_header = new ConnectionHeader(this);
    m_dashboard = new DashboardView(this);
    m_failures = new FailuresView(this);
    m_duplicates = new DuplicatesView(this);
    m_history = new HistoryView(this);
    m_search = new SearchView(this);
    m_batches = new BatchesView(this);
    m_migration = new MigrationView(this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_dashboard, QString());
    m_tabs->addTab(m_failures, QString());
    m_tabs->addTab(m_duplicates, QString());
    m_tabs->addTab(m_history, QString());
    m_tabs->addTab(m_search, QString());
    m_tabs->addTab(m_batches, QString());
    m_tabs->addTab(m_migration, QString());
    connect(m_migration, &MigrationView::stepEnded, this, [this](const QString& step, bool) {
        if (step == QLatin1String("stage") || step == QLatin1String("swap") ||
            step == QLatin1String("rollback"))
            refreshStatus();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == int(Tab::Duplicates) && !m_duplicates->hasReport() && !m_duplicates->isLoading())
            refreshDuplicates();
    });

    m_keyBanner = new NoticeBanner(this);
    m_keyBanner->setObjectName(QStringLiteral("keyBanner"));

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_keyBanner);
    m_modelBanner = new NoticeBanner(this);
    m_modelBanner->setObjectName(QStringLiteral("modelBanner"));
    m_modelBanner->hide();
    layout->addWidget(m_modelBanner);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_log = new LogPanel(this);
    m_logDock = new QDockWidget(this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_log);
    // The log gives way to the dashboard on a small screen.
    m_log->setMinimumHeight(48);
    m_logDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                           QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);

    m_databaseStatus = new QLabel(this);
    m_databaseStatus->setObjectName(QStringLiteral("databaseStatus"));
    m_processStatus = new ProcessStatusLabel(this);
    statusBar()->addPermanentWidget(m_databaseStatus);
    statusBar()->addPermanentWidget(m_processStatus);
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_settingsAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->addAction(m_startAction);
    m_runMenu->addAction(m_stopAction);
    m_runMenu->addAction(m_retryAction);
    m_runMenu->addSeparator();
    m_runMenu->addAction(m_resetAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_refreshAction);
    m_viewMenu->addAction(m_logDock->toggleViewAction());
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addActions(m_languageGroup->actions());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_shortcutsAction);
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Embedding Console"));
    m_startAction->setText(tr("Start run"));
    m_startAction->setToolTip(tr("Estimate the cost of embedding the pending items, then start the run."));
    retranslateStopAction();
    m_retryAction->setText(tr("Retry failed"));
    m_retryAction->setToolTip(tr("Clear the backoff and parking of every failed item and embed them now."));
    m_resetAction->setText(tr("Reset…"));
    m_resetAction->setToolTip(
        tr("Clear vectors so they are embedded again, priced before anything changes."));
    m_settingsAction->setText(tr("Settings…"));
    m_refreshAction->setText(tr("Refresh"));
    m_quitAction->setText(tr("Quit"));
    m_aboutAction->setText(tr("About Embedding Console"));
    m_shortcutsAction->setText(tr("Keyboard shortcuts"));
    m_languageSystem->setText(tr("System default"));
    m_runBar->setWindowTitle(tr("Run"));

    m_tabs->setTabText(int(Tab::Dashboard), tr("Dashboard"));
    m_tabs->setTabText(int(Tab::Failures), tr("Failures"));
    m_tabs->setTabText(int(Tab::Duplicates), tr("Duplicates"));
    m_tabs->setTabText(int(Tab::History), tr("History"));
    m_tabs->setTabText(int(Tab::Search), tr("Search"));
    m_tabs->setTabText(int(Tab::Batches), tr("Batches"));
    m_tabs->setTabText(int(Tab::Migration), tr("Migration"));
    m_logDock->setWindowTitle(tr("Log"));

    m_fileMenu->setTitle(tr("&File"));
    m_runMenu->setTitle(tr("&Run"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("Language"));
    m_helpMenu->setTitle(tr("&Help"));
    if (m_databaseStatus->text().isEmpty())
        m_databaseStatus->setText(tr("Connecting…"));
    updateKeyBanner();
}

void MainWindow::retranslateStopAction()
{
    m_stopAction->setText(m_stopPresses > 0 ? tr("Abort") : tr("Stop"));
    m_stopAction->setToolTip(
        m_stopPresses > 0 ? tr("Abort the requests in flight now; nothing partial is written.")
                          : tr("Finish the requests in flight, write them and end the run as stopped."));
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setConfig(const AppConfig& config)
{
    const AppConfig previous = m_runConfig;
    m_config = config;
    m_runConfig = config;
    if (m_config.api.missingKey()) {
        // OpenAI and Azure refuse every request without a key: the runs go to the built-in
        // simulator instead, as `embedctl demo` does, and everything says SIMULATED.
        if (!m_keylessSimulator) {
            m_keylessSimulator =
                std::make_unique<SimulatorHost>(SimulatorOptions::standingInFor(m_config.embedding));
            QString error;
            if (!m_keylessSimulator->start(&error)) {
                m_log->append(tr("Cannot start the built-in simulator: %1").arg(error));
                m_keylessSimulator.reset();
            }
        }
        if (m_keylessSimulator)
            m_keylessSimulator->configure(m_runConfig.api);
    } else {
        m_keylessSimulator.reset();
    }

    // Figures of another database, table or endpoint must not stay on screen beside this one.
    const bool sameSource =
        m_configApplied && previous.effectiveDatabaseUrl() == m_runConfig.effectiveDatabaseUrl() &&
        previous.table.table == m_runConfig.table.table && previous.api.baseUrl == m_runConfig.api.baseUrl &&
        previous.embedding.model == m_runConfig.embedding.model &&
        previous.embedding.effectiveDimensions() == m_runConfig.embedding.effectiveDimensions();
    m_configApplied = true;
    if (!sameSource) {
        m_dashboard->clearAll();
        m_header->setServerVersion(QString());
        m_databaseStatus->setText(tr("Connecting…"));
        m_databaseStatus->setToolTip(QString());
    }

    m_store->setConfig(m_runConfig);
    m_header->setConfig(m_runConfig);
    m_dashboard->setConfig(m_runConfig);
    m_history->setKrwPerUsd(m_runConfig.prices.krwPerUsd);
    m_duplicates->setConfig(m_runConfig);
    m_search->setConfig(m_runConfig);
    m_batches->setConfig(m_runConfig);
    m_migration->setConfig(m_runConfig);
    m_log->setSecrets(m_config.secrets());
    updateKeyBanner();
}

void MainWindow::updateKeyBanner()
{
    if (!m_keyBanner)
        return;
    if (!m_config.api.missingKey()) {
        m_keyBanner->hide();
        return;
    }
    m_keyBanner->setActions(tr("Set key…"));
    m_keyBanner->showMessage(NoticeBanner::Level::Warning,
                             tr("No API key for %1: runs go to the built-in simulator (SIMULATED), and "
                                "nothing is billed. Set a key "
                                "in the settings or in OPENAI_API_KEY to embed for real.")
                                 .arg(m_config.api.baseUrl.host()));
}

void MainWindow::applyModelChoice(const ModelChoice& choice, const QString& columnProblem)
{
    if (!choice.mismatch &&
        (m_runConfig.embedding.model != choice.embedding.model ||
         m_runConfig.embedding.effectiveDimensions() != choice.embedding.effectiveDimensions())) {
        // No model configured: the table's own (or the default for a table without vectors).
        m_runConfig.embedding = choice.embedding;
        m_store->setConfig(m_runConfig);
        m_header->setConfig(m_runConfig);
        m_dashboard->setConfig(m_runConfig);
        m_duplicates->setConfig(m_runConfig);
        m_search->setConfig(m_runConfig);
        m_batches->setConfig(m_runConfig);
        m_migration->setConfig(m_runConfig);
    } else if (choice.mismatch) {
        // The Migration view starts from the table's model, aimed at the configured one.
        AppConfig tableConfig = m_runConfig;
        tableConfig.embedding = choice.counted();
        m_migration->setConfig(tableConfig);
        m_migration->setTarget(choice.embedding.model, choice.embedding.dimensions);
    }
    m_search->setRefusal(choice.mismatch ? choice.mismatchWarning() : QString());
    if (choice.reason() != m_modelReason) {
        m_modelReason = choice.reason();
        m_log->append(tr("Using %1.").arg(m_modelReason));
    }
    m_modelRefusal = choice.mismatch ? choice.mismatchMessage() : columnProblem;
    if (m_modelRefusal.isEmpty()) {
        m_modelBanner->hide();
        return;
    }
    m_modelBanner->setActions(tr("Settings…"));
    m_modelBanner->showMessage(NoticeBanner::Level::Warning,
                               choice.mismatch
                                   ? tr("Model mismatch: %1").arg(choice.mismatchWarning())
                                   : tr("The vectors do not fit the column: %1").arg(columnProblem));
}

ApiKeySource MainWindow::keySource() const
{
    if (m_runConfig.api.simulated)
        return ApiKeySource::Simulator;
    if (m_runConfig.api.apiKey.isEmpty())
        return ApiKeySource::None;
    return m_options.apiKeyFromEnvironment ? ApiKeySource::Environment : ApiKeySource::Session;
}

void MainWindow::updateActions()
{
    const bool running = m_controller->isRunning();
    m_startAction->setEnabled(!running);
    m_retryAction->setEnabled(!running);
    m_resetAction->setEnabled(!running);
    m_stopAction->setEnabled(running && m_stopPresses < 2);
    m_failures->setRetryEnabled(!running);
}

// ---- runs -------------------------------------------------------------------------------

void MainWindow::requestStart(const RunOptions& options)
{
    if (m_controller->isRunning())
        return;
    if (m_estimateDialog) {
        m_estimateDialog->raise();
        return;
    }
    if (!m_modelRefusal.isEmpty()) {
        // The model never changes by accident (ops/ModelGuard): nothing is estimated or sent.
        m_log->append(tr("The run was not started: %1").arg(m_modelRefusal));
        m_modelBanner->show();
        return;
    }
    // The time is estimated under the limits the dashboard shows: the server's, as the last
    // run against this endpoint learned them, unless the operator capped them lower.
    AppConfig estimateConfig = m_runConfig;
    const RunProgress& last = m_lastSummary.progress;
    if (m_runsFinished > 0 && m_lastRunEndpoint == m_runConfig.api.baseUrl) {
        ApiSettings& api = estimateConfig.api;
        if (last.requestsPerMinuteLimit > 0 &&
            (api.requestsPerMinute <= 0 || last.requestsPerMinuteLimit < api.requestsPerMinute))
            api.requestsPerMinute = last.requestsPerMinuteLimit;
        if (last.tokensPerMinuteLimit > 0 &&
            (api.tokensPerMinute <= 0 || last.tokensPerMinuteLimit < api.tokensPerMinute))
            api.tokensPerMinute = last.tokensPerMinuteLimit;
    }
    auto* dialog = new EstimateDialog(estimateConfig, options, keySource(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_estimateDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (dialog->batchMode())
            startBatches(dialog->options());
        else
            startRun(dialog->options());
    });
    dialog->open();
}

bool MainWindow::startRun(const RunOptions& options)
{
    if (m_controller->isRunning())
        return false;
    if (m_runConfig.api.missingKey()) {
        m_log->append(tr("No API key for %1: the run was not started.").arg(m_runConfig.api.baseUrl.host()));
        return false;
    }
    if (!m_modelRefusal.isEmpty()) {
        m_log->append(tr("The run was not started: %1").arg(m_modelRefusal));
        return false;
    }
    m_stopPresses = 0;
    m_dashboard->runStarted();
    m_log->setSecrets(m_config.secrets());
    if (!options.onlyIds.isEmpty())
        m_log->append(tr("Starting a run of %Ln selected item(s).", nullptr, int(options.onlyIds.size())));
    else
        m_log->append(tr("Starting a run with %1 (%2%3).")
                          .arg(m_runConfig.embedding.model, redactUrl(m_runConfig.api.baseUrl),
                               m_runConfig.api.simulated ? tr(", SIMULATED") : QString()));
    m_lastRunEndpoint = m_runConfig.api.baseUrl;
    const bool started = m_controller->start(m_runConfig, options);
    if (started) {
        m_statusTimer->setInterval(kStatusIntervalRunningMs);
        showTab(Tab::Dashboard);
    }
    // Only what a run changes: retranslating the whole window costs a frame at the start.
    retranslateStopAction();
    updateActions();
    return started;
}

bool MainWindow::startBatches(const RunOptions& options)
{
    if (m_runConfig.api.missingKey() || !m_modelRefusal.isEmpty()) {
        m_log->append(tr("The batches were not submitted: %1")
                          .arg(m_modelRefusal.isEmpty() ? tr("no API key") : m_modelRefusal));
        return false;
    }
    BatchSubmitOptions submit;
    submit.limit = options.limit;
    submit.maxCostUsd = options.maxCostUsd >= 0 ? options.maxCostUsd : m_runConfig.run.maxCostUsd;
    m_log->append(tr("Submitting the pending items as Batch API batches with %1 (%2%3).")
                      .arg(m_runConfig.embedding.model, redactUrl(m_runConfig.api.baseUrl),
                           m_runConfig.api.simulated ? tr(", SIMULATED") : QString()));
    m_batches->submit(submit);
    showTab(Tab::Batches);
    return true;
}

void MainWindow::requestStop()
{
    if (!m_controller->isRunning() || m_stopPresses >= 2)
        return;
    ++m_stopPresses;
    // The run's own log line says what it does (once); the badge says it at once.
    m_stateBadge->setState(m_stopPresses == 1 ? RunState::Stopping : RunState::Aborting);
    m_controller->stop();
    retranslateStopAction();
    updateActions();
}

void MainWindow::retryFailed(const QStringList& ids)
{
    if (m_controller->isRunning())
        return;
    m_retryAction->setEnabled(false);
    m_store->post<Result<RetryPlan>>(
        this,
        [ids](StoreSession& session) -> Result<RetryPlan> {
            // The same operation as `embedctl retry` (RetryFailures): release, then run those.
            const Result<ItemStore*> store = session.writableStore();
            if (!store)
                return fail(store.error());
            QString error;
            const auto plan = RetryFailures::prepare(**store, ids, &error);
            if (!plan)
                return fail(error);
            return *plan;
        },
        [this](Result<RetryPlan> result) {
            updateActions();
            if (!result) {
                m_log->append(tr("Cannot retry the failed items: %1").arg(result.error()));
                return;
            }
            if (result->items == 0) {
                showStatusMessage(tr("No failed items to retry."));
                return;
            }
            m_log->append(tr("Retrying %Ln failed item(s).", nullptr, int(result->items)));
            startRun(result->options);
        });
}

void MainWindow::onStateChanged(RunState state)
{
    m_stateBadge->setState(state);
    updateActions();
}

void MainWindow::onProgress(const RunProgress& progress)
{
    m_stateBadge->setState(progress.state);
    m_stateBadge->setReconnecting(progress.databaseReconnecting);
    m_dashboard->setProgress(progress);
}

void MainWindow::onFinished(const RunSummary& summary)
{
    m_lastSummary = summary;
    ++m_runsFinished;
    m_stopPresses = 0;
    m_stateBadge->setState(summary.progress.state);
    m_stateBadge->setReconnecting(false);
    m_dashboard->runFinished(summary);
    m_statusTimer->setInterval(kStatusIntervalIdleMs);

    const RunProgress& p = summary.progress;
    QString line =
        tr("Run #%1 %2: %3 processed, %4 succeeded, %5 failed, %6 skipped, %7 unchanged, %8 deduplicated, "
           "%9 tokens, %10.")
            .arg(p.runId)
            .arg(StateBadge::displayName(p.state).toLower(), format::count(p.processed),
                 format::count(p.succeeded), format::count(p.failed), format::count(p.skipped),
                 format::count(p.unchanged), format::count(p.deduped + p.cached), format::count(p.tokens))
            .arg(format::money(p.costUsd, m_config.prices.krwPerUsd));
    m_log->append(line);
    if (!summary.error.isEmpty())
        m_log->append(tr("Run failed: %1").arg(scrubSecrets(summary.error, m_config.secrets())));
    if (summary.lockRefused)
        m_log->append(tr("Another exclusive run holds the lock; nothing was done."));
    const int shown = int(qMin<qsizetype>(summary.errors.size(), 20));
    for (int i = 0; i < shown; ++i) {
        const ItemError& e = summary.errors.at(i);
        m_log->append(
            tr("  item %1: %2").arg(e.itemId, format::failureLine(e.httpStatus, e.code, e.message)));
    }
    if (summary.errors.size() > shown)
        m_log->append(tr("  … and %Ln more failed item(s); see Failures.", nullptr,
                         int(summary.errors.size() - shown)));
    showStatusMessage(tr("Run %1.").arg(StateBadge::displayName(p.state).toLower()));
    const bool problem = p.state != RunState::Completed;
    m_notifier->notify(tr("Run #%1: %2").arg(p.runId).arg(StateBadge::displayName(p.state)),
                       tr("%1 succeeded, %2 failed, %3")
                           .arg(format::count(p.succeeded), format::count(p.failed),
                                format::money(p.costUsd, m_config.prices.krwPerUsd)),
                       problem, p.elapsedSeconds);

    retranslateStopAction();
    updateActions();
    refreshAll();
    Q_EMIT runFinished(summary);
}

// ---- views ------------------------------------------------------------------------------

void MainWindow::refreshAll()
{
    refreshStatus();
    refreshFailures();
    refreshHistory();
    m_batches->refresh();
    if (m_duplicates->hasReport() || m_tabs->currentIndex() == int(Tab::Duplicates))
        refreshDuplicates();
}

void MainWindow::refreshStatus()
{
    if (m_statusInFlight)
        return;
    m_statusInFlight = true;
    struct StatusRead
    {
        Result<StatusCounts> status = fail(QString());
        QString version;
        CatalogPresence presence;          ///< looked up when the status could not be read
        std::optional<ModelChoice> choice; ///< the model for this table (ops/ModelGuard)
        QString columnProblem;
    };
    m_store->post<StatusRead>(
        this,
        [configured = m_config.embedding](StoreSession& session) {
            StatusRead read;
            const Result<ItemStore*> opened = session.store();
            QString modelError;
            if (opened)
                read.choice = ModelGuard::inspect(**opened, configured, &modelError);
            if (read.choice) {
                read.columnProblem = ModelGuard::columnProblem((*opened)->schema(), (*opened)->table(),
                                                               read.choice->embedding);
                read.status = (*opened)->status(read.choice->counted());
            } else {
                read.status = queries::status(session);
            }
            if (read.status) {
                if (const Result<ItemStore*> store = session.store())
                    read.version = (*store)->connection().serverVersion();
            } else {
                read.presence = probeCatalog(session.config());
            }
            return read;
        },
        [this](StatusRead result) {
            m_statusInFlight = false;
            const Result<StatusCounts>& status = result.status;
            const QString& version = result.version;
            if (!status.ok()) {
                const bool missing = result.presence.missing();
                const QString reason =
                    scrubSecrets(missing ? tr("Table %1 does not exist in %2 yet.")
                                               .arg(m_runConfig.table.table, result.presence.location)
                                         : status.error(),
                                 m_config.secrets());
                m_databaseStatus->setText(missing ? tr("No catalog") : tr("Database unavailable"));
                m_databaseStatus->setToolTip(reason);
                m_header->setServerVersion(QString());
                if (missing)
                    m_dashboard->showCatalogMissing(reason);
                else
                    m_dashboard->showProblem(reason);
                Q_EMIT statusFailed(reason, missing);
                return;
            }
            if (result.choice)
                applyModelChoice(*result.choice, result.columnProblem);
            m_databaseStatus->setText(tr("Connected"));
            m_databaseStatus->setToolTip(version);
            m_header->setServerVersion(version);
            m_dashboard->setStatus(*status);
            Q_EMIT statusRefreshed(*status);
        });
}

void MainWindow::refreshFailures()
{
    if (m_failuresInFlight)
        return;
    m_failuresInFlight = true;
    m_store->post<Result<QVector<FailureEntry>>>(
        this, [](StoreSession& session) { return queries::failures(session); },
        [this](Result<QVector<FailureEntry>> result) {
            m_failuresInFlight = false;
            if (!result) {
                m_failures->setError(scrubSecrets(result.error(), m_config.secrets()));
                return;
            }
            m_failures->setEntries(*result);
            Q_EMIT failuresRefreshed(int(result->size()));
        });
}

void MainWindow::refreshHistory()
{
    if (m_historyInFlight)
        return;
    m_historyInFlight = true;
    m_store->post<Result<QVector<RunRecord>>>(
        this, [](StoreSession& session) { return queries::runs(session, 200); },
        [this](Result<QVector<RunRecord>> result) {
            m_historyInFlight = false;
            if (!result) {
                m_history->setError(scrubSecrets(result.error(), m_config.secrets()));
                return;
            }
            m_history->setRuns(*result);
            markInterruptedFromHistory(*result);
            Q_EMIT historyRefreshed(int(result->size()));
        });
}

void MainWindow::refreshDuplicates()
{
    m_duplicates->refresh();
}

void MainWindow::markInterruptedFromHistory(const QVector<RunRecord>& runs)
{
    // Before the first run of this session, show what the last recorded run came to when it
    // was interrupted (killed, crashed): the operator should know the work was cut short.
    if (m_runsFinished > 0 || m_controller->isRunning() || runs.isEmpty())
        return;
    const RunRecord& latest = runs.first();
    if (latest.status == RunStatus::Interrupted && m_stateBadge->state() == RunState::Idle) {
        m_stateBadge->setState(RunState::Interrupted);
        m_stateBadge->setToolTip(
            tr("Run #%1 was interrupted; the next run finishes its items.").arg(latest.id));
    }
}

void MainWindow::openFailure(const FailureEntry& entry)
{
    if (m_detailDialog)
        m_detailDialog->close();
    auto* dialog = new FailureDetailDialog(entry, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_detailDialog = dialog;
    connect(dialog, &FailureDetailDialog::retryRequested, this,
            [this](const QStringList& ids) { retryFailed(ids); });
    m_store->post<Result<FailedItemDetail>>(
        dialog, [entry](StoreSession& session) { return queries::failedItem(session, entry); },
        [dialog](Result<FailedItemDetail> result) {
            if (result)
                dialog->setDetail(*result);
            else
                dialog->setError(result.error());
        });
    dialog->show();
}

void MainWindow::openResetDialog(const QStringList& ids)
{
    if (m_controller->isRunning())
        return;
    if (m_resetDialog) {
        m_resetDialog->raise();
        return;
    }
    auto* dialog = new ResetDialog(m_config, ids, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_resetDialog = dialog;
    connect(dialog, &ResetDialog::resetDone, this, [this, dialog](qint64 count) {
        m_log->append(tr("Reset %Ln item(s); the next run embeds them again.", nullptr, int(count)));
        refreshAll();
        if (count > 0 && dialog->then() == ResetDialog::Then::RunNow)
            startRun();
        else if (count > 0 && dialog->then() == ResetDialog::Then::BatchApiNow)
            startBatches();
    });
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Embedding Console"),
        tr("<b>Embedding Console</b><br>Keeps the vector embeddings of a product catalog up to "
           "date, on PostgreSQL or SQLite, through an OpenAI-compatible embeddings API.") +
            QStringLiteral("<br><br>") +
            tr("Version %1<br>Git commit %2<br>Qt %3")
                .arg(BuildInfo::version(), BuildInfo::gitCommit(), BuildInfo::qtVersion()));
}

void MainWindow::openSettings()
{
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        return;
    }
    auto* dialog =
        new SettingsDialog(m_config, m_options.languageSetting, m_options.apiKeyFromEnvironment, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setStoreWorker(m_store);
    m_settingsDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (dialog->apiKeyTyped())
            m_options.apiKeyFromEnvironment = false;
        setConfig(dialog->config());
        if (m_options.persistSettings) {
            m_config.saveTo(*openSettingsFile());
        }
        setLanguage(dialog->language());
        m_log->append(tr("Settings applied."));
        refreshAll();
    });
    dialog->open();
}

void MainWindow::createDemoCatalog(int items)
{
    if (m_demoInFlight || m_controller->isRunning())
        return;
    m_demoInFlight = true;
    auto* progress = new QProgressDialog(this);
    progress->setObjectName(QStringLiteral("demoProgress"));
    progress->setWindowTitle(tr("Create demo catalog"));
    progress->setLabelText(tr("Writing %Ln demo item(s) into %1…", nullptr, items)
                               .arg(redactUrl(m_runConfig.effectiveDatabaseUrl())));
    progress->setRange(0, items);
    progress->setMinimumDuration(0);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setAutoClose(false);
    progress->setAutoReset(false);

    // The store thread writes; the UI thread reads the count on a timer and may cancel.
    auto feedback = std::make_shared<Feedback>();
    auto* poll = new QTimer(progress);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, progress,
            [progress, feedback] { progress->setValue(int(feedback->done())); });
    connect(progress, &QProgressDialog::canceled, this, [feedback] { feedback->cancel(); });
    poll->start();
    progress->show();

    const AppConfig config = m_runConfig;
    m_store->post<Result<qint64>>(
        this,
        [config, items, feedback](StoreSession& session) -> Result<qint64> {
            // The session's own connection is closed first so the new table is seen afresh.
            session.close();
            DemoOptions options;
            options.items = items;
            options.seed = DemoOptions::kOperatorSeed;
            options.feedback = feedback.get();
            QString error;
            const auto summary = DemoCatalog::create(config, options, &error);
            session.close();
            if (!summary)
                return fail(error);
            return summary->inserted;
        },
        [this, progress = QPointer<QProgressDialog>(progress)](Result<qint64> result) {
            m_demoInFlight = false;
            if (progress)
                progress->close();
            const QString error = scrubSecrets(result.error(), m_config.secrets());
            if (result)
                m_log->append(tr("Created a demo catalog of %Ln item(s) in %1.", nullptr, int(*result))
                                  .arg(redactUrl(m_runConfig.effectiveDatabaseUrl())));
            else
                m_log->append(tr("Cannot create the demo catalog: %1").arg(error));
            refreshAll();
            Q_EMIT demoCreated(result.ok(), error);
        });
}

QStringList MainWindow::shortcutLines() const
{
    QStringList lines;
    const auto line = [&lines](const QAction* action, const QString& what) {
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        lines << QStringLiteral("%1 — %2").arg(keys.join(QStringLiteral(", ")), what);
    };
    line(m_startAction, tr("Start a run (estimate first)"));
    line(m_stopAction, tr("Stop the run; again: abort it"));
    line(m_retryAction, tr("Retry failed items"));
    line(m_resetAction, tr("Reset vectors"));
    line(m_settingsAction, tr("Settings"));
    line(m_refreshAction, tr("Refresh every view"));
    lines << tr("Enter — open the selected failure");
    line(m_shortcutsAction, tr("This list"));
    line(m_quitAction, tr("Quit"));
    return lines;
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(this, tr("Keyboard shortcuts"), shortcutLines().join(QLatin1Char('\n')));
}

void MainWindow::showSimilar(const QString& itemId)
{
    showTab(Tab::Search);
    m_search->showSimilar(itemId);
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void MainWindow::setLanguage(const QString& setting)
{
    m_options.languageSetting = setting;
    for (QAction* action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == setting);
    if (m_options.persistSettings) {
        openSettingsFile()->setValue(QStringLiteral("ui/language"), setting);
    }
    if (m_language)
        m_language->apply(setting);
}

void MainWindow::showStatusMessage(const QString& text)
{
    statusBar()->showMessage(text, 8000);
}

// ---- window state -----------------------------------------------------------------------

void MainWindow::saveWindowState() const
{
    if (!m_options.persistSettings)
        return;
    auto settings = openSettingsFile();
    settings->setValue(QStringLiteral("ui/geometry"), saveGeometry());
    settings->setValue(QStringLiteral("ui/windowState"), saveState());
    settings->setValue(QStringLiteral("ui/tab"), m_tabs->currentIndex());
}

void MainWindow::restoreWindowState()
{
    // A laptop screen (1366×768) takes the first window whole.
    resize(1280, 720);
    // The log gives the dashboard the room: about eight lines until the operator drags it.
    resizeDocks({m_logDock}, {fontMetrics().height() * 8 + 40}, Qt::Vertical);
    if (!m_options.persistSettings)
        return;
    auto settings = openSettingsFile();
    restoreGeometry(settings->value(QStringLiteral("ui/geometry")).toByteArray());
    restoreState(settings->value(QStringLiteral("ui/windowState")).toByteArray());
    m_tabs->setCurrentIndex(settings->value(QStringLiteral("ui/tab"), 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_controller->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("A run is going"),
            tr("Stop the run and quit? The requests in flight are finished and written first."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        // Graceful stop, then quit once the run has written what it had.
        requestStop();
        connect(m_controller, &RunController::finished, this, &QWidget::close,
                Qt::ConnectionType(Qt::QueuedConnection | Qt::UniqueConnection));
        event->ignore();
        return;
    }
    saveWindowState();
    event->accept();
}

} // namespace ec::ui
