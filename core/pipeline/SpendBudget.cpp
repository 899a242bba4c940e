#include "pipeline/SpendBudget.h"

#include <cmath>
#include <limits>

namespace ec {

qint64 SpendBudget::reservedTokens() const
{
    qint64 tokens = 0;
    for (const qint64 reserved : m_reserved)
        tokens += reserved;
    return tokens;
}

qint64 SpendBudget::affordableTokens() const
{
    if (!capped() || m_usdPerToken <= 0)
        return std::numeric_limits<qint64>::max();
    // Whole tokens within the cap; a hair of tolerance so that a cap set to an exact price holds it.
    const double capTokens = std::floor(m_capUsd / m_usdPerToken + 1e-6);
    return std::max<qint64>(0, qint64(capTokens) - m_spentTokens - reservedTokens());
}

double SpendBudget::committedUsd() const
{
    return double(m_spentTokens + reservedTokens()) * m_usdPerToken;
}

} // namespace ec
