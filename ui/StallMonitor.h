#pragma once
// Measures how responsive the event loop of the calling thread is: a precise timer ticks every
// few milliseconds and records the gap between consecutive ticks. An idle loop shows gaps
// close to the interval; anything that blocks the loop shows up as a longer gap.

#include <QElapsedTimer>
#include <QObject>
#include <QVector>

class QTimer;

namespace ec::ui {

class StallMonitor : public QObject
{
    Q_OBJECT
public:
    explicit StallMonitor(int intervalMs = 5, QObject* parent = nullptr);

    void start();
    void stop();

    /// Gaps between consecutive ticks, in milliseconds.
    const QVector<double>& gaps() const { return m_gaps; }
    double maxGapMs() const;
    /// When the longest gap ended, in milliseconds since start(); 0 without gaps.
    double maxGapAtMs() const;
    /// The p-th percentile (0–100) of the gaps.
    double percentileGapMs(double p) const;
    int intervalMs() const { return m_intervalMs; }

private:
    void tick();

    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;
    qint64 m_lastNs = -1;
    int m_intervalMs;
    QVector<double> m_gaps;
    QVector<double> m_endsMs; ///< when each gap ended, ms since start()
};

} // namespace ec::ui
