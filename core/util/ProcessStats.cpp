#include "util/ProcessStats.h"

#include <QFile>

#include <ctime>

namespace ec {

static qint64 statusKb(const QByteArray& status, const char* key)
{
    const int at = status.indexOf(key);
    if (at < 0)
        return 0;
    const int end = status.indexOf('\n', at);
    const QByteArray line = status.mid(at + qstrlen(key), end - at - qstrlen(key)).trimmed();
    return line.split(' ').value(0).toLongLong();
}

ProcessStats ProcessStats::current()
{
    ProcessStats stats;
    QFile file(QStringLiteral("/proc/self/status"));
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray status = file.readAll();
        stats.rssBytes = statusKb(status, "VmRSS:") * 1024;
        stats.peakRssBytes = statusKb(status, "VmHWM:") * 1024;
    }
    timespec ts{};
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0)
        stats.cpuSeconds = double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    return stats;
}

} // namespace ec

namespace ec {
bool resetPeakRss()
{
    QFile file(QStringLiteral("/proc/self/clear_refs"));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    return file.write("5") == 1;
}
} // namespace ec
