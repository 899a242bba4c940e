#pragma once
// Plain data exchanged between EmbeddingClient and its users.

#include "api/ApiError.h"

#include <QByteArray>
#include <QMetaType>
#include <QVector>

namespace ec {

/// One text to embed, already prepared: UTF-8, non-empty, within the model's token limit.
struct EmbeddingInput
{
    QByteArray text;
    int tokens = 0; ///< exact cl100k count; drives the tokens-per-minute budget
};

/// What became of one input of a submitted batch.
struct InputOutcome
{
    bool ok = false;
    QVector<float> vector; ///< when ok: validated, finite, of the expected length
    ApiError error;        ///< when not ok: why (the API's own message for permanent errors)
};

/// One HTTP attempt, for metrics. Emitted once per request that got an answer or failed.
struct RequestStats
{
    qint64 latencyMs = 0; ///< from sending the request to its last byte (or failure)
    int httpStatus = 0;   ///< 0 without an HTTP response (network error, timeout)
    int inputs = 0;
    int tokens = 0;  ///< the tokens submitted for the inputs of this request
    int attempt = 1; ///< 1 for the first try of these inputs, 2 for the first retry…
    bool ok = false; ///< a valid response: every input got its vector
    bool was429 = false;
    bool retried = false;  ///< the failure will be retried (see retryScheduled)
    bool bisected = false; ///< a 400 on several inputs: split in halves to isolate the bad ones
    ApiError error;        ///< when !ok
};

/// A failed request that will be tried again.
struct RetryNotice
{
    quint64 ticket = 0;
    int inputs = 0;
    int nextAttempt = 2;            ///< the attempt number of the retry
    qint64 delayMs = 0;             ///< how long the client waits before sending it again
    bool honoursRetryAfter = false; ///< the delay came from retry-after(-ms)
    ApiError error;
};

/// The budgets the client works under: configured, learned from `x-ratelimit-*` headers,
/// and the effective (tighter) ones. Limits are per minute; 0 means unlimited or unknown,
/// -1 means "not reported".
struct RateLimitSnapshot
{
    double configuredRpm = 0;
    double configuredTpm = 0;
    double headerRpm = 0; ///< x-ratelimit-limit-requests
    double headerTpm = 0; ///< x-ratelimit-limit-tokens
    double effectiveRpm = 0;
    double effectiveTpm = 0;
    qint64 remainingRequests = -1; ///< x-ratelimit-remaining-requests
    qint64 remainingTokens = -1;   ///< x-ratelimit-remaining-tokens
    qint64 resetRequestsMs = -1;   ///< x-ratelimit-reset-requests
    qint64 resetTokensMs = -1;     ///< x-ratelimit-reset-tokens
    int concurrency = 0;           ///< requests allowed in flight
    qint64 pausedForMs = 0;        ///< a 429's retry-after still holding every request back

    bool operator==(const RateLimitSnapshot&) const = default;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::EmbeddingInput)
Q_DECLARE_METATYPE(ec::InputOutcome)
Q_DECLARE_METATYPE(ec::RequestStats)
Q_DECLARE_METATYPE(ec::RetryNotice)
Q_DECLARE_METATYPE(ec::RateLimitSnapshot)
