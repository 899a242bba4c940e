#pragma once
// A self-contained playground for the screenshots, the UI benchmark and `--demo`: the demo
// catalog (DemoCatalog) in a temporary SQLite file and the embeddings API simulator on a
// thread of its own, with the configuration that points at both (SIMULATED).

#include "config/AppConfig.h"

#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace ec {

class SimulatorHost;

struct DemoSetup
{
    int items = 2000;
    quint64 seed = 42;
    int latencyMs = 40;              ///< simulator latency per request
    double failRate = 0;             ///< share of requests answered 429/500/503 (retried by the client)
    QStringList faults;              ///< simulator fault list, e.g. "bad-input:Quantum"
    double requestsPerMinute = 3000; ///< the client's limits
    double tokensPerMinute = 1000000;
    int batchSize = 100;
    int concurrency = 4;
    double batchMinutesPerSecond = 60; ///< the simulator's Batch API clock (SimulatedBatchOptions.h)
};

class DemoEnvironment
{
public:
    DemoEnvironment();
    ~DemoEnvironment();
    DemoEnvironment(const DemoEnvironment&) = delete;
    DemoEnvironment& operator=(const DemoEnvironment&) = delete;

    /// Creates the catalog and starts the simulator; false with a one-line reason.
    bool start(const DemoSetup& setup, QString* error);
    /// The configuration for the console: the temporary SQLite catalog and the simulator.
    const AppConfig& config() const { return m_config; }
    SimulatorHost* simulator() const { return m_simulator.get(); }
    QString directory() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SimulatorHost> m_simulator;
    AppConfig m_config;
};

} // namespace ec
