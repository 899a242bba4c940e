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
    case RunState::Failed:
        return QStringLiteral("failed");
    case RunState::Cancelled:
        return QStringLiteral("cancelled");
    case RunState::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QStringLiteral("unknown");
}

bool isFinalState(RunState state)
{
    return state == RunState::Completed || state == RunState::Failed || state == RunState::Cancelled ||
           state == RunState::Interrupted;
}

int RunSummary::exitCode() const
{
    if (lockRefused)
        return 3;
    if (progress.state == RunState::Failed)
        return 1;
    if (progress.failed > 0 || (books.known && books.unaccounted() > 0))
        return 2;
    return 0;
}

} // namespace ec
