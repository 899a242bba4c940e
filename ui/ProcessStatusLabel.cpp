#include "ProcessStatusLabel.h"

#include "Format.h"

#include "util/ProcessStats.h"

#include <QEvent>
#include <QLocale>
#include <QTimer>

namespace ec::ui {

ProcessStatusLabel::ProcessStatusLabel(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("processStatus"));
    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &ProcessStatusLabel::refresh);
    m_timer->start();
    m_lastCpuSeconds = ProcessStats::current().cpuSeconds;
    m_clock.start();
    refresh();
}

void ProcessStatusLabel::refresh()
{
    const ProcessStats stats = ProcessStats::current();
    const double wall = double(m_clock.restart()) / 1000.0;
    if (wall > 0.05) {
        m_cpuPercent = 100.0 * (stats.cpuSeconds - m_lastCpuSeconds) / wall;
        m_lastCpuSeconds = stats.cpuSeconds;
    }
    m_rssBytes = stats.rssBytes;
    m_peakRssBytes = stats.peakRssBytes;
    render();
}

void ProcessStatusLabel::render()
{
    setText(tr("RSS %1 · CPU %2%").arg(format::bytes(m_rssBytes), QLocale().toString(m_cpuPercent, 'f', 0)));
    setToolTip(tr("Memory of the console: %1 now, %2 at most. CPU: percent of one core over the last second.")
                   .arg(format::bytes(m_rssBytes), format::bytes(m_peakRssBytes)));
}

void ProcessStatusLabel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QLabel::changeEvent(event);
}

} // namespace ec::ui
