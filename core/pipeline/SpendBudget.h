#pragma once
// A run's spend cap (RunSettings::maxCostUsd) in tokens of the configured model: what the run
// has spent (inputs answered with a vector) and what it has in flight (reserved when a request
// is sent, settled when it ends) may together never pass the cap. Retries of a request spend
// nothing more: the API bills an answered request once. Lives on the engine thread.

#include <QHash>
#include <QtGlobal>

namespace ec {

class SpendBudget
{
public:
    SpendBudget() = default;
    /// capUsd 0: no cap. usdPerMillion: the configured model's price.
    SpendBudget(double capUsd, double usdPerMillion)
        : m_capUsd(capUsd)
        , m_usdPerToken(usdPerMillion / 1e6)
    {}

    bool capped() const { return m_capUsd > 0; }
    double capUsd() const { return m_capUsd; }
    /// Tokens a new request may carry without passing the cap (all of them when uncapped or free).
    qint64 affordableTokens() const;
    /// A request with tokens is sent.
    void reserve(quint64 ticket, qint64 tokens) { m_reserved.insert(ticket, tokens); }
    /// The request ended (its spend, if any, comes through spend()).
    void settle(quint64 ticket) { m_reserved.remove(ticket); }
    /// Tokens answered with vectors, as billed.
    void spend(qint64 tokens) { m_spentTokens += tokens; }
    /// Spent and in flight, in US dollars.
    double committedUsd() const;

private:
    qint64 reservedTokens() const;

    double m_capUsd = 0;
    double m_usdPerToken = 0;
    qint64 m_spentTokens = 0;
    QHash<quint64, qint64> m_reserved; ///< tokens in flight, by client ticket
};

} // namespace ec
