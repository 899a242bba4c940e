#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl run`: embeds the pending items, with a live progress line on a terminal and the
/// the original design's summary at the end. SIGINT/SIGTERM act as the first stop.
class RunCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("run"); }
    QString summary() const override
    {
        return QStringLiteral("Embed the pending items (new, changed, other model).");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

/// `embedctl retry`: takes failed and parked items again at once (all, or --ids).
class RetryCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("retry"); }
    QString summary() const override { return QStringLiteral("Retry failed and parked items now."); }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

/// `embedctl demo`: the offline demo behind the README's run command — creates the demo
/// catalog when the embedded default is empty, and runs against the built-in simulator
/// when no endpoint or key is configured.
class DemoCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("demo"); }
    QString summary() const override
    {
        return QStringLiteral("Run on the embedded catalog; uses the simulator when no API is configured.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

} // namespace ec
