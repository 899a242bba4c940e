#pragma once

#include "CliCommand.h"
#include "store/StoreTypes.h"

#include <optional>

namespace ec {

/// `embedctl reset (--model-not M | --before DATE | --ids a,b,c) [--dry-run] [--yes] [--json]`:
/// the original design's recovery SQL made safe. Shows the affected rows and the cost to re-embed them
/// before changing anything; --dry-run stops there. Without --yes it asks on the terminal
/// and refuses when stdin is not one. The reset itself is one transaction, recorded in
/// embedding_resets with who, when, the criteria and the count.
class ResetCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("reset"); }
    QString summary() const override
    {
        return QStringLiteral("Clear embeddings so they are made again (priced first).");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;

    /// The criteria of the options; nullopt with a one-line error when none is given or a
    /// value is bad. --before takes an ISO-8601 date (midnight UTC) or date-time (UTC unless
    /// it has an offset).
    static std::optional<ResetCriteria> criteriaFrom(const QCommandLineParser& parser, QString* error);
};

} // namespace ec
