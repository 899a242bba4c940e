#pragma once
// The `embedctl` entry point: picks the sub-command, parses common options into an
// AppConfig (defaults < settings file < environment < options) and runs it.

#include "CliCommand.h"
#include "CliDocs.h"

#include <memory>
#include <vector>

namespace ec {

class CliApplication
{
public:
    CliApplication();
    ~CliApplication();

    /// Runs `embedctl <command> [options]` and returns the exit code.
    int run(const QStringList& arguments);

    /// Every command with the options its --help lists (for the man page and the completion).
    QVector<CommandDoc> commandDocs() const;

private:
    CliCommand* find(const QString& name) const;
    void printUsage(QTextStream& out) const;
    /// The parser a command runs with: --help, the common options, then the command's own.
    static void setUpParser(CliCommand& command, QCommandLineParser& parser);
    static QString manDate();
    /// `embedctl help [--man] [COMMAND]`.
    int help(const QStringList& arguments, QTextStream& out, QTextStream& err);

    std::vector<std::unique_ptr<CliCommand>> m_commands;
};

} // namespace ec
