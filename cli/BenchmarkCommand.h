#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl benchmark`: runs the real pipeline against the built-in simulator into a scratch
/// table, once per batch size, and prints items/s, items/hour, API calls per minute and peak
/// RSS (the original design's table, measured), beside a bare bulk write of the same vectors.
/// `--tokenizer` measures the tokenizer's throughput instead.
class BenchmarkCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("benchmark"); }
    QString summary() const override
    {
        return QStringLiteral("Measure the pipeline (or --tokenizer) and print figures.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;

private:
    int benchmarkTokenizer(CliContext& context);
};

} // namespace ec
