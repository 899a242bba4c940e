#pragma once
// Drives one RunController from the command line: the progress line, SIGINT/SIGTERM, metrics
// and alerts around it, and the summary at the end. Shared by run, retry and demo.

#include "CliCommand.h"
#include "pipeline/RunTypes.h"

#include <memory>

namespace ec {

class RunAlerts;
class RunController;
class RunMetrics;

class RunSession
{
public:
    explicit RunSession(CliContext& context);
    ~RunSession();

    /// Options that shape a run (--limit, --batch-size, --concurrency, --rpm, --tpm, metrics, …).
    static void addRunOptions(QCommandLineParser& parser);
    /// Folds the run options into the configuration and `options`; false with a message on bad input.
    /// checkModel: settle the model with ops/ModelGuard (every run but a migration's staging,
    /// whose model is the migration's).
    bool applyRunOptions(RunOptions& options, bool checkModel = true);
    /// Runs to the end and returns the exit code (0 done, 2 some items failed, 1 failed, 3 locked).
    int execute(const RunOptions& options);
    /// The summary of the last execute().
    const RunSummary& lastSummary() const { return m_lastSummary; }
    /// Whether execute() prints the run's summary (its text, or its JSON with --json); a command
    /// that reports the run inside its own output turns it off.
    void setPrintSummary(bool print) { m_printSummary = print; }
    /// `run --watch` (cli/RunWatch.cpp): incremental runs one after another for the life of the
    /// process, each started by a notification (ChangeListener) or after intervalMs; a run that
    /// fails is logged and the next one tried. SIGINT/SIGTERM stops the run in progress (or the
    /// wait) and returns 0; a second signal aborts the run (5). /metrics stays up throughout,
    /// its samples labelled worker="<worker>" when worker is given.
    int watch(RunOptions options, int intervalMs, const QString& worker);
    /// "60s", "5m", "1h", "500ms" or plain seconds, in milliseconds; 0 for anything else.
    static int parseInterval(const QString& text);

private:
    void printProgress(const RunProgress& progress, bool final);
    void printSummary(const RunSummary& summary);
    /// Metrics (--metrics-textfile, --metrics-port) and webhook alerts around the run.
    bool attachObservers(RunController& controller);
    /// Opens m_metrics when --metrics-textfile or --metrics-port asks for it (not attached to a
    /// run yet; its samples labelled worker="<worker>" when worker is given); false with a
    /// message when the file or the port cannot be used.
    bool openMetrics(const QString& worker);
    /// Gives the webhook a moment to deliver the final summary.
    void waitForAlerts();

    CliContext& m_context;
    bool m_progressLine = false;
    bool m_printSummary = true;
    RunSummary m_lastSummary;
    std::unique_ptr<RunMetrics> m_metrics;
    std::unique_ptr<RunAlerts> m_alerts;
};

} // namespace ec
