#pragma once
// A run's accounts: its counters as they move (requests, commits), the rates and latencies over
// its sliding windows, the state it ends in, and its books at the end. RunEngine decides; this
// keeps count. Lives on the engine thread.

#include "api/ApiTypes.h"
#include "pipeline/BatchCommitter.h"
#include "pipeline/RunStatistics.h"
#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"

#include <QElapsedTimer>

namespace ec {

class RunAccounts
{
public:
    /// Starts the run's clock.
    void start() { m_clock.start(); }
    /// Seconds since start().
    double elapsedSeconds() const { return double(m_clock.elapsed()) / 1000.0; }

    RunSummary& summary() { return m_summary; }
    const RunSummary& summary() const { return m_summary; }
    RunProgress& progress() { return m_summary.progress; }

    /// An API request answered (or given up on).
    void addRequest(const RequestStats& stats);
    /// A batch written: its items are embedded, unchanged, failed or skipped.
    void addCommitted(const BatchCommit& batch);
    /// The progress as of now, rates and estimated time to go refreshed; ending: the run stops,
    /// so there is nothing to count down to. limits: the client's, when there is one.
    const RunProgress& refresh(bool ending, const RateLimitSnapshot* limits);
    /// Sets the final state for a run that ends with status.
    void setEnded(RunStatus status);
    /// Keeps the books from the close (leftForLater −1 when it could not count). The number of
    /// items found that nothing accounts for (> 0 only when the books are known).
    qint64 closeBooks(bool opened, qint64 leftForLater, qint64 takenByOthers);
    /// The counters as the run record stores them.
    RunRecord counters() const;

private:
    RunSummary m_summary;
    RunStatistics m_stats;
    QElapsedTimer m_clock;
};

} // namespace ec
