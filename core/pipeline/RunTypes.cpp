#include "pipeline/RunTypes.h"

namespace ec {

QString runStateName(RunState state)
{
    switch (state) {
    case RunState::Idle:
        return QStringLiteral("idle");
    case RunState::Starting:
        return QStringLiteral("starting");
    case RunState::Running:
        return QStringLiteral("running");
    case RunState::Stopping:
        return QStringLiteral("stopping");
    case RunState::Aborting:
        return QStringLiteral("aborting");
    case RunState::Completed:
        return QStringLiteral("completed");
    case RunState::CompletedWithFailures:
        return QStringLiteral("completed_with_failures");
    case RunState::Failed:
        return QStringLiteral("failed");
    case RunState::Stopped:
        return QStringLiteral("stopped");
    case RunState::Aborted:
        return QStringLiteral("aborted");
    case RunState::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QStringLiteral("unknown");
}

bool isFinalState(RunState state)
{
    return state == RunState::Completed || state == RunState::CompletedWithFailures ||
           state == RunState::Failed || state == RunState::Stopped || state == RunState::Aborted ||
           state == RunState::Interrupted;
}

RunState stateOfRecord(const RunRecord& run)
{
    switch (run.status) {
    case RunStatus::Running:
        return RunState::Running;
    case RunStatus::Completed:
        return run.failed > 0 ? RunState::CompletedWithFailures : RunState::Completed;
    case RunStatus::Failed:
        return RunState::Failed;
    case RunStatus::Stopped:
        return RunState::Stopped;
    case RunStatus::Aborted:
        return RunState::Aborted;
    case RunStatus::Interrupted:
        return RunState::Interrupted;
    }
    return RunState::Idle;
}

int RunSummary::exitCode() const
{
    if (lockRefused)
        return 3;
    if (progress.state == RunState::Failed)
        return 1;
    if (progress.state == RunState::Stopped)
        return 4;
    if (progress.state == RunState::Aborted)
        return 5;
    if (progress.failed > 0 || (books.known && books.unaccounted() > 0))
        return 2;
    return 0;
}

} // namespace ec
