#pragma once
// The dashboard: the catalog's totals (items, embedded, pending by reason, failures), the
// current run's figures with its ETA and the rate limits in force, and five live charts fed
// from RunProgress: throughput, cumulative progress, tokens and cost, errors and 429s, and
// API latency (p50, p95). While a run lasts the charts get a point every half second.

#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"

#include <QElapsedTimer>
#include <QWidget>

#include <deque>

class QGroupBox;
class QProgressBar;
class QTimer;

namespace ec::ui {

class FigureGrid;
class TimeSeriesChart;

class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(QWidget* parent = nullptr);

    void setConfig(const ec::AppConfig& config);
    /// The catalog's totals, read on the store thread.
    void setStatus(const ec::StatusCounts& status);

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

protected:
    void changeEvent(QEvent* event) override;

private:
    static constexpr int kChartCount = 5;
    void buildCharts();
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
