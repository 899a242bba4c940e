#pragma once
// The dashboard: the catalog's totals (items, embedded, pending by reason, failures), the
// current run's figures with its ETA and the rate limits in force, and five live charts fed
// from RunProgress: throughput, cumulative progress, tokens and cost, errors and 429s, and
// API latency (p50, p95). While a run lasts the charts get a point every half second.
//
// Two other faces: an empty state when there is no catalog to show (what is missing, with
// "Create demo catalog…" and "Open Settings…"), and a banner above the figures when they
// cannot be read (the reason and a retry). Figures that belong to an old connection are
// cleared, never left on screen beside a new one. The figures scroll, so the view fits a
// small window.

#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"

#include <QElapsedTimer>
#include <QWidget>

#include <deque>

class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTimer;

namespace ec::ui {

class FigureGrid;
class NoticeBanner;
class TimeSeriesChart;

class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(QWidget* parent = nullptr);

    void setConfig(const ec::AppConfig& config);
    /// The catalog's totals, read on the store thread (leaves the empty state, hides the banner).
    void setStatus(const ec::StatusCounts& status);
    /// Forgets the catalog's totals (dashes) and the last run's figures and charts: the
    /// connection, table or endpoint changed, and they belong to the old one.
    void clearAll();
    /// The catalog's table (or SQLite file) does not exist: shows the empty state with reason.
    void showCatalogMissing(const QString& reason);
    /// The figures cannot be read: clears the catalog's totals and shows reason in the banner,
    /// with a retry.
    void showProblem(const QString& reason);
    bool isShowingEmptyState() const;
    NoticeBanner* banner() const { return m_banner; }
    QPushButton* createDemoButton() const { return m_createDemo; }
    QPushButton* openSettingsButton() const { return m_openSettings; }

    /// A run starts: the charts are cleared and sampling begins.
    void runStarted();
    /// The latest figures of the run (the charts sample the latest one on their own clock).
    void setProgress(const ec::RunProgress& progress);
    /// The run ended: a last point is drawn and sampling stops.
    void runFinished(const ec::RunSummary& summary);

    /// Samples the latest progress into every chart now (the timer samples one chart per
    /// tick, in turn, so that each gets a point every kSampleIntervalMs).
    void sample();
    static constexpr int kSampleIntervalMs = 500;

    TimeSeriesChart* throughputChart() const { return m_throughput; }
    TimeSeriesChart* progressChart() const { return m_progressChart; }
    TimeSeriesChart* costChart() const { return m_cost; }
    TimeSeriesChart* errorChart() const { return m_errors; }
    TimeSeriesChart* latencyChart() const { return m_latency; }
    /// The run's progress bar value, 0–100.
    double runPercent() const;

Q_SIGNALS:
    /// The operator asked for the demo catalog (empty state).
    void createDemoRequested();
    /// The operator asked for the settings (empty state).
    void settingsRequested();
    /// The operator asked to read the figures again (banner).
    void retryRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    static constexpr int kChartCount = 5;
    void buildCharts();
    QWidget* buildEmptyState();
    void sampleNextChart();
    void sampleChart(int chart, double seconds);
    void retranslate();
    void renderStatus();
    void renderProgress();
    void renderLimits();

    ec::AppConfig m_config;
    ec::StatusCounts m_status;
    bool m_haveStatus = false;
    ec::RunProgress m_progress;
    bool m_haveRun = false;

    QString m_problem;       ///< shown in the banner; empty: none
    QString m_missingReason; ///< shown in the empty state
    NoticeBanner* m_banner = nullptr;
    QStackedWidget* m_pages = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_emptyPage = nullptr;
    QLabel* m_emptyTitle = nullptr;
    QLabel* m_emptyText = nullptr;
    QPushButton* m_createDemo = nullptr;
    QPushButton* m_openSettings = nullptr;
    QGroupBox* m_catalogBox = nullptr;
    QGroupBox* m_runBox = nullptr;
    QGroupBox* m_limitsBox = nullptr;
    FigureGrid* m_catalog = nullptr;
    FigureGrid* m_run = nullptr;
    FigureGrid* m_limits = nullptr;
    QProgressBar* m_coverageBar = nullptr;
    QProgressBar* m_runBar = nullptr;

    TimeSeriesChart* m_throughput = nullptr;
    TimeSeriesChart* m_progressChart = nullptr;
    TimeSeriesChart* m_cost = nullptr;
    TimeSeriesChart* m_errors = nullptr;
    TimeSeriesChart* m_latency = nullptr;
    QTimer* m_sampleTimer = nullptr;
    int m_nextChart = 0;
    QElapsedTimer m_runClock;
    std::deque<std::pair<double, qint64>> m_tokenSamples; ///< (seconds, tokens) of the last samples
};

} // namespace ec::ui
