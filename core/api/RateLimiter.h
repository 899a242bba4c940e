#pragma once
// Decides when the next request may start, under four budgets:
//
//  1. Requests in flight: at most `concurrency`.
//  2. Requests per minute and 3. tokens per minute. Each is enforced twice:
//     - a pacing token bucket holding one second of the budget (limit/60), refilled
//       continuously at limit/60 per second, so requests are spread out instead of sent in
//       one burst; a request larger than the bucket waits for a full bucket and leaves it in
//       debt;
//     - a sliding one-minute log of what was sent, so that no window of 60 seconds ever holds
//       more than the limit (what a server counting a sliding minute enforces).
//     The limit used is the tighter of the configured one and the server's
//     x-ratelimit-limit-* header (0 or less: no limit).
//  4. The server's own view: x-ratelimit-remaining-* with x-ratelimit-reset-* is projected
//     forward (refilling at (limit - remaining) / reset) and a request waits until the
//     projection covers it. A 429's retry-after pauses every request (pauseFor()).
//
// Pure bookkeeping on an injectable monotonic clock: it never sleeps or blocks. The caller
// asks delayFor() and arms a timer.

#include "api/ApiTypes.h"
#include "api/RateLimitHeaders.h"

#include <QString>
#include <QtGlobal>

#include <deque>
#include <functional>

namespace ec {

class RateLimiter
{
public:
    using Clock = std::function<qint64()>; ///< monotonic milliseconds

    /// The tighter of two per-minute limits, either of which may be none (<= 0); 0 when both are.
    static double tighter(double a, double b);
    /// Where the limit in force comes from, given the server's (header) and the configured one:
    /// "server" when the server's is the tighter, "cap" when the configured one is, "adaptive"
    /// when there is neither.
    static QString limitSource(double header, double configured);

    /// Limits per minute (<= 0: none). Without a clock, a QElapsedTimer started now is used.
    RateLimiter(double requestsPerMinute, double tokensPerMinute, int concurrency, Clock clock = {});

    void setConcurrency(int concurrency);
    int concurrency() const { return m_concurrency; }
    int inFlight() const { return m_inFlight; }

    /// 0 when a request of `tokens` may start now; otherwise the milliseconds to wait before
    /// asking again, or -1 when it has to wait for a request in flight to finish.
    qint64 delayFor(int tokens) const;
    /// Records the start of a request of `tokens` (call when delayFor() returned 0).
    void acquire(int tokens);
    /// Records the end of a request that acquire() started.
    void release();

    /// Learns from the rate-limit headers of a response. True when the snapshot changed.
    bool observe(const RateLimitHeaders& headers);
    /// Holds every request back for `ms` (a 429's retry-after).
    void pauseFor(qint64 ms);

    RateLimitSnapshot snapshot() const;

private:
    /// Continuous token bucket of one second of the budget.
    struct PacingBucket
    {
        double capacity = 0;
        double perMs = 0;
        double level = 0;
        qint64 lastMs = 0;
    };
    /// The server's remaining budget as last reported.
    struct ServerBudget
    {
        bool known = false;
        double limit = 0;
        double remaining = 0;
        qint64 observedMs = 0;
        qint64 resetMs = 0;
        double spentSince = 0;
    };
    struct Sent
    {
        qint64 atMs;
        int tokens;
    };

    qint64 now() const;
    void applyLimits();
    void refill(PacingBucket& bucket) const;
    static void configureBucket(PacingBucket& bucket, double perMinute, qint64 nowMs);
    static qint64 bucketDelay(const PacingBucket& bucket, double need, qint64 nowMs);
    qint64 windowDelayRequests(qint64 nowMs) const;
    qint64 windowDelayTokens(int tokens, qint64 nowMs) const;
    static qint64 serverDelay(const ServerBudget& budget, double need, qint64 nowMs);
    void pruneLog(qint64 nowMs) const;

    Clock m_clock;
    int m_concurrency = 1;
    int m_inFlight = 0;
    double m_configuredRpm = 0;
    double m_configuredTpm = 0;
    double m_headerRpm = 0;
    double m_headerTpm = 0;
    double m_rpm = 0; ///< effective
    double m_tpm = 0; ///< effective
    mutable PacingBucket m_requestBucket;
    mutable PacingBucket m_tokenBucket;
    mutable std::deque<Sent> m_log;
    mutable qint64 m_logTokens = 0;
    ServerBudget m_serverRequests;
    ServerBudget m_serverTokens;
    qint64 m_pausedUntilMs = 0;
};

} // namespace ec
