#pragma once
// The simulator's rate limits: requests and tokens per sliding window (one minute), the way
// a server counting the last 60 seconds enforces them. Only admitted requests count.
//
// Reported state follows OpenAI's headers: `remaining` is what is left in the window now and
// `reset` the time until the window is empty again (the budget fully restored). A request
// larger than the whole token budget is admitted into an empty window.

#include <QtGlobal>

#include <deque>

namespace ec {

class SlidingWindowLimit
{
public:
    SlidingWindowLimit(double requestsPerWindow, double tokensPerWindow, qint64 windowMs = 60000);

    bool enabled() const { return m_requestLimit > 0 || m_tokenLimit > 0; }

    struct Verdict
    {
        bool allowed = true;
        bool requestsExceeded = false;
        bool tokensExceeded = false;
        qint64 retryAfterMs = 0; ///< when the request would fit (when !allowed)
    };
    /// Whether a request of `tokens` fits at `nowMs`; admitted requests must be add()ed.
    Verdict check(int tokens, qint64 nowMs);
    void add(int tokens, qint64 nowMs);

    struct State
    {
        qint64 remainingRequests = 0;
        qint64 remainingTokens = 0;
        qint64 resetRequestsMs = 0;
        qint64 resetTokensMs = 0;
    };
    State state(qint64 nowMs);

    double requestLimit() const { return m_requestLimit; }
    double tokenLimit() const { return m_tokenLimit; }

private:
    void prune(qint64 nowMs);
    qint64 untilFits(qint64 nowMs, qint64 drop, bool byTokens, qint64 tokens) const;

    struct Entry
    {
        qint64 atMs;
        int tokens;
    };
    double m_requestLimit;
    double m_tokenLimit;
    qint64 m_windowMs;
    std::deque<Entry> m_entries;
    qint64 m_tokens = 0;
};

} // namespace ec
