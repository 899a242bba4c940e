#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl print-trigger`: the SQL of the PostgreSQL trigger that wakes `run --watch` workers
/// when catalog rows change (ChangeListener::triggerSql), for the operator to run with psql.
class PrintTriggerCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("print-trigger"); }
    QString summary() const override
    {
        return QStringLiteral("Print the PostgreSQL trigger that wakes `run --watch` workers on changes.");
    }
    int execute(CliContext& context) override;
};

} // namespace ec
