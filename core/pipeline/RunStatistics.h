#pragma once
// Rolling figures of a run: items per second and API latency percentiles over the last
// few seconds, from timestamped samples.

#include <QVector>

#include <deque>

namespace ec {

class RunStatistics
{
public:
    explicit RunStatistics(double windowSeconds = 10.0);

    /// `count` items finished at `atSeconds` (a monotonic clock).
    void addItems(double atSeconds, qint64 count);
    /// One API request that took `latencyMs`, completed at `atSeconds`.
    void addLatency(double atSeconds, double latencyMs);

    double itemsPerSecond(double nowSeconds);
    /// The p-th percentile (0..100) of latencies in the window; 0 when there are none.
    double latencyPercentile(double nowSeconds, double p);

private:
    struct Sample
    {
        double at;
        double value;
    };
    void trim(std::deque<Sample>& samples, double nowSeconds) const;

    double m_window;
    double m_firstAt = -1;
    std::deque<Sample> m_items;
    std::deque<Sample> m_latencies;
};

} // namespace ec
