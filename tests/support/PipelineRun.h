#pragma once
// What the pipeline suites share: running a configuration to its end in process, pointing a
// catalog at a simulator, and checking the stored vectors against the simulator's.

#include "config/AppConfig.h"
#include "pipeline/RunTypes.h"

#include <QStringList>

#include <functional>

namespace ec {
class RunController;
}

namespace ec::test {

class PipelineCatalog;
class SimulatorFixture;

/// Runs the pipeline to its end and returns the summary (an Idle one when it did not end
/// within timeoutMs); onProgress may stop it. Fails the current test when the run's books
/// (RunSummary::books, counted from the database) do not balance.
RunSummary runToEnd(const AppConfig& config, const RunOptions& options = {},
                    const std::function<void(RunController&, const RunProgress&)>& onProgress = {},
                    int timeoutMs = 240000);

/// Empty when each item's stored vector is the simulator's vector for the item's own text;
/// otherwise what is wrong.
QString vectorsMatchTheirTexts(const AppConfig& config, const QStringList& ids);

/// The catalog's configuration with the simulator as its endpoint.
AppConfig configFor(PipelineCatalog& catalog, const SimulatorFixture& sim);

} // namespace ec::test
