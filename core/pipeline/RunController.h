#pragma once
// The public face of a run, for the console and embedctl. Lives on the caller's thread and
// never blocks it: the run itself goes on an engine thread, its SQL on a database thread.
// Signals arrive queued, a few times a second (batched, like a torrent client's stats).

#include "api/ApiTypes.h"
#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"

#include <QObject>

class QThread;

namespace ec {

class RunEngine;

class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    /// Starts a run unless one is going. The configuration is copied.
    bool start(const AppConfig& config, const RunOptions& options = {});
    /// First call: finish what is in flight, write it, end `cancelled`. Second call: abort
    /// the requests in flight; nothing partial is written.
    void stop();

    bool isRunning() const { return m_engine != nullptr; }
    RunState state() const { return m_progress.state; }
    const RunProgress& progress() const { return m_progress; }

Q_SIGNALS:
    void stateChanged(ec::RunState state);
    void progressUpdated(const ec::RunProgress& progress);
    void logMessage(const QString& message);
    /// One API request answered or failed (for latency histograms and error counters).
    void requestCompleted(const ec::RequestStats& stats);
    void finished(const ec::RunSummary& summary);

private:
    void onProgress(const RunProgress& progress);
    /// The engine is done: it is deleted on its own thread (closing its database connections
    /// there), and the thread quits once it is gone.
    void onEngineFinished(const RunSummary& summary);
    /// The engine thread has ended: the result is reported.
    void onThreadFinished();

    QThread* m_thread = nullptr;
    RunEngine* m_engine = nullptr;
    RunProgress m_progress;
    RunSummary m_summary; ///< the finished engine's result, until its thread has ended
};

} // namespace ec
