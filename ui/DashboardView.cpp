#include "DashboardView.h"

#include "FigureGrid.h"
#include "Format.h"
#include "NoticeBanner.h"
#include "ThemeColors.h"
#include "TimeSeriesChart.h"

#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ec::ui {

namespace {
// The series take their colours from the palette (ThemeColors), dark themes included.
constexpr theme::Role kBlue = theme::Role::Info;
constexpr theme::Role kGreen = theme::Role::Success;
constexpr theme::Role kOrange = theme::Role::Warning;
constexpr theme::Role kRed = theme::Role::Danger;
constexpr theme::Role kPurple = theme::Role::Accent;
constexpr theme::Role kGray = theme::Role::Neutral;

/// The catalog's figures, in the order shown.
constexpr const char* kCatalogFigures[] = {"items",           "embedded",          "pendingMissing",
                                           "pendingOutdated", "pendingOtherModel", "failedItems",
                                           "parkedItems",     "lastUpdate"};

QGroupBox* box(FigureGrid* grid, QWidget* parent)
{
    auto* group = new QGroupBox(parent);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(grid);
    layout->addStretch();
    return group;
}
} // namespace

DashboardView::DashboardView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("dashboardView"));

    m_catalog = new FigureGrid(this);
    for (const char* key : kCatalogFigures)
        m_catalog->addRow(QLatin1String(key));
    m_coverageBar = new QProgressBar(this);
    m_coverageBar->setObjectName(QStringLiteral("coverageBar"));
    m_coverageBar->setRange(0, 10000);
    m_catalog->addWidget(m_coverageBar);

    m_run = new FigureGrid(this);
    for (const char* key : {"processed", "succeeded", "failed", "skipped", "unchanged", "deduped", "tokens",
                            "cost", "throughput", "elapsed", "eta"})
        m_run->addRow(QLatin1String(key));
    m_runBar = new QProgressBar(this);
    m_runBar->setObjectName(QStringLiteral("runProgressBar"));
    m_runBar->setRange(0, 10000);
    m_runBar->setValue(0);
    m_run->addWidget(m_runBar);

    m_limits = new FigureGrid(this);
    for (const char* key : {"rpm", "tpm", "concurrency", "inFlight", "batchSize", "requests", "retries",
                            "rateLimited", "apiErrors"})
        m_limits->addRow(QLatin1String(key));

    m_catalogBox = box(m_catalog, this);
    m_runBox = box(m_run, this);
    m_limitsBox = box(m_limits, this);
    auto* figures = new QHBoxLayout;
    figures->addWidget(m_catalogBox, 1);
    figures->addWidget(m_runBox, 1);
    figures->addWidget(m_limitsBox, 1);

    buildCharts();
    auto* charts = new QGridLayout;
    charts->setSpacing(6);
    charts->addWidget(m_throughput, 0, 0);
    charts->addWidget(m_progressChart, 0, 1);
    charts->addWidget(m_cost, 0, 2);
    charts->addWidget(m_errors, 1, 0);
    charts->addWidget(m_latency, 1, 1, 1, 2);

    // The figures and charts scroll when the window is smaller than they are.
    auto* content = new QWidget;
    content->setObjectName(QStringLiteral("dashboardContent"));
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(figures);
    contentLayout->addLayout(charts, 1);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("dashboardScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(content);

    m_banner = new NoticeBanner(this);
    m_banner->setObjectName(QStringLiteral("dashboardBanner"));
    connect(m_banner, &NoticeBanner::firstTriggered, this, &DashboardView::retryRequested);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_scroll);
    m_pages->addWidget(buildEmptyState());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_pages, 1);

    // One chart per tick, in turn: each chart gets a point every half second, and no frame
    // has to repaint all five at once.
    m_sampleTimer = new QTimer(this);
    m_sampleTimer->setInterval(kSampleIntervalMs / kChartCount);
    connect(m_sampleTimer, &QTimer::timeout, this, &DashboardView::sampleNextChart);

    retranslate();
}

void DashboardView::buildCharts()
{
    m_throughput = new TimeSeriesChart(this);
    m_throughput->setObjectName(QStringLiteral("throughputChart"));
    m_throughput->addSeries(kBlue);
    m_throughput->setLabelDecimals(0);

    m_progressChart = new TimeSeriesChart(this);
    m_progressChart->setObjectName(QStringLiteral("progressChart"));
    m_progressChart->addSeries(kBlue);
    m_progressChart->addSeries(kGreen);

    m_cost = new TimeSeriesChart(this);
    m_cost->setObjectName(QStringLiteral("costChart"));
    m_cost->addSeries(kPurple);
    m_cost->addSeries(kOrange, TimeSeriesChart::Axis::Right);
    m_cost->setLabelDecimals(0, -1);

    m_errors = new TimeSeriesChart(this);
    m_errors->setObjectName(QStringLiteral("errorChart"));
    m_errors->addSeries(kRed);
    m_errors->addSeries(kOrange);
    m_errors->addSeries(kGray);

    m_latency = new TimeSeriesChart(this);
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_latency->addSeries(kBlue);
    m_latency->addSeries(kRed);
}

QWidget* DashboardView::buildEmptyState()
{
    m_emptyPage = new QWidget(this);
    m_emptyPage->setObjectName(QStringLiteral("emptyState"));
    m_emptyTitle = new QLabel(m_emptyPage);
    m_emptyTitle->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont font = m_emptyTitle->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    m_emptyTitle->setFont(font);
    m_emptyTitle->setAlignment(Qt::AlignCenter);
    m_emptyTitle->setWordWrap(true);
    m_emptyText = new QLabel(m_emptyPage);
    m_emptyText->setObjectName(QStringLiteral("emptyStateText"));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_createDemo = new QPushButton(m_emptyPage);
    m_createDemo->setObjectName(QStringLiteral("createDemoButton"));
    m_createDemo->setDefault(true);
    m_openSettings = new QPushButton(m_emptyPage);
    m_openSettings->setObjectName(QStringLiteral("openSettingsButton"));
    connect(m_createDemo, &QPushButton::clicked, this, &DashboardView::createDemoRequested);
    connect(m_openSettings, &QPushButton::clicked, this, &DashboardView::settingsRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_createDemo);
    buttons->addWidget(m_openSettings);
    buttons->addStretch();
    auto* column = new QVBoxLayout;
    column->addStretch(2);
    column->addWidget(m_emptyTitle);
    column->addSpacing(8);
    column->addWidget(m_emptyText);
    column->addSpacing(16);
    column->addLayout(buttons);
    column->addStretch(3);
    auto* layout = new QHBoxLayout(m_emptyPage);
    layout->addStretch(1);
    layout->addLayout(column, 4);
    layout->addStretch(1);
    return m_emptyPage;
}

void DashboardView::clearAll()
{
    m_status = StatusCounts{};
    m_haveStatus = false;
    m_progress = RunProgress{};
    m_haveRun = false;
    m_sampleTimer->stop();
    m_runClock.invalidate();
    m_tokenSamples.clear();
    for (TimeSeriesChart* chart : {m_throughput, m_progressChart, m_cost, m_errors, m_latency})
        chart->clear();
    renderStatus();
    renderProgress();
    renderLimits();
}

void DashboardView::showCatalogMissing(const QString& reason)
{
    m_status = StatusCounts{};
    m_haveStatus = false;
    m_missingReason = reason;
    m_problem.clear();
    m_banner->hide();
    m_pages->setCurrentWidget(m_emptyPage);
    renderStatus();
    retranslate();
}

void DashboardView::showProblem(const QString& reason)
{
    m_status = StatusCounts{};
    m_haveStatus = false;
    m_problem = reason;
    m_pages->setCurrentWidget(m_scroll);
    renderStatus();
    retranslate();
}

bool DashboardView::isShowingEmptyState() const
{
    return m_pages->currentWidget() == m_emptyPage;
}

void DashboardView::setConfig(const AppConfig& config)
{
    m_config = config;
    renderProgress();
    renderLimits();
}

void DashboardView::setStatus(const StatusCounts& status)
{
    m_status = status;
    m_haveStatus = true;
    m_problem.clear();
    m_missingReason.clear();
    m_banner->hide();
    m_pages->setCurrentWidget(m_scroll);
    renderStatus();
}

void DashboardView::runStarted()
{
    m_progress = RunProgress{};
    m_progress.state = RunState::Starting;
    m_haveRun = true;
    for (TimeSeriesChart* chart : {m_throughput, m_progressChart, m_cost, m_errors, m_latency})
        chart->clear();
    m_tokenSamples.clear();
    m_nextChart = 0;
    m_runClock.start();
    m_sampleTimer->start();
    renderProgress();
    renderLimits();
}

void DashboardView::setProgress(const RunProgress& progress)
{
    m_progress = progress;
    m_haveRun = true;
    renderProgress();
    renderLimits();
}

void DashboardView::runFinished(const RunSummary& summary)
{
    m_progress = summary.progress;
    if (m_sampleTimer->isActive())
        sample();
    m_sampleTimer->stop();
    renderProgress();
    renderLimits();
}

void DashboardView::sample()
{
    if (!m_runClock.isValid())
        return;
    const double t = double(m_runClock.elapsed()) / 1000.0;
    for (int chart = 0; chart < kChartCount; ++chart)
        sampleChart(chart, t);
}

void DashboardView::sampleNextChart()
{
    if (!m_runClock.isValid())
        return;
    sampleChart(m_nextChart, double(m_runClock.elapsed()) / 1000.0);
    m_nextChart = (m_nextChart + 1) % kChartCount;
}

void DashboardView::sampleChart(int chart, double t)
{
    const RunProgress& p = m_progress;
    switch (chart) {
    case 0:
        m_throughput->append(t, {p.itemsPerSecond});
        break;
    case 1:
        m_progressChart->append(t, {double(p.processed), double(p.succeeded)});
        break;
    case 2: {
        // Tokens burned per second over the last three seconds, beside the money spent so far.
        m_tokenSamples.emplace_back(t, p.tokens);
        while (m_tokenSamples.size() > 2 && m_tokenSamples.front().first < t - 3.0)
            m_tokenSamples.pop_front();
        const auto& [since, tokensThen] = m_tokenSamples.front();
        const double tokenRate = t > since ? double(p.tokens - tokensThen) / (t - since) : 0.0;
        m_cost->append(t, {tokenRate, p.costUsd});
        break;
    }
    case 3:
        m_errors->append(t, {double(p.apiErrors), double(p.rateLimited), double(p.retries)});
        break;
    case 4:
        m_latency->append(t, {p.latencyP50Ms, p.latencyP95Ms});
        break;
    }
}

double DashboardView::runPercent() const
{
    return double(m_runBar->value()) / 100.0;
}

void DashboardView::renderStatus()
{
    if (!m_haveStatus) {
        for (const char* key : kCatalogFigures)
            m_catalog->setValue(QLatin1String(key), QStringLiteral("—"));
        m_coverageBar->setValue(0);
        m_coverageBar->setFormat(QStringLiteral("—"));
        return;
    }
    const StatusCounts& s = m_status;
    m_catalog->setValue(QStringLiteral("items"), format::count(s.totalItems));
    m_catalog->setValue(QStringLiteral("embedded"), format::count(s.embeddedItems));
    m_catalog->setValue(QStringLiteral("pendingMissing"), format::count(s.pendingMissing));
    m_catalog->setValue(QStringLiteral("pendingOutdated"), format::count(s.pendingOutdated));
    m_catalog->setValue(QStringLiteral("pendingOtherModel"), format::count(s.pendingOtherModel));
    m_catalog->setValue(QStringLiteral("failedItems"), format::count(s.failedItems));
    m_catalog->setValue(QStringLiteral("parkedItems"), format::count(s.parkedItems));
    m_catalog->setValue(QStringLiteral("lastUpdate"), format::dateTime(s.lastUpdate));
    m_coverageBar->setValue(int(s.progressPercent * 100));
    m_coverageBar->setFormat(tr("%1 embedded").arg(format::percent(s.progressPercent, 2)));
}

void DashboardView::renderProgress()
{
    const RunProgress& p = m_progress;
    const bool running = m_haveRun;
    const auto figure = [&](const char* key, const QString& text) {
        m_run->setValue(QLatin1String(key), running ? text : QStringLiteral("—"));
    };
    figure("processed", tr("%1 of %2").arg(format::count(p.processed), format::count(p.total)));
    figure("succeeded", format::count(p.succeeded));
    figure("failed", format::count(p.failed));
    figure("skipped", format::count(p.skipped));
    figure("unchanged", format::count(p.unchanged));
    figure("deduped", tr("%1 + %2 cached").arg(format::count(p.deduped), format::count(p.cached)));
    figure("tokens", format::count(p.tokens));
    figure("cost", format::money(p.costUsd, m_config.prices.krwPerUsd));
    figure("throughput", format::perSecond(p.itemsPerSecond));
    figure("elapsed", format::duration(p.elapsedSeconds));
    figure("eta", isFinalState(p.state) ? QStringLiteral("—") : format::duration(p.etaSeconds));
    const double percent = running ? p.percent() : 0.0;
    m_runBar->setValue(int(percent * 100));
    m_runBar->setFormat(running ? format::percent(percent) : tr("No run yet"));
}

void DashboardView::renderLimits()
{
    const RunProgress& p = m_progress;
    // The limit in force and where it comes from: the server's headers, the operator's cap, or
    // none (the client adapts); before a run, the caps configured.
    const auto limit = [this](double inForce, const QString& source, double configured) {
        const double value = inForce > 0 ? inForce : configured;
        if (value <= 0)
            return tr("none: adaptive");
        if (source == QLatin1String("server"))
            return tr("%1 (from the server)").arg(format::count(qint64(value)));
        return tr("%1 (your cap)").arg(format::count(qint64(value)));
    };
    m_limits->setValue(QStringLiteral("rpm"), limit(p.requestsPerMinuteLimit, p.requestsLimitSource,
                                                    m_config.api.requestsPerMinute));
    m_limits->setValue(QStringLiteral("tpm"),
                       limit(p.tokensPerMinuteLimit, p.tokensLimitSource, m_config.api.tokensPerMinute));
    m_limits->setValue(QStringLiteral("concurrency"), format::count(m_config.api.concurrency));
    m_limits->setValue(QStringLiteral("inFlight"), format::count(p.inFlight));
    m_limits->setValue(QStringLiteral("batchSize"), format::count(m_config.batch.batchSize));
    m_limits->setValue(QStringLiteral("requests"),
                       tr("%1 (%2 inputs)").arg(format::count(p.apiRequests), format::count(p.apiInputs)));
    m_limits->setValue(QStringLiteral("retries"), format::count(p.retries));
    m_limits->setValue(QStringLiteral("rateLimited"), format::count(p.rateLimited));
    m_limits->setValue(QStringLiteral("apiErrors"), format::count(p.apiErrors));
}

void DashboardView::retranslate()
{
    m_emptyTitle->setText(tr("There is no catalog to embed yet"));
    m_emptyText->setText(
        tr("%1\n\nCreate a demo catalog of AI tools to try the console against the built-in simulator, "
           "or open the settings and point the console at your database and table.")
            .arg(m_missingReason));
    m_createDemo->setText(tr("Create demo catalog…"));
    m_openSettings->setText(tr("Open Settings…"));
    m_banner->setActions(tr("Retry"));
    if (!m_problem.isEmpty())
        m_banner->showMessage(NoticeBanner::Level::Error,
                              tr("The catalog's figures cannot be read: %1").arg(m_problem));

    m_catalogBox->setTitle(tr("Catalog"));
    m_runBox->setTitle(tr("This run"));
    m_limitsBox->setTitle(tr("API and limits"));

    m_catalog->setCaption(QStringLiteral("items"), tr("Items"));
    m_catalog->setCaption(QStringLiteral("embedded"), tr("Embedded"));
    m_catalog->setCaption(QStringLiteral("pendingMissing"), tr("Pending: no vector"));
    m_catalog->setCaption(QStringLiteral("pendingOutdated"), tr("Pending: outdated"));
    m_catalog->setCaption(QStringLiteral("pendingOtherModel"), tr("Pending: other model"));
    m_catalog->setCaption(QStringLiteral("failedItems"), tr("Failed items"));
    m_catalog->setCaption(QStringLiteral("parkedItems"), tr("Parked items"));
    m_catalog->setCaption(QStringLiteral("lastUpdate"), tr("Last embedded"));

    m_run->setCaption(QStringLiteral("processed"), tr("Processed"));
    m_run->setCaption(QStringLiteral("succeeded"), tr("Succeeded"));
    m_run->setCaption(QStringLiteral("failed"), tr("Failed"));
    m_run->setCaption(QStringLiteral("skipped"), tr("Skipped"));
    m_run->setCaption(QStringLiteral("unchanged"), tr("Unchanged (no API call)"));
    m_run->setCaption(QStringLiteral("deduped"), tr("Deduplicated"));
    m_run->setCaption(QStringLiteral("tokens"), tr("Tokens"));
    m_run->setCaption(QStringLiteral("cost"), tr("Cost"));
    m_run->setCaption(QStringLiteral("throughput"), tr("Throughput"));
    m_run->setCaption(QStringLiteral("elapsed"), tr("Elapsed"));
    m_run->setCaption(QStringLiteral("eta"), tr("Time left (ETA)"));

    m_limits->setCaption(QStringLiteral("rpm"), tr("Requests per minute (limit)"));
    m_limits->setCaption(QStringLiteral("tpm"), tr("Tokens per minute (limit)"));
    m_limits->setCaption(QStringLiteral("concurrency"), tr("Concurrency"));
    m_limits->setCaption(QStringLiteral("inFlight"), tr("Requests in flight"));
    m_limits->setCaption(QStringLiteral("batchSize"), tr("Batch size"));
    m_limits->setCaption(QStringLiteral("requests"), tr("API requests"));
    m_limits->setCaption(QStringLiteral("retries"), tr("Retries"));
    m_limits->setCaption(QStringLiteral("rateLimited"), tr("Rate limited (429)"));
    m_limits->setCaption(QStringLiteral("apiErrors"), tr("API errors"));

    m_throughput->setTitle(tr("Throughput"));
    m_throughput->setSeriesName(0, tr("items/s"));
    m_throughput->setAxisTitles(tr("items/s"));
    m_progressChart->setTitle(tr("Cumulative progress"));
    m_progressChart->setSeriesName(0, tr("Processed"));
    m_progressChart->setSeriesName(1, tr("Succeeded"));
    m_progressChart->setAxisTitles(tr("items"));
    m_cost->setTitle(tr("Tokens and cost"));
    m_cost->setSeriesName(0, tr("Tokens/s"));
    m_cost->setSeriesName(1, tr("Cost so far (USD)"));
    m_cost->setAxisTitles(tr("tokens/s"), tr("USD"));
    m_errors->setTitle(tr("Errors and 429s"));
    m_errors->setSeriesName(0, tr("API errors"));
    m_errors->setSeriesName(1, tr("429 responses"));
    m_errors->setSeriesName(2, tr("Retries"));
    m_errors->setAxisTitles(tr("count"));
    m_latency->setTitle(tr("API latency"));
    m_latency->setSeriesName(0, tr("p50"));
    m_latency->setSeriesName(1, tr("p95"));
    m_latency->setAxisTitles(tr("ms"));

    renderStatus();
    renderProgress();
    renderLimits();
}

void DashboardView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
