#include "StallMonitor.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace ec::ui {

StallMonitor::StallMonitor(int intervalMs, QObject* parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, &StallMonitor::tick);
}

void StallMonitor::start()
{
    m_gaps.clear();
    m_gaps.reserve(1 << 16);
    m_endsMs.clear();
    m_endsMs.reserve(1 << 16);
    m_clock.start();
    m_lastNs = -1;
    m_timer->start();
}

void StallMonitor::stop()
{
    m_timer->stop();
}

void StallMonitor::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastNs >= 0) {
        m_gaps.push_back(double(now - m_lastNs) / 1e6);
        m_endsMs.push_back(double(now) / 1e6);
    }
    m_lastNs = now;
}

double StallMonitor::maxGapMs() const
{
    return m_gaps.isEmpty() ? 0.0 : *std::max_element(m_gaps.begin(), m_gaps.end());
}

double StallMonitor::maxGapAtMs() const
{
    if (m_gaps.isEmpty())
        return 0.0;
    return m_endsMs.at(std::max_element(m_gaps.begin(), m_gaps.end()) - m_gaps.begin());
}

double StallMonitor::percentileGapMs(double p) const
{
    if (m_gaps.isEmpty())
        return 0.0;
    QVector<double> sorted = m_gaps;
    std::sort(sorted.begin(), sorted.end());
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * double(sorted.size() - 1);
    return sorted.at(qsizetype(std::ceil(rank)));
}

} // namespace ec::ui
