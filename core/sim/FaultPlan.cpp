#include "sim/FaultPlan.h"

namespace ec {

FaultPlan::FaultPlan(double failRate, QVector<FaultSpec> faults, quint64 seed)
    : m_failRate(failRate)
    , m_rng(seed)
{
    for (FaultSpec& spec : faults) {
        if (spec.kind == FaultSpec::Kind::BadInput)
            m_badSubstrings.append(spec.substring);
        else
            m_random.append(spec);
    }
}

std::optional<FaultSpec::Kind> FaultPlan::draw()
{
    if (m_failRate > 0) {
        const double u = m_rng.generateDouble();
        if (u < m_failRate) {
            const double which = u / m_failRate; // uniform in [0, 1) again
            if (which < 0.5)
                return FaultSpec::Kind::Http429;
            return which < 0.75 ? FaultSpec::Kind::Http500 : FaultSpec::Kind::Http503;
        }
    }
    if (m_random.isEmpty())
        return std::nullopt;
    const double u = m_rng.generateDouble();
    double cumulative = 0;
    for (const FaultSpec& spec : m_random) {
        cumulative += spec.fraction;
        if (u < cumulative)
            return spec.kind;
    }
    return std::nullopt;
}

std::optional<FaultPlan::BadInputMatch> FaultPlan::badInput(const QVector<QByteArray>& inputs) const
{
    if (m_badSubstrings.isEmpty())
        return std::nullopt;
    for (int i = 0; i < inputs.size(); ++i) {
        for (const QByteArray& substring : m_badSubstrings) {
            if (inputs[i].contains(substring))
                return BadInputMatch{i, substring};
        }
    }
    return std::nullopt;
}

} // namespace ec
