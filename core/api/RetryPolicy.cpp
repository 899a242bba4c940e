#include "api/RetryPolicy.h"

#include <algorithm>

namespace ec {

RetryPolicy::RetryPolicy(int maxRetries, int backoffBaseMs, int backoffMaxMs)
    : RetryPolicy(maxRetries, backoffBaseMs, backoffMaxMs, QRandomGenerator::global()->generate())
{}

RetryPolicy::RetryPolicy(int maxRetries, int backoffBaseMs, int backoffMaxMs, quint32 seed)
    : m_maxRetries(std::max(0, maxRetries))
    , m_baseMs(std::max(0, backoffBaseMs))
    , m_maxMs(std::max(std::max(0, backoffBaseMs), backoffMaxMs))
    , m_random(seed)
{}

bool RetryPolicy::shouldRetry(const ApiError& error, int attemptsMade) const
{
    return error.kind == ApiError::Kind::Retryable && attemptsMade <= m_maxRetries;
}

qint64 RetryPolicy::backoffCeilingMs(int retryNumber) const
{
    const int exponent = std::clamp(retryNumber - 1, 0, 30);
    const qint64 ceiling = static_cast<qint64>(m_baseMs) << exponent;
    return std::min<qint64>(ceiling, m_maxMs);
}

qint64 RetryPolicy::delayMs(int retryNumber, std::optional<qint64> retryAfterMs)
{
    if (retryAfterMs)
        return std::clamp<qint64>(*retryAfterMs, 0, kMaxRetryAfterMs);
    const qint64 ceiling = backoffCeilingMs(retryNumber);
    if (ceiling <= 0)
        return 0;
    return static_cast<qint64>(m_random.bounded(static_cast<quint64>(ceiling) + 1));
}

} // namespace ec
