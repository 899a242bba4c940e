#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl failures [--run ID] [--parked] [--json]`: the failed and parked items with their
/// attempts, status and last message, most recent first.
class FailuresCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("failures"); }
    QString summary() const override { return QStringLiteral("List failed and parked items."); }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

} // namespace ec
