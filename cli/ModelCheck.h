#pragma once
// embedctl's side of ops/ModelGuard: settles which model a command uses for the table, says
// which and why on stderr, and refuses a run that would change the model by accident.

#include "CliCommand.h"
#include "ops/ModelGuard.h"

#include <QJsonObject>

#include <optional>

namespace ec {

class ItemStore;

enum class ModelCheckMode {
    Run,    ///< refuse a mismatch (unless allowed) and vectors that do not fit the column
    Report, ///< status, estimate: a mismatch is a warning the command shows with its figures
    Search, ///< the query must be embedded in the table's space: refuse a mismatch
};

/// Reads the table's models through store, folds the choice into context.config.embedding and
/// prints its reason (text output, not --quiet). False, the message printed, on a refusal or a
/// failed read. With allowMixed a mismatch is only a warning.
bool applyModelChoice(CliContext& context, const ItemStore& store, ModelCheckMode mode,
                      bool allowMixed = false, std::optional<ModelChoice>* choice = nullptr);
/// The same, opening a read-only store of context.config first. When the store cannot be
/// opened (no table yet), nothing is decided and true is returned: the command reports that.
bool applyModelChoice(CliContext& context, ModelCheckMode mode, bool allowMixed = false,
                      std::optional<ModelChoice>* choice = nullptr);

/// {"model", "dimensions", "source", "table_model", "mismatch"} for --json output.
QJsonObject modelChoiceToJson(const ModelChoice& choice);

} // namespace ec
