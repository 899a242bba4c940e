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

/// The time axis shows at least this many seconds.
static constexpr double kMinSpanSeconds = 60;

/// The decimals a label needs to show value exactly (within a millionth), at most 8.
static int decimalsFor(double value)
{
    if (value == 0 || !std::isfinite(value))
        return 0;
    for (int decimals = 0; decimals < 8; ++decimals) {
        const double scaled = value * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::abs(scaled))
            return decimals;
    }
    return 8;
}

/// The smallest "round" number at least value, and how many ticks (at most five, so the
/// labels fit small charts in tall CJK fonts) divide 0…that number into round steps. With
/// wholeSteps, only ranges whose step is a whole number.
static std::pair<double, int> niceRange(double value, bool wholeSteps)
{
    if (!(value > 0))
        value = wholeSteps ? 4.0 : 1.0;
    value = std::min(value, 1e15);
    const std::pair<double, int> steps[] = {{1.0, 5}, {2.0, 5}, {4.0, 5}, {6.0, 4}, {8.0, 5}, {10.0, 3}};
    for (double magnitude = std::pow(10.0, std::floor(std::log10(value)));; magnitude *= 10) {
        for (const auto& [step, ticks] : steps) {
            const double ceiling = step * magnitude;
            if (value > ceiling * (1 + 1e-9))
                continue;
            if (wholeSteps && decimalsFor(ceiling / double(ticks - 1)) > 0)
                continue;
            return {ceiling, ticks};
        }
    }
}

/// Integral axes (no decimals in their labels) never go below 0…4 and step in whole numbers.
/// Other axes show the decimals asked for, or more when the tick step needs them (negative:
/// as many as it needs), so two ticks never read the same.
static void applyRange(QValueAxis* axis, double top, int decimals)
{
    const bool whole = decimals == 0;
    const auto [ceiling, ticks] = niceRange(whole ? std::max(top, 4.0) : top, whole);
    const int needed = std::max(decimals, decimalsFor(ceiling / double(ticks - 1)));
    const QString format = QStringLiteral("%.") + QString::number(needed) + QLatin1Char('f');
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
    if (axis->min() != 0 || axis->max() != ceiling)
        axis->setRange(0, ceiling);
    if (axis->tickCount() != ticks)
        axis->setTickCount(ticks);
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
    m_timeAxis->setRange(0, kMinSpanSeconds);
    m_timeAxis->setTickCount(7);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);

    m_leftAxis = new QValueAxis(chart);
    applyRange(m_leftAxis, 0, m_leftDecimals);
    chart->addAxis(m_leftAxis, Qt::AlignLeft);

    applyFonts();
    applyTheme();
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

void TimeSeriesChart::applyTheme()
{
    theme::applyToChart(chart(), palette());
    for (const Track& track : std::as_const(m_tracks)) {
        if (!track.role)
            continue;
        QPen pen = track.series->pen();
        pen.setColor(theme::color(*track.role, palette()));
        track.series->setPen(pen);
    }
}

void TimeSeriesChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    else if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTheme();
    QChartView::changeEvent(event);
}

int TimeSeriesChart::addSeries(const QColor& color, Axis axis)
{
    return addTrack(color, std::nullopt, axis);
}

int TimeSeriesChart::addSeries(theme::Role role, Axis axis)
{
    return addTrack(theme::color(role, palette()), role, axis);
}

int TimeSeriesChart::addTrack(const QColor& color, std::optional<theme::Role> role, Axis axis)
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
        applyRange(m_rightAxis, 0, m_rightDecimals);
        chart()->addAxis(m_rightAxis, Qt::AlignRight);
        theme::applyToChart(chart(), palette());
    }
    series->attachAxis(axis == Axis::Right ? m_rightAxis : m_leftAxis);
    m_tracks.push_back({series, axis, role});
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
    // The labels' decimals go with the range: re-apply it (the empty chart's axes too).
    updateValueRanges();
}

void TimeSeriesChart::setWindowSeconds(double seconds)
{
    m_windowSeconds = std::max(10.0, seconds);
}

void TimeSeriesChart::append(double seconds, const QVector<double>& values)
{
    const double oldest = seconds - m_windowSeconds;
    // Points closer than this to the one before merge into it: at most kMaxPoints per span.
    const double span = std::max(kMinSpanSeconds, std::min(seconds, m_windowSeconds));
    const double spacing = span / double(kMaxPoints - 1);
    for (int i = 0; i < m_tracks.size() && i < values.size(); ++i) {
        QLineSeries* series = m_tracks[i].series;
        const QPointF point(seconds, std::isfinite(values[i]) ? values[i] : 0.0);
        const int n = int(series->count());
        if (n >= 2 && seconds - series->at(n - 2).x() < spacing)
            series->replace(n - 1, point);
        else
            series->append(point);
        // Drop what slid out of the window, keeping one point before it so the line
        // still starts at the left edge.
        int drop = 0;
        const int count = int(series->count());
        while (drop + 1 < count && series->at(drop + 1).x() < oldest)
            ++drop;
        if (drop > 0)
            series->removePoints(0, drop);
        // The span widened since the older points were added: thin them, every other one,
        // in one replace (one redraw), keeping the first and the latest.
        if (series->count() > kMaxPoints) {
            const QList<QPointF> points = series->points();
            QList<QPointF> thinned;
            thinned.reserve(points.size() / 2 + 2);
            for (int p = 0; p + 1 < points.size(); p += 2)
                thinned << points.at(p);
            thinned << points.constLast();
            series->replace(thinned);
        }
    }
    updateRanges(seconds);
}

void TimeSeriesChart::updateRanges(double now)
{
    const double start = std::max(0.0, now - m_windowSeconds);
    const double end = std::max(start + kMinSpanSeconds, std::ceil(now / 10.0) * 10.0);
    if (m_timeAxis->min() != start || m_timeAxis->max() != end)
        m_timeAxis->setRange(start, end);
    updateValueRanges();
}

void TimeSeriesChart::updateValueRanges()
{
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
    m_timeAxis->setRange(0, kMinSpanSeconds);
    updateValueRanges();
}

QStringList TimeSeriesChart::tickLabels(Axis axis) const
{
    const QValueAxis* a = valueAxis(axis);
    QStringList labels;
    if (!a || a->tickCount() < 2)
        return labels;
    const QByteArray format = a->labelFormat().toLatin1();
    for (int i = 0; i < a->tickCount(); ++i) {
        const double value = a->min() + (a->max() - a->min()) * double(i) / double(a->tickCount() - 1);
        labels << QString::asprintf(format.constData(), value);
    }
    return labels;
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
