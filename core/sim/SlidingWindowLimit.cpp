#include "sim/SlidingWindowLimit.h"

#include <algorithm>
#include <cmath>

namespace ec {

SlidingWindowLimit::SlidingWindowLimit(double requestsPerWindow, double tokensPerWindow, qint64 windowMs)
    : m_requestLimit(std::max(0.0, std::floor(requestsPerWindow)))
    , m_tokenLimit(std::max(0.0, std::floor(tokensPerWindow)))
    , m_windowMs(std::max<qint64>(1, windowMs))
{}

void SlidingWindowLimit::prune(qint64 nowMs)
{
    while (!m_entries.empty() && m_entries.front().atMs + m_windowMs <= nowMs) {
        m_tokens -= m_entries.front().tokens;
        m_entries.pop_front();
    }
}

SlidingWindowLimit::Verdict SlidingWindowLimit::check(int tokens, qint64 nowMs)
{
    prune(nowMs);
    Verdict v;
    const auto count = static_cast<qint64>(m_entries.size());
    if (m_requestLimit > 0 && static_cast<double>(count + 1) > m_requestLimit) {
        v.allowed = false;
        v.requestsExceeded = true;
        const qint64 drop = count + 1 - static_cast<qint64>(m_requestLimit);
        v.retryAfterMs = std::max(v.retryAfterMs, untilFits(nowMs, drop, false, 0));
    }
    // A request larger than the whole budget is let into an empty window rather than refused forever.
    if (m_tokenLimit > 0 && !m_entries.empty() && static_cast<double>(m_tokens + tokens) > m_tokenLimit) {
        v.allowed = false;
        v.tokensExceeded = true;
        v.retryAfterMs = std::max(v.retryAfterMs, untilFits(nowMs, 0, true, tokens));
    }
    return v;
}

qint64 SlidingWindowLimit::untilFits(qint64 nowMs, qint64 drop, bool byTokens, qint64 tokens) const
{
    if (m_entries.empty())
        return 1;
    if (!byTokens) {
        const auto index =
            static_cast<size_t>(std::clamp<qint64>(drop, 1, static_cast<qint64>(m_entries.size())) - 1);
        return std::max<qint64>(1, m_entries[index].atMs + m_windowMs - nowMs);
    }
    qint64 left = m_tokens;
    for (const Entry& e : m_entries) {
        left -= e.tokens;
        if (static_cast<double>(left + tokens) <= m_tokenLimit)
            return std::max<qint64>(1, e.atMs + m_windowMs - nowMs);
    }
    return std::max<qint64>(1, m_entries.back().atMs + m_windowMs - nowMs);
}

void SlidingWindowLimit::add(int tokens, qint64 nowMs)
{
    if (!enabled())
        return;
    prune(nowMs);
    m_entries.push_back({nowMs, tokens});
    m_tokens += tokens;
}

SlidingWindowLimit::State SlidingWindowLimit::state(qint64 nowMs)
{
    prune(nowMs);
    State s;
    const qint64 reset =
        m_entries.empty() ? 0 : std::max<qint64>(0, m_entries.back().atMs + m_windowMs - nowMs);
    s.remainingRequests =
        std::max<qint64>(0, static_cast<qint64>(m_requestLimit) - static_cast<qint64>(m_entries.size()));
    s.remainingTokens = std::max<qint64>(0, static_cast<qint64>(m_tokenLimit) - m_tokens);
    s.resetRequestsMs = reset;
    s.resetTokensMs = reset;
    return s;
}

} // namespace ec
