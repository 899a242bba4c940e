#pragma once
// The console's window: the connection header, the run controls with the state always in
// view, the Dashboard / Failures / Duplicates / History tabs, the log panel, and RSS and CPU
// in the status bar. Owns the RunController (the run) and the StoreWorker (every database
// read of the views); the UI thread itself never touches the database or the network.

#include "ops/CatalogQueries.h"

#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

#include <memory>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;
class QTimer;
class QToolBar;

namespace ec {
struct ModelChoice;
class RunController;
class SimulatorHost;
class StoreWorker;
} // namespace ec

namespace ec::ui {

enum class ApiKeySource;
class BatchesView;
class ConnectionHeader;
class DashboardView;
class DuplicatesView;
class EstimateDialog;
class FailureDetailDialog;
class FailuresView;
class HistoryView;
class LogPanel;
class NoticeBanner;
class RunEndNotifier;
class SearchView;
class MigrationView;
class ProcessStatusLabel;
class ResetDialog;
class SettingsDialog;
class StateBadge;
class UiLanguage;

/// How the window was started.
struct WindowOptions
{
    /// Save geometry, settings and language in QSettings (off for screenshots and benchmarks).
    bool persistSettings = true;
    /// The key came from the environment (shown so in the settings).
    bool apiKeyFromEnvironment = false;
    /// The language setting as saved: "system", "en" or "ko".
    QString languageSetting = QStringLiteral("system");
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Tab { Dashboard, Failures, Duplicates, History, Search, Batches, Migration };

    MainWindow(const ec::AppConfig& config, UiLanguage* language, const WindowOptions& options = {},
               QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The configuration as the operator set it (what the settings show and save).
    const ec::AppConfig& config() const { return m_config; }
    /// What runs, estimates and views use: config(), or, when it names OpenAI or Azure without
    /// an API key, the same pointed at the built-in simulator (SIMULATED). A run never starts
    /// against a real endpoint without a key.
    const ec::AppConfig& runConfig() const { return m_runConfig; }
    /// Applies a new configuration (the settings dialog does this): header, views, store
    /// thread. Figures of the old database, table or endpoint are cleared at once.
    void setConfig(const ec::AppConfig& config);
    /// Creates the demo catalog (what `embedctl init-demo` does) in the configured database,
    /// with a progress dialog that can cancel it; the dashboard then shows it.
    void createDemoCatalog(int items = 2000);

    // Run controls
    /// Opens the pre-run estimate; the run starts when the operator confirms it.
    void requestStart(const ec::RunOptions& options = {});
    /// Starts a run at once, without the estimate (used after confirmation and by retries).
    bool startRun(const ec::RunOptions& options = {});
    /// Submits the pending items as Batch API batches (the start dialog's Batch API mode) and
    /// shows the Batches tab, which collects them.
    bool startBatches(const ec::RunOptions& options = {});
    /// First call: graceful stop. Second call: abort.
    void requestStop();
    /// Makes the given failed items (empty: every failed item) retryable and runs them.
    void retryFailed(const QStringList& ids = {});
    /// Opens the reset dialog, preset with ids when given.
    void openResetDialog(const QStringList& ids = {});
    void openSettings();
    /// The About box (modal): version, git commit and Qt version.
    void showAbout();
    /// Re-reads the catalog figures, failures, history and duplicates.
    void refreshAll();
    void refreshStatus();
    void refreshFailures();
    void refreshHistory();
    void refreshDuplicates();

    void showTab(Tab tab);
    /// Switches the UI language ("system", "en", "ko") and remembers the choice.
    void setLanguage(const QString& setting);

    ec::RunController* controller() const { return m_controller; }
    ec::StoreWorker* store() const { return m_store; }
    ConnectionHeader* header() const { return m_header; }
    DashboardView* dashboard() const { return m_dashboard; }
    FailuresView* failuresView() const { return m_failures; }
    DuplicatesView* duplicatesView() const { return m_duplicates; }
    HistoryView* historyView() const { return m_history; }
    SearchView* searchView() const { return m_search; }
    BatchesView* batchesView() const { return m_batches; }
    MigrationView* migrationView() const { return m_migration; }
    /// Shows the Search tab with the items nearest to itemId's stored vector.
    void showSimilar(const QString& itemId);
    LogPanel* logPanel() const { return m_log; }
    StateBadge* stateBadge() const { return m_stateBadge; }
    /// "No API key: runs go to the simulator", with "Set key…"; hidden when a key is set.
    NoticeBanner* keyBanner() const { return m_keyBanner; }
    /// "The configured model is not the table's" (ops/ModelGuard), or vectors that do not fit the
    /// column; a run is refused while it shows.
    NoticeBanner* modelBanner() const { return m_modelBanner; }
    QTabWidget* tabs() const { return m_tabs; }
    /// The dialogs currently open (null when closed).
    EstimateDialog* estimateDialog() const;
    ResetDialog* resetDialog() const;
    SettingsDialog* settingsDialog() const;
    FailureDetailDialog* failureDetailDialog() const;

    QAction* startAction() const { return m_startAction; }
    QAction* stopAction() const { return m_stopAction; }
    QAction* retryAction() const { return m_retryAction; }
    QAction* resetAction() const { return m_resetAction; }
    QAction* settingsAction() const { return m_settingsAction; }
    QAction* shortcutsAction() const { return m_shortcutsAction; }
    /// The keyboard shortcuts, one "keys — what" line each (the Help menu shows them).
    QStringList shortcutLines() const;

    /// The last run's summary (valid once a run finished).
    const ec::RunSummary& lastSummary() const { return m_lastSummary; }
    bool hasFinishedRun() const { return m_runsFinished > 0; }

Q_SIGNALS:
    /// A run ended (after the views were asked to refresh).
    void runFinished(const ec::RunSummary& summary);
    /// The catalog figures were read (after each refreshStatus()).
    void statusRefreshed(const ec::StatusCounts& status);
    /// The catalog figures could not be read (after refreshStatus()); catalogMissing when the
    /// database answers but has no catalog table.
    void statusFailed(const QString& reason, bool catalogMissing);
    /// The demo catalog was created (ok) or not (error says why).
    void demoCreated(bool ok, const QString& error);
    void failuresRefreshed(int count);
    void historyRefreshed(int count);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildLayout();
    void retranslate();
    void retranslateStopAction();
    void updateActions();
    void onStateChanged(ec::RunState state);
    void onProgress(const ec::RunProgress& progress);
    void onFinished(const ec::RunSummary& summary);
    void openFailure(const ec::FailureEntry& entry);
    void saveWindowState() const;
    void restoreWindowState();
    void showStatusMessage(const QString& text);
    void markInterruptedFromHistory(const QVector<ec::RunRecord>& runs);
    void updateKeyBanner();
    /// Adopts the table's model when none is configured, and shows a mismatch (or vectors
    /// that do not fit the column) in the model banner.
    void applyModelChoice(const ec::ModelChoice& choice, const QString& columnProblem);
    void showShortcuts();
    ApiKeySource keySource() const;

    ec::AppConfig m_config;
    ec::AppConfig m_runConfig;
    std::unique_ptr<ec::SimulatorHost> m_keylessSimulator; ///< while config() lacks a needed key
    bool m_configApplied = false;
    UiLanguage* m_language = nullptr;
    WindowOptions m_options;

    ec::RunController* m_controller = nullptr;
    ec::StoreWorker* m_store = nullptr;
    ec::RunSummary m_lastSummary;
    QUrl m_lastRunEndpoint; ///< where the last run of this session sent its requests
    int m_runsFinished = 0;
    int m_stopPresses = 0;
    bool m_statusInFlight = false;
    bool m_failuresInFlight = false;
    bool m_historyInFlight = false;

    ConnectionHeader* m_header = nullptr;
    StateBadge* m_stateBadge = nullptr;
    QTabWidget* m_tabs = nullptr;
    DashboardView* m_dashboard = nullptr;
    FailuresView* m_failures = nullptr;
    DuplicatesView* m_duplicates = nullptr;
    HistoryView* m_history = nullptr;
    SearchView* m_search = nullptr;
    BatchesView* m_batches = nullptr;
    MigrationView* m_migration = nullptr;
    LogPanel* m_log = nullptr;
    QDockWidget* m_logDock = nullptr;
    ProcessStatusLabel* m_processStatus = nullptr;
    QLabel* m_databaseStatus = nullptr;
    NoticeBanner* m_keyBanner = nullptr;
    NoticeBanner* m_modelBanner = nullptr;
    QString m_modelRefusal; ///< why a run may not start (model mismatch, column), empty when it may
    QString m_modelReason;  ///< the last model choice announced in the log
    RunEndNotifier* m_notifier = nullptr;
    bool m_demoInFlight = false;
    QTimer* m_statusTimer = nullptr;

    QToolBar* m_runBar = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_runMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_startAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_retryAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    QActionGroup* m_languageGroup = nullptr;
    QAction* m_languageSystem = nullptr;
    QAction* m_languageEnglish = nullptr;
    QAction* m_languageKorean = nullptr;

    QPointer<EstimateDialog> m_estimateDialog;
    QPointer<ResetDialog> m_resetDialog;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<FailureDetailDialog> m_detailDialog;
};

} // namespace ec::ui
