#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl migrate`: change the table's model without a search outage (ops/ModelMigration.h).
///   --to-model M [--dimensions D] [--batch-api] [--max-cost USD]: the priced plan, then every row
///       staged with M in the console's staging table (resumable; the operator's table untouched);
///   --status; --compare [--queries FILE] [--k 10]; --swap; --rollback; --finish.
/// Spending and changing the operator's table ask on a terminal, take --yes in scripts and are
/// refused without it when stdin is not a terminal.
class MigrateCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("migrate"); }
    QString summary() const override
    {
        return QStringLiteral("Change the table's model without a search outage (stage, compare, swap).");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

} // namespace ec
