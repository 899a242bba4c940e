#pragma once
// Resource figures of the running process, read from /proc (Linux) for the metrics,
// the status bar and the benchmark.

#include <QtGlobal>

namespace ec {

struct ProcessStats
{
    qint64 rssBytes = 0;     ///< resident set size now
    qint64 peakRssBytes = 0; ///< high-water mark of the resident set (VmHWM)
    double cpuSeconds = 0.0; ///< user + system CPU time consumed so far

    static ProcessStats current();
};

} // namespace ec

namespace ec {
/// Resets the peak resident set (VmHWM) to the current RSS (Linux: /proc/self/clear_refs),
/// so the next phase's peak can be measured on its own. False where unsupported.
bool resetPeakRss();
} // namespace ec
