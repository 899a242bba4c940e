#include "pipeline/RunStatistics.h"

#include <algorithm>
#include <cmath>

namespace ec {

RunStatistics::RunStatistics(double windowSeconds)
    : m_window(windowSeconds)
{}

void RunStatistics::trim(std::deque<Sample>& samples, double nowSeconds) const
{
    while (!samples.empty() && samples.front().at < nowSeconds - m_window)
        samples.pop_front();
}

void RunStatistics::addItems(double atSeconds, qint64 count)
{
    if (m_firstAt < 0)
        m_firstAt = atSeconds;
    m_items.push_back({atSeconds, double(count)});
    trim(m_items, atSeconds);
}

void RunStatistics::addLatency(double atSeconds, double latencyMs)
{
    m_latencies.push_back({atSeconds, latencyMs});
    trim(m_latencies, atSeconds);
}

double RunStatistics::itemsPerSecond(double nowSeconds)
{
    trim(m_items, nowSeconds);
    if (m_items.empty() || m_firstAt < 0)
        return 0;
    double sum = 0;
    for (const Sample& s : m_items)
        sum += s.value;
    // Early in a run the window is shorter than m_window.
    const double span = std::max(0.25, std::min(m_window, nowSeconds - m_firstAt));
    return sum / span;
}

double RunStatistics::latencyPercentile(double nowSeconds, double p)
{
    trim(m_latencies, nowSeconds);
    if (m_latencies.empty())
        return 0;
    QVector<double> values;
    values.reserve(qsizetype(m_latencies.size()));
    for (const Sample& s : m_latencies)
        values.push_back(s.value);
    std::sort(values.begin(), values.end());
    const auto index = qsizetype(std::ceil(p / 100.0 * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

} // namespace ec
