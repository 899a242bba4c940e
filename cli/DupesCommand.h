#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl dupes [--all] [--top N] [--json]`: groups of items sharing a content hash
/// (pending items by default, every row with --all), and the tokens and USD that sending
/// each text once saves.
class DupesCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("dupes"); }
    QString summary() const override
    {
        return QStringLiteral("List items with identical texts and what dedupe saves.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

} // namespace ec
