#include "BatchPlanner.h"

#include <algorithm>

namespace ec {

BatchPlanner::BatchPlanner(const BatchSettings& settings)
    : m_maxInputs(std::max(1, std::min(settings.batchSize, settings.maxInputsPerRequest)))
    , m_maxTokens(std::max(1, settings.maxTokensPerRequest))
{}

std::optional<PlannedBatch> BatchPlanner::add(qint64 payload, int tokens)
{
    std::optional<PlannedBatch> closed;
    if (!m_pending.isEmpty() && m_pending.tokens + tokens > m_maxTokens)
        closed = takePending();
    m_pending.payloads.push_back(payload);
    m_pending.tokens += tokens;
    // The pending batch was below maxInputs() before this input (a full one closes at once),
    // so at most one batch closes per call.
    if (!closed && m_pending.size() >= m_maxInputs)
        closed = takePending();
    return closed;
}

std::optional<PlannedBatch> BatchPlanner::flush()
{
    return takePending();
}

std::optional<PlannedBatch> BatchPlanner::takePending()
{
    if (m_pending.isEmpty())
        return std::nullopt;
    PlannedBatch batch = std::move(m_pending);
    m_pending = PlannedBatch();
    m_pending.payloads.reserve(std::size_t(m_maxInputs));
    return batch;
}

} // namespace ec
