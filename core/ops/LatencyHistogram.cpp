#include "ops/LatencyHistogram.h"

#include <algorithm>

namespace ec {

const QVector<double>& LatencyHistogram::defaultUpperBounds()
{
    static const QVector<double> bounds = {0.005, 0.01, 0.025, 0.05, 0.1,  0.25, 0.5,
                                           1.0,   2.5,  5.0,   10.0, 30.0, 60.0};
    return bounds;
}

LatencyHistogram::LatencyHistogram(QVector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(m_bounds.size() + 1, 0)
{
    std::sort(m_bounds.begin(), m_bounds.end());
}

void LatencyHistogram::observe(double seconds)
{
    if (!(seconds >= 0))
        seconds = 0;
    const auto it = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), seconds);
    ++m_buckets[int(it - m_bounds.cbegin())];
    ++m_count;
    m_sum += seconds;
}

void LatencyHistogram::clear()
{
    m_buckets.fill(0);
    m_count = 0;
    m_sum = 0;
}

QVector<quint64> LatencyHistogram::cumulativeCounts() const
{
    QVector<quint64> cumulative;
    cumulative.reserve(m_bounds.size());
    quint64 running = 0;
    for (int i = 0; i < m_bounds.size(); ++i) {
        running += m_buckets[i];
        cumulative << running;
    }
    return cumulative;
}

} // namespace ec
