#pragma once
// A test hook that makes the Nth call of one named database step fail, so that every failure
// path of a run can be driven against a real database (tests, scripts/fault-campaign.sh).
//
// Off unless configured: by the environment variable EMBEDCTL_FAULT, read once, or by
// configure() in a test process. The specification is a comma-separated list of
// `step:N[+][:kind]`:
//   step   open, page, claim, cache, commit, record, renew or close (DbWorker and WriteLane
//          name their steps so; see docs/reliability.md); batch-upload, batch-create and
//          batch-collect (ops/BatchRunner, docs/batch-api.md)
//   N      the call (1-based, counted per step across the process) that fails; `N+` makes
//          that call and every later one fail (a database that stays away)
//   kind   error (default: a permanent SQL error), deadlock (a transient 40P01 error, which
//          the step retries), disconnect (the session is really terminated on the server
//          before the step runs, so the step meets a lost connection) or hang (the step's thread
//          blocks for good, as in a call that never returns: only the third signal ends that)
//
// Thread-safe: the run's steps happen on several threads.

#include <QString>

namespace ec {

class FaultInjection
{
public:
    enum class Kind { None, Error, Deadlock, Disconnect, Hang };

    /// Replaces the specification (an empty one turns the hook off) and resets the counts.
    /// False with a one-line error for a malformed one.
    static bool configure(const QString& specification, QString* error = nullptr);

    /// Counts one call of step and says how it must fail, if at all. For Error and Deadlock,
    /// message is the error to report (it names the injection).
    static Kind hit(const char* step, QString* message);
};

} // namespace ec
