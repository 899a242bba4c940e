#include "StandInSimulator.h"

#include "sim/SimulatorOptions.h"

namespace ec {

bool StandInSimulator::start(CliContext& context, const EmbeddingSettings& embedding,
                             bool nativeModelDimensions)
{
    SimulatorOptions options = SimulatorOptions::standingInFor(embedding);
    options.nativeModelDimensions = nativeModelDimensions;
    auto host = std::make_unique<SimulatorHost>(options);
    QString error;
    if (!host->start(&error)) {
        context.fail(QStringLiteral("could not start the simulator: %1").arg(error));
        return false;
    }
    host->configure(context.config.api);
    m_host = std::move(host);
    return true;
}

bool StandInSimulator::startIfAsked(CliContext& context)
{
    if (!context.parser.isSet(QStringLiteral("simulate")))
        return true;
    return start(context, context.config.embedding);
}

} // namespace ec
