#pragma once

#include "CliCommand.h"

#include "ops/BatchRunner.h"

#include <QJsonObject>

#include <optional>

namespace ec {

/// `embedctl batches [--collect] [--cancel ID] [--json]`: the Batch API batches, open and past,
/// with status, counts, age and cost; --collect polls the open ones and collects those that
/// ended; --cancel cancels one (docs/batch-api.md).
class BatchesCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("batches"); }
    QString summary() const override
    {
        return QStringLiteral("List, collect or cancel the Batch API batches (half price, 24 h).");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;

    /// `embedctl run --batch-api`: collects what ended, then submits the pending items.
    static int submit(CliContext& context);
    /// Before a run: polls the open batches and collects those that ended (nothing without open
    /// batches; a failure is reported and the run goes on).
    static void collectOpen(CliContext& context);
    /// After a submission to the SIMULATED stand-in of `--simulate` (config.api.simulated), which
    /// ends with this process and its batches with it: waits for batchIds to end and collects
    /// them (a few seconds on its clock), saying so; alerts and prints as `--collect` does
    /// (printing only without --json). Nothing otherwise.
    static std::optional<BatchCollectResult> collectStandIn(CliContext& context, const QStringList& batchIds);
    /// A collection's figures in --json: open, collected, written, returned, failed, tokens,
    /// cost_usd, errors.
    static QJsonObject collectJson(const BatchCollectResult& collected);
};

} // namespace ec
