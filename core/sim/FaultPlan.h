#pragma once
// Decides which fault, if any, hits an embeddings request of the simulator: `failRate` first
// (429 half of the time, else 500 or 503), then the listed random faults. One PRNG seeded
// with the simulator's seed makes a run repeatable for the same order of requests.
// `bad-input:` faults are not random: badInput() finds the first matching input.

#include "sim/SimulatorOptions.h"

#include <QRandomGenerator64>

#include <optional>

namespace ec {

class FaultPlan
{
public:
    FaultPlan(double failRate, QVector<FaultSpec> faults, quint64 seed);

    /// The fault for the next request; nullopt for a normal answer.
    std::optional<FaultSpec::Kind> draw();

    struct BadInputMatch
    {
        int inputIndex = 0;
        QByteArray substring;
    };
    /// The first input containing a `bad-input:` substring.
    std::optional<BadInputMatch> badInput(const QVector<QByteArray>& inputs) const;

private:
    double m_failRate;
    QVector<FaultSpec> m_random;
    QVector<QByteArray> m_badSubstrings;
    QRandomGenerator64 m_rng;
};

} // namespace ec
