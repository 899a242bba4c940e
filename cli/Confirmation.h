#pragma once
// The one way a command asks before it spends money or changes the operator's table (reset,
// migrate): --yes answers for scripts; otherwise the question goes to the terminal, and a
// stdin that is not a terminal is a refusal, never a silent yes.

#include "CliCommand.h"

namespace ec {

enum class Confirmation {
    Yes,          ///< --yes, or "y"/"yes" typed on the terminal
    NotATerminal, ///< no --yes and stdin is not a terminal: refuse
    Declined,     ///< anything else typed, or end of input
};

/// Asks question (e.g. "Reset the embeddings of 1,200 rows?") on the terminal unless yes.
Confirmation askToConfirm(CliContext& context, bool yes, const QString& question);

} // namespace ec
