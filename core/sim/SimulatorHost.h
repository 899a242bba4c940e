#pragma once
// Runs an EmbeddingSimulator on a thread of its own, so that a test, the benchmark or the
// console can use it from an event loop that is busy or blocked without stalling the
// simulated API (and vice versa).

#include "config/AppConfig.h"
#include "sim/EmbeddingSimulator.h"

#include <QThread>

namespace ec {

class SimulatorHost
{
public:
    explicit SimulatorHost(const SimulatorOptions& options = {});
    /// Stops the simulator and joins its thread.
    ~SimulatorHost();
    SimulatorHost(const SimulatorHost&) = delete;
    SimulatorHost& operator=(const SimulatorHost&) = delete;

    /// Starts the thread and the simulator; returns once it listens (a few milliseconds).
    bool start(QString* error = nullptr);
    void stop();
    bool isRunning() const { return m_running; }

    quint16 port() const;
    QUrl baseUrl() const;
    /// Points api at this simulator: its URL, the OpenAI flavour, a placeholder key (the
    /// simulator checks none) and simulated = true, so that everything that shows the
    /// endpoint says SIMULATED.
    void configure(ApiSettings& api) const;
    SimulatorStats stats() const;
    void resetStats();
    /// Lives on the host's thread: connect to its signals, call only its thread-safe methods.
    EmbeddingSimulator* simulator() const { return m_simulator; }

private:
    SimulatorOptions m_options;
    QThread m_thread;
    EmbeddingSimulator* m_simulator = nullptr;
    bool m_running = false;
};

} // namespace ec
