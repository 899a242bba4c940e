#include "CommandRegistry.h"
#include "DoctorCommand.h"

#include "BatchesCommand.h"
#include "BenchmarkCommand.h"
#include "CatalogCommands.h"
#include "DoctorCommand.h"
#include "DupesCommand.h"
#include "EstimateCommand.h"
#include "FailuresCommand.h"
#include "MigrateCommand.h"
#include "PrintTriggerCommand.h"
#include "ResetCommand.h"
#include "RunCommand.h"
#include "SearchCommand.h"

namespace ec {

std::vector<std::unique_ptr<CliCommand>> createCommands()
{
    std::vector<std::unique_ptr<CliCommand>> commands;
    commands.push_back(std::make_unique<StatusCommand>());
    commands.push_back(std::make_unique<RunCommand>());
    commands.push_back(std::make_unique<RetryCommand>());
    commands.push_back(std::make_unique<EstimateCommand>());
    commands.push_back(std::make_unique<FailuresCommand>());
    commands.push_back(std::make_unique<BatchesCommand>());
    commands.push_back(std::make_unique<DupesCommand>());
    commands.push_back(std::make_unique<SearchCommand>());
    commands.push_back(std::make_unique<ResetCommand>());
    commands.push_back(std::make_unique<MigrateCommand>());
    commands.push_back(std::make_unique<DemoCommand>());
    commands.push_back(std::make_unique<InitDemoCommand>());
    commands.push_back(std::make_unique<TokensCommand>());
    commands.push_back(std::make_unique<SimulateCommand>());
    commands.push_back(std::make_unique<BenchmarkCommand>());
    commands.push_back(std::make_unique<DoctorCommand>());
    commands.push_back(std::make_unique<PrintTriggerCommand>());
    return commands;
}

} // namespace ec
