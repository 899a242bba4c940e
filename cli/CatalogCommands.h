#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl status`: the original design's progress figures plus the pending split; `--prometheus`
/// prints the text exposition for node_exporter's textfile collector.
class StatusCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("status"); }
    QString summary() const override
    {
        return QStringLiteral("Show totals, pending items by reason, failures.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

/// `embedctl init-demo`: creates a realistic demo catalog of AI tools.
class InitDemoCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("init-demo"); }
    QString summary() const override { return QStringLiteral("Create a demo catalog (Korean and English)."); }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

/// `embedctl tokens`: exact cl100k_base token counts of stdin, one text a line.
class TokensCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("tokens"); }
    QString summary() const override
    {
        return QStringLiteral("Count cl100k_base tokens of each stdin line.");
    }
    int execute(CliContext& context) override;
};

/// `embedctl simulate`: serves the OpenAI-compatible API simulator on loopback until stopped.
class SimulateCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("simulate"); }
    QString summary() const override
    {
        return QStringLiteral("Serve a simulated /v1/embeddings on loopback.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

} // namespace ec
