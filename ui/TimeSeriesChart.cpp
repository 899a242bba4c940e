#include "TimeSeriesChart.h"

#include <QChart>
#include <QEvent>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ec::ui {

/// The smallest "round" number at least value, and how many ticks (at most five, so the
/// labels fit small charts in tall CJK fonts) divide 0…that number into round steps.
static std::pair<double, int> niceRange(double value)
{
    if (value <= 0)
        return {1, 5};
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    const std::pair<double, int> steps[] = {{1.0, 5}, {2.0, 5}, {4.0, 5}, {6.0, 4}, {8.0, 5}, {10.0, 5}};
    for (const auto& [step, ticks] : steps) {
        if (value <= step * magnitude * (1 + 1e-9))
            return {step * magnitude, ticks};
    }
    return {10 * magnitude, 5};
}

/// Integral axes (no decimals in their labels) never go below 0…4, so every tick is a whole
/// number. Negative decimals: as many as the tick step needs.
static void applyRange(QValueAxis* axis, double top, int decimals)
{
    const auto [ceiling, ticks] = niceRange(decimals == 0 ? std::max(top, 4.0) : top);
    axis->setRange(0, ceiling);
    axis->setTickCount(ticks);
    if (decimals < 0) {
        const double step = ceiling / double(ticks - 1);
        const int needed = std::clamp(int(std::ceil(-std::log10(step) + 1e-9)), 0, 8);
        axis->setLabelFormat(QStringLiteral("%.") + QString::number(needed) + QLatin1Char('f'));
    }
}

// The chart is handed to the view's constructor: setChart() would orphan (leak) the default
// chart the plain constructor creates.
TimeSeriesChart::TimeSeriesChart(QWidget* parent)
    : QChartView(new QChart, parent)
{
    QChart* chart = this->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(4);

    m_timeAxis = new QValueAxis(chart);
    m_timeAxis->setLabelFormat(QStringLiteral("%d"));
    m_timeAxis->setRange(0, 60);
    m_timeAxis->setTickCount(7);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);

    m_leftAxis = new QValueAxis(chart);
    m_leftAxis->setLabelFormat(QStringLiteral("%.0f"));
    applyRange(m_leftAxis, 0, m_leftDecimals);
    chart->addAxis(m_leftAxis, Qt::AlignLeft);

    applyFonts();
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(280, 200);
}

void TimeSeriesChart::applyFonts()
{
    // Axis labels and the legend a little smaller than the UI font, the title bold.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (QValueAxis* axis : {m_timeAxis, m_leftAxis, m_rightAxis}) {
        if (axis) {
            axis->setLabelsFont(small);
            axis->setTitleFont(small);
        }
    }
    chart()->legend()->setFont(small);
    QFont title = font();
    title.setBold(true);
    chart()->setTitleFont(title);
}

void TimeSeriesChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    QChartView::changeEvent(event);
}

int TimeSeriesChart::addSeries(const QColor& color, Axis axis)
{
    auto* series = new QLineSeries(chart());
    QPen pen(color);
    pen.setWidthF(2);
    series->setPen(pen);
    series->setUseOpenGL(false);
    chart()->addSeries(series);
    series->attachAxis(m_timeAxis);
    if (axis == Axis::Right && !m_rightAxis) {
        m_rightAxis = new QValueAxis(chart());
        m_rightAxis->setLabelsFont(m_leftAxis->labelsFont());
        m_rightAxis->setTitleFont(m_leftAxis->titleFont());
        m_rightAxis->setLabelFormat(QStringLiteral("%.") + QString::number(std::max(0, m_rightDecimals)) +
                                    QLatin1Char('f'));
        applyRange(m_rightAxis, 0, m_rightDecimals);
        chart()->addAxis(m_rightAxis, Qt::AlignRight);
    }
    series->attachAxis(axis == Axis::Right ? m_rightAxis : m_leftAxis);
    m_tracks.push_back({series, axis});
    return int(m_tracks.size()) - 1;
}

void TimeSeriesChart::setSeriesName(int series, const QString& name)
{
    if (series >= 0 && series < m_tracks.size())
        m_tracks[series].series->setName(name);
}

void TimeSeriesChart::setTitle(const QString& title)
{
    chart()->setTitle(title);
}

void TimeSeriesChart::setAxisTitles(const QString& left, const QString& right)
{
    m_leftAxis->setTitleText(left);
    if (m_rightAxis)
        m_rightAxis->setTitleText(right);
}

void TimeSeriesChart::setLabelDecimals(int left, int right)
{
    m_leftDecimals = left;
    m_rightDecimals = right;
    m_leftAxis->setLabelFormat(QStringLiteral("%.") + QString::number(std::max(0, left)) + QLatin1Char('f'));
    if (m_rightAxis)
        m_rightAxis->setLabelFormat(QStringLiteral("%.") + QString::number(std::max(0, right)) +
                                    QLatin1Char('f'));
}

void TimeSeriesChart::setWindowSeconds(double seconds)
{
    m_windowSeconds = std::max(10.0, seconds);
}

void TimeSeriesChart::append(double seconds, const QVector<double>& values)
{
    const double oldest = seconds - m_windowSeconds;
    for (int i = 0; i < m_tracks.size() && i < values.size(); ++i) {
        QLineSeries* series = m_tracks[i].series;
        series->append(seconds, std::isfinite(values[i]) ? values[i] : 0.0);
        // Drop what slid out of the window, keeping one point before it so the line
        // still starts at the left edge.
        int drop = 0;
        const int n = series->count();
        while (drop + 1 < n && series->at(drop + 1).x() < oldest)
            ++drop;
        if (drop > 0)
            series->removePoints(0, drop);
    }
    updateRanges(seconds);
}

void TimeSeriesChart::updateRanges(double now)
{
    const double start = std::max(0.0, now - m_windowSeconds);
    const double end = std::max(start + 60.0, std::ceil(now / 10.0) * 10.0);
    m_timeAxis->setRange(start, end);

    double leftMax = 0;
    double rightMax = 0;
    for (const Track& track : std::as_const(m_tracks)) {
        const QList<QPointF> points = track.series->points();
        double top = 0;
        for (const QPointF& p : points)
            top = std::max(top, p.y());
        double& axisMax = track.axis == Axis::Right ? rightMax : leftMax;
        axisMax = std::max(axisMax, top);
    }
    applyRange(m_leftAxis, leftMax * 1.05, m_leftDecimals);
    if (m_rightAxis)
        applyRange(m_rightAxis, rightMax * 1.05, m_rightDecimals);
}

void TimeSeriesChart::clear()
{
    for (const Track& track : std::as_const(m_tracks))
        track.series->clear();
    m_timeAxis->setRange(0, 60);
    applyRange(m_leftAxis, 0, m_leftDecimals);
    if (m_rightAxis)
        applyRange(m_rightAxis, 0, m_rightDecimals);
}

int TimeSeriesChart::pointCount(int series) const
{
    return series >= 0 && series < m_tracks.size() ? int(m_tracks[series].series->count()) : 0;
}

double TimeSeriesChart::lastValue(int series) const
{
    if (series < 0 || series >= m_tracks.size() || m_tracks[series].series->count() == 0)
        return 0;
    const QLineSeries* s = m_tracks[series].series;
    return s->at(s->count() - 1).y();
}

} // namespace ec::ui
