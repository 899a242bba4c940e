#pragma once
// Packs prepared inputs into embedding requests within the configured limits.

#include "config/AppConfig.h"

#include <QtGlobal>

#include <optional>
#include <vector>

namespace ec {

/// The inputs of one request, as the caller's opaque payloads (e.g. indexes into its own
/// list of prepared inputs), in the order they were added.
struct PlannedBatch
{
    std::vector<qint64> payloads;
    qint64 tokens = 0; ///< the sum of the inputs' tokens

    int size() const { return int(payloads.size()); }
    bool isEmpty() const { return payloads.empty(); }
};

/// Accumulates inputs into batches of at most maxInputs() inputs (batchSize, capped by
/// maxInputsPerRequest) and at most maxTokens() tokens (maxTokensPerRequest). Inputs keep
/// their order and each ends up in exactly one batch. An input over maxTokens() on its own
/// (InputPreparer never makes one) travels alone.
class BatchPlanner
{
public:
    explicit BatchPlanner(const BatchSettings& settings);

    int maxInputs() const { return m_maxInputs; }
    qint64 maxTokens() const { return m_maxTokens; }

    /// Adds an input. Returns the batch this closes, if any: the pending batch when the
    /// input's tokens would push it over maxTokens() (the input then starts the next one),
    /// or the pending batch including this input when it reaches maxInputs().
    std::optional<PlannedBatch> add(qint64 payload, int tokens);
    /// Closes the pending batch; nullopt when nothing is pending.
    std::optional<PlannedBatch> flush();

    int pendingInputs() const { return m_pending.size(); }
    qint64 pendingTokens() const { return m_pending.tokens; }

private:
    std::optional<PlannedBatch> takePending();

    int m_maxInputs;
    qint64 m_maxTokens;
    PlannedBatch m_pending;
};

} // namespace ec
