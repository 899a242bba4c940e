#pragma once
// One `embedctl` sub-command. Each command is a small class: it declares its own options
// and does its work through the engine's public classes.

#include "config/AppConfig.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace ec {

/// Exit codes shared by every command (documented in docs/cli.md).
enum ExitCode : int {
    ExitOk = 0,             ///< everything done
    ExitError = 1,          ///< the command or the run failed (bad input, database, API)
    ExitPartialFailure = 2, ///< the run finished but some items failed
    ExitLocked = 3,         ///< --exclusive: another run holds the lock
};

/// What a command gets to work with.
struct CliContext
{
    QCommandLineParser& parser;
    AppConfig& config;
    QTextStream& out; ///< results (stdout)
    QTextStream& err; ///< diagnostics and progress (stderr)
    bool json = false;
    bool quiet = false;
    bool verbose = false;

    /// Writes a one-line error (secrets scrubbed) to err.
    void fail(const QString& message) const;
};

class CliCommand
{
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    /// Options of this command only; the common ones (--db, --model, --json, …) are added for all.
    virtual void addOptions(QCommandLineParser& parser) { Q_UNUSED(parser); }
    /// Runs the command; may spin the event loop. Returns an ExitCode.
    virtual int execute(CliContext& context) = 0;
};

} // namespace ec
