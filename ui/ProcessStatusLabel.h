#pragma once
// The console's own resource use for the status bar: resident memory and CPU load,
// sampled from ProcessStats once a second.

#include <QElapsedTimer>
#include <QLabel>

class QTimer;

namespace ec::ui {

class ProcessStatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ProcessStatusLabel(QWidget* parent = nullptr);

    /// Takes a sample now (also done every second).
    void refresh();
    /// CPU load of the process over the last interval, in percent of one core.
    double cpuPercent() const { return m_cpuPercent; }
    qint64 rssBytes() const { return m_rssBytes; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;
    double m_lastCpuSeconds = 0;
    double m_cpuPercent = 0;
    qint64 m_rssBytes = 0;
    qint64 m_peakRssBytes = 0;
};

} // namespace ec::ui
