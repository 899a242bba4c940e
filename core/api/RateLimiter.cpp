#include "api/RateLimiter.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <memory>

namespace ec {

namespace {

/// The sliding window is a second longer than the server's minute: requests reach the server
/// up to a network delay after they leave, so a log kept by send times over exactly 60 s lets a
/// window counted by arrival times hold one request too many (seen: 303,058 tokens in 60 s under
/// a 300,000 cap).
constexpr qint64 kWindowMs = 61000;

qint64 ceilMs(double ms)
{
    return std::max<qint64>(1, static_cast<qint64>(std::ceil(ms - 1e-6))); // tolerate rounding noise
}

} // namespace

double RateLimiter::tighter(double a, double b)
{
    if (a <= 0)
        return b > 0 ? b : 0;
    if (b <= 0)
        return a;
    return std::min(a, b);
}

QString RateLimiter::limitSource(double header, double configured)
{
    if (header > 0 && (configured <= 0 || header <= configured))
        return QStringLiteral("server");
    return configured > 0 ? QStringLiteral("cap") : QStringLiteral("adaptive");
}

RateLimiter::RateLimiter(double requestsPerMinute, double tokensPerMinute, int concurrency, Clock clock)
    : m_clock(std::move(clock))
    , m_concurrency(std::max(1, concurrency))
    , m_configuredRpm(std::max(0.0, requestsPerMinute))
    , m_configuredTpm(std::max(0.0, tokensPerMinute))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] {
            return timer->elapsed();
        };
    }
    applyLimits();
}

qint64 RateLimiter::now() const
{
    return m_clock();
}

void RateLimiter::setConcurrency(int concurrency)
{
    m_concurrency = std::max(1, concurrency);
}

void RateLimiter::configureBucket(PacingBucket& bucket, double perMinute, qint64 nowMs)
{
    if (perMinute <= 0) {
        bucket = PacingBucket{};
        return;
    }
    const bool fresh = bucket.capacity <= 0;
    bucket.capacity = std::max(1.0, perMinute / 60.0);
    bucket.perMs = perMinute / 60000.0;
    if (fresh) {
        bucket.level = bucket.capacity;
        bucket.lastMs = nowMs;
    } else {
        bucket.level = std::min(bucket.level, bucket.capacity);
    }
}

void RateLimiter::applyLimits()
{
    m_rpm = tighter(m_configuredRpm, m_headerRpm);
    m_tpm = tighter(m_configuredTpm, m_headerTpm);
    const qint64 t = now();
    refill(m_requestBucket);
    refill(m_tokenBucket);
    configureBucket(m_requestBucket, m_rpm, t);
    configureBucket(m_tokenBucket, m_tpm, t);
}

void RateLimiter::refill(PacingBucket& bucket) const
{
    const qint64 t = now();
    if (bucket.capacity > 0 && t > bucket.lastMs)
        bucket.level =
            std::min(bucket.capacity, bucket.level + static_cast<double>(t - bucket.lastMs) * bucket.perMs);
    bucket.lastMs = t;
}

qint64 RateLimiter::bucketDelay(const PacingBucket& bucket, double need, qint64 nowMs)
{
    if (bucket.capacity <= 0)
        return 0;
    need = std::min(need, bucket.capacity);
    const double level = std::min(
        bucket.capacity,
        bucket.level + static_cast<double>(std::max<qint64>(0, nowMs - bucket.lastMs)) * bucket.perMs);
    if (level + 1e-9 >= need)
        return 0;
    return ceilMs((need - level) / bucket.perMs);
}

void RateLimiter::pruneLog(qint64 nowMs) const
{
    while (!m_log.empty() && m_log.front().atMs + kWindowMs <= nowMs) {
        m_logTokens -= m_log.front().tokens;
        m_log.pop_front();
    }
}

qint64 RateLimiter::windowDelayRequests(qint64 nowMs) const
{
    if (m_rpm <= 0)
        return 0;
    const auto allowed = static_cast<qsizetype>(std::max(1.0, std::floor(m_rpm)));
    const auto count = static_cast<qsizetype>(m_log.size());
    if (count + 1 <= allowed)
        return 0;
    const qsizetype drop = count + 1 - allowed; // the oldest `drop` entries must leave the window
    return std::max<qint64>(1, m_log[static_cast<size_t>(drop - 1)].atMs + kWindowMs - nowMs);
}

qint64 RateLimiter::windowDelayTokens(int tokens, qint64 nowMs) const
{
    if (m_tpm <= 0 || m_log.empty())
        return 0;
    const double limit = std::max(1.0, std::floor(m_tpm));
    if (static_cast<double>(m_logTokens + tokens) <= limit)
        return 0;
    if (tokens >= limit) // larger than a whole minute: only into an empty window
        return std::max<qint64>(1, m_log.back().atMs + kWindowMs - nowMs);
    qint64 remaining = m_logTokens;
    for (const Sent& sent : m_log) {
        remaining -= sent.tokens;
        if (static_cast<double>(remaining + tokens) <= limit)
            return std::max<qint64>(1, sent.atMs + kWindowMs - nowMs);
    }
    return std::max<qint64>(1, m_log.back().atMs + kWindowMs - nowMs);
}

qint64 RateLimiter::serverDelay(const ServerBudget& budget, double need, qint64 nowMs)
{
    if (!budget.known)
        return 0;
    const qint64 elapsed = std::max<qint64>(0, nowMs - budget.observedMs);
    if (elapsed >= budget.resetMs)
        return 0; // the server said its budget is full again by now
    if (budget.limit > 0)
        need = std::min(need, budget.limit);
    const double perMs =
        budget.limit > 0 ? std::max(0.0, budget.limit - budget.remaining) / budget.resetMs : 0.0;
    double projected = budget.remaining + perMs * static_cast<double>(elapsed);
    if (budget.limit > 0)
        projected = std::min(projected, budget.limit);
    projected -= budget.spentSince;
    if (projected + 1e-9 >= need)
        return 0;
    const qint64 untilReset = budget.resetMs - elapsed;
    if (perMs <= 0)
        return untilReset;
    return std::min(untilReset, ceilMs((need - projected) / perMs));
}

qint64 RateLimiter::delayFor(int tokens) const
{
    if (m_inFlight >= m_concurrency)
        return -1;
    const qint64 t = now();
    pruneLog(t);
    qint64 delay = std::max<qint64>(0, m_pausedUntilMs - t);
    delay = std::max(delay, bucketDelay(m_requestBucket, 1.0, t));
    delay = std::max(delay, bucketDelay(m_tokenBucket, tokens, t));
    delay = std::max(delay, windowDelayRequests(t));
    delay = std::max(delay, windowDelayTokens(tokens, t));
    delay = std::max(delay, serverDelay(m_serverRequests, 1.0, t));
    delay = std::max(delay, serverDelay(m_serverTokens, tokens, t));
    return delay;
}

void RateLimiter::acquire(int tokens)
{
    const qint64 t = now();
    ++m_inFlight;
    refill(m_requestBucket);
    refill(m_tokenBucket);
    if (m_requestBucket.capacity > 0)
        m_requestBucket.level -= 1.0;
    if (m_tokenBucket.capacity > 0)
        m_tokenBucket.level -= tokens;
    if (m_rpm > 0 || m_tpm > 0) {
        pruneLog(t);
        m_log.push_back({t, tokens});
        m_logTokens += tokens;
    }
    if (m_serverRequests.known)
        m_serverRequests.spentSince += 1.0;
    if (m_serverTokens.known)
        m_serverTokens.spentSince += tokens;
}

void RateLimiter::release()
{
    if (m_inFlight > 0)
        --m_inFlight;
}

bool RateLimiter::observe(const RateLimitHeaders& headers)
{
    const RateLimitSnapshot before = snapshot();
    const qint64 t = now();
    bool limitsChanged = false;
    if (headers.limitRequests && *headers.limitRequests != m_headerRpm) {
        m_headerRpm = *headers.limitRequests;
        limitsChanged = true;
    }
    if (headers.limitTokens && *headers.limitTokens != m_headerTpm) {
        m_headerTpm = *headers.limitTokens;
        limitsChanged = true;
    }
    if (limitsChanged)
        applyLimits();

    auto learn = [t](ServerBudget& budget, const std::optional<double>& remaining,
                     const std::optional<qint64>& resetMs, double limit) {
        if (!remaining)
            return;
        budget.known = true;
        budget.limit = limit;
        budget.remaining = *remaining;
        budget.observedMs = t;
        budget.resetMs = std::max<qint64>(1, resetMs.value_or(60000));
        budget.spentSince = 0;
    };
    learn(m_serverRequests, headers.remainingRequests, headers.resetRequestsMs, m_headerRpm);
    learn(m_serverTokens, headers.remainingTokens, headers.resetTokensMs, m_headerTpm);
    RateLimitSnapshot after = snapshot();
    after.pausedForMs = before.pausedForMs;
    return !(after == before);
}

void RateLimiter::pauseFor(qint64 ms)
{
    if (ms > 0)
        m_pausedUntilMs = std::max(m_pausedUntilMs, now() + ms);
}

RateLimitSnapshot RateLimiter::snapshot() const
{
    RateLimitSnapshot s;
    s.configuredRpm = m_configuredRpm;
    s.configuredTpm = m_configuredTpm;
    s.headerRpm = m_headerRpm;
    s.headerTpm = m_headerTpm;
    s.effectiveRpm = m_rpm;
    s.effectiveTpm = m_tpm;
    if (m_serverRequests.known) {
        s.remainingRequests = static_cast<qint64>(m_serverRequests.remaining);
        s.resetRequestsMs = m_serverRequests.resetMs;
    }
    if (m_serverTokens.known) {
        s.remainingTokens = static_cast<qint64>(m_serverTokens.remaining);
        s.resetTokensMs = m_serverTokens.resetMs;
    }
    s.concurrency = m_concurrency;
    s.pausedForMs = std::max<qint64>(0, m_pausedUntilMs - now());
    return s;
}

} // namespace ec
