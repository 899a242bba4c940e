#pragma once

#include "CliCommand.h"

#include <memory>
#include <vector>

namespace ec {

/// Every `embedctl` command, in the order `embedctl --help` lists them.
std::vector<std::unique_ptr<CliCommand>> createCommands();

} // namespace ec
