#include "SimulatorFixture.h"

namespace ec::test {

SimulatorOptions SimulatorFixture::withFreePort(SimulatorOptions options)
{
    options.port = 0;
    return options;
}

SimulatorFixture::SimulatorFixture(SimulatorOptions options)
    : m_host(withFreePort(std::move(options)))
{
    m_host.start(&m_error);
}

SimulatorFixture::~SimulatorFixture()
{
    m_host.stop();
}

ApiSettings SimulatorFixture::apiSettings() const
{
    ApiSettings api;
    api.baseUrl = baseUrl();
    api.simulated = true;
    api.requestTimeoutMs = 2000;
    api.backoffBaseMs = 5;
    api.backoffMaxMs = 50;
    api.maxRetries = 10;
    api.concurrency = 4;
    api.requestsPerMinute = 0;
    api.tokensPerMinute = 0;
    return api;
}

} // namespace ec::test
