#pragma once
// A running embeddings API simulator for a test: EmbeddingSimulator on a thread of its own
// (SimulatorHost) on a free loopback port, stopped cleanly when the fixture goes away.
//
//     SimulatorFixture sim(options);
//     QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
//     ApiSettings api = sim.apiSettings();   // pointed at it, with test-sized timeouts
//     … sim.stats().servedCount …

#include "config/AppConfig.h"
#include "sim/SimulatorHost.h"

namespace ec::test {

class SimulatorFixture
{
public:
    /// Starts at once. The port in `options` is ignored: a free port is picked.
    explicit SimulatorFixture(SimulatorOptions options = {});
    ~SimulatorFixture();

    bool isRunning() const { return m_host.isRunning(); }
    QString error() const { return m_error; }

    QUrl baseUrl() const { return m_host.baseUrl(); }
    quint16 port() const { return m_host.port(); }
    SimulatorStats stats() const { return m_host.stats(); }
    void resetStats() { m_host.resetStats(); }
    void stop() { m_host.stop(); }
    EmbeddingSimulator* simulator() const { return m_host.simulator(); }

    /// ApiSettings for this simulator: its base URL, `simulated`, no rate limits, and small
    /// timeouts and backoffs (2 s timeout, 5 ms backoff base, 50 ms cap, 10 retries).
    ApiSettings apiSettings() const;

private:
    static SimulatorOptions withFreePort(SimulatorOptions options);

    SimulatorHost m_host;
    QString m_error;
};

} // namespace ec::test
