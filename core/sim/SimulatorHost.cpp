#include "sim/SimulatorHost.h"

namespace ec {

SimulatorHost::SimulatorHost(const SimulatorOptions& options)
    : m_options(options)
{
    m_thread.setObjectName(QStringLiteral("embedding-simulator"));
}

SimulatorHost::~SimulatorHost()
{
    stop();
}

bool SimulatorHost::start(QString* error)
{
    if (m_running)
        return true;
    m_simulator = new EmbeddingSimulator(m_options);
    m_simulator->moveToThread(&m_thread);
    m_thread.start();
    bool ok = false;
    QString reason;
    EmbeddingSimulator* simulator = m_simulator;
    QMetaObject::invokeMethod(
        simulator, [simulator, &ok, &reason] { ok = simulator->start(&reason); },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = reason;
        stop();
        return false;
    }
    m_running = true;
    return true;
}

void SimulatorHost::stop()
{
    if (m_simulator) {
        EmbeddingSimulator* simulator = m_simulator;
        m_simulator = nullptr;
        if (m_thread.isRunning())
            QMetaObject::invokeMethod(
                simulator, [simulator] { delete simulator; }, Qt::BlockingQueuedConnection);
        else
            delete simulator;
    }
    m_thread.quit();
    m_thread.wait();
    m_running = false;
}

quint16 SimulatorHost::port() const
{
    return m_simulator ? m_simulator->port() : 0;
}

QUrl SimulatorHost::baseUrl() const
{
    return m_simulator ? m_simulator->baseUrl() : QUrl();
}

void SimulatorHost::configure(ApiSettings& api) const
{
    api.baseUrl = baseUrl();
    api.flavor = ApiFlavor::OpenAI;
    api.simulated = true;
    api.apiKey = QStringLiteral("sk-simulated-not-a-real-key");
}

SimulatorStats SimulatorHost::stats() const
{
    return m_simulator ? m_simulator->stats() : SimulatorStats{};
}

void SimulatorHost::resetStats()
{
    if (m_simulator)
        m_simulator->resetStats();
}

} // namespace ec
