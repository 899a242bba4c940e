#pragma once
// A Prometheus-style histogram of API request latencies: cumulative counts per upper bound,
// the number of observations and their sum, all in seconds. A plain value; not thread-safe.

#include <QVector>

namespace ec {

class LatencyHistogram
{
public:
    /// 5 ms … 60 s, spaced for embedding requests (tens of ms on a local server, seconds
    /// on the public API, up to the request timeout).
    static const QVector<double>& defaultUpperBounds();

    /// upperBounds in seconds, ascending; +Inf is implicit.
    explicit LatencyHistogram(QVector<double> upperBounds = defaultUpperBounds());

    void observe(double seconds);
    void observeMs(qint64 milliseconds) { observe(double(milliseconds) / 1000.0); }
    void clear();

    const QVector<double>& upperBounds() const { return m_bounds; }
    /// Observations ≤ upperBounds()[i], for each i (cumulative, as exposed).
    QVector<quint64> cumulativeCounts() const;
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QVector<double> m_bounds;
    QVector<quint64> m_buckets; ///< per bound, not cumulative; the last slot is +Inf
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace ec
