#pragma once
// The `embedctl` entry point: picks the sub-command, parses common options into an
// AppConfig (defaults < settings file < environment < options) and runs it.

#include "CliCommand.h"

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

private:
    CliCommand* find(const QString& name) const;
    void printUsage(QTextStream& out) const;

    std::vector<std::unique_ptr<CliCommand>> m_commands;
};

} // namespace ec
