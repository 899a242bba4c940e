#pragma once
// `--simulate`: the built-in simulator standing in for the API, in this process, for as long
// as the command runs (SIMULATED everywhere it shows). Each command that takes the option
// starts it through here.

#include "CliCommand.h"

#include "sim/SimulatorHost.h"

#include <memory>

namespace ec {

class StandInSimulator
{
public:
    /// Starts the stand-in for embedding (SimulatorOptions::standingInFor; with
    /// nativeModelDimensions, each model at its own length) and points context.config.api at
    /// it. False, reported through context, when it cannot start.
    bool start(CliContext& context, const EmbeddingSettings& embedding, bool nativeModelDimensions = false);
    /// start() when the command line has --simulate; true without it.
    bool startIfAsked(CliContext& context);

private:
    std::unique_ptr<SimulatorHost> m_host;
};

} // namespace ec
