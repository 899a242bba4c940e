#include "ops/DemoEnvironment.h"

#include "sim/SimulatorHost.h"
#include "store/DemoCatalog.h"

namespace ec {

DemoEnvironment::DemoEnvironment()
    : m_dir(QDir::tempPath() + QStringLiteral("/embedding-console-demo-XXXXXX"))
{}

DemoEnvironment::~DemoEnvironment()
{
    if (m_simulator)
        m_simulator->stop();
}

bool DemoEnvironment::start(const DemoSetup& setup, QString* error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    SimulatorOptions options;
    options.latencyMs = setup.latencyMs;
    options.failRate = setup.failRate;
    options.faults = setup.faults;
    options.seed = setup.seed;
    options.recordServedTexts = false;
    options.requestLogLimit = 1000;
    options.injectedRetryAfterMs = 100;
    options.batch.minutesPerSecond = setup.batchMinutesPerSecond;
    m_simulator = std::make_unique<SimulatorHost>(options);
    if (!m_simulator->start(error))
        return false;

    m_config = AppConfig{};
    m_config.databaseUrl = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("demo-catalog.db"));
    m_simulator->configure(m_config.api);
    m_config.api.requestTimeoutMs = 10000;
    m_config.api.backoffBaseMs = 50;
    m_config.api.backoffMaxMs = 500;
    m_config.api.maxRetries = 6;
    m_config.api.concurrency = setup.concurrency;
    m_config.api.requestsPerMinute = setup.requestsPerMinute;
    m_config.api.tokensPerMinute = setup.tokensPerMinute;
    m_config.batch.batchSize = setup.batchSize;
    m_config.run.failureBackoffSeconds = 60;

    DemoOptions demo;
    demo.items = setup.items;
    demo.seed = setup.seed;
    return DemoCatalog::create(m_config, demo, error).has_value();
}

} // namespace ec
