#pragma once

#include "CliCommand.h"

namespace ec {

struct CostEstimate;

/// `embedctl estimate [--json] [--assumed-latency-ms L]`: what the pending items would cost,
/// before and after dedupe, at the standard and Batch API prices, for the configured model
/// and the other known models side by side, with the API calls and a time estimate.
class EstimateCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("estimate"); }
    QString summary() const override
    {
        return QStringLiteral("Price the pending items before spending money.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;

    /// The human report of an estimate (shared with `reset`); itemsLabel names the set.
    static void printEstimate(QTextStream& out, const CostEstimate& estimate, const QString& itemsLabel);
    /// "12,345"
    static QString count(qint64 value);
    /// "$0.0123" (four decimals under one dollar, three significant digits for less than a
    /// cent), "₩16"
    static QString usd(double value);
    static QString krw(double value);
};

} // namespace ec
