#pragma once
// When to try a failed request again, and after how long.
//
// Retryable errors are retried at most `maxRetries` times (so a request is sent at most
// maxRetries + 1 times). The wait before retry n (n = 1, 2, …) is the server's retry-after
// when it sent one (429/503: `retry-after-ms`, else `retry-after`), otherwise exponential
// backoff with full jitter: uniform in [0, min(backoffMax, backoffBase * 2^(n-1))].

#include "api/ApiError.h"

#include <QRandomGenerator>

#include <optional>

namespace ec {

class RetryPolicy
{
public:
    /// A server asking for longer than this is capped (it would stall a run for good).
    static constexpr qint64 kMaxRetryAfterMs = 10 * 60 * 1000;

    RetryPolicy(int maxRetries, int backoffBaseMs, int backoffMaxMs);
    /// Deterministic jitter, for tests.
    RetryPolicy(int maxRetries, int backoffBaseMs, int backoffMaxMs, quint32 seed);

    int maxRetries() const { return m_maxRetries; }

    /// Whether a request that failed with `error` after `attemptsMade` sends is sent again.
    bool shouldRetry(const ApiError& error, int attemptsMade) const;

    /// The backoff ceiling before retry `retryNumber` (1-based), before jitter.
    qint64 backoffCeilingMs(int retryNumber) const;
    /// The wait before retry `retryNumber`: the server's retry-after when given, else backoff.
    qint64 delayMs(int retryNumber, std::optional<qint64> retryAfterMs);

private:
    int m_maxRetries;
    int m_baseMs;
    int m_maxMs;
    QRandomGenerator m_random;
};

} // namespace ec
