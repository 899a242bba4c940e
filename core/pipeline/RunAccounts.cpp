#include "pipeline/RunAccounts.h"

#include "api/RateLimiter.h"

#include <algorithm>

namespace ec {

namespace {
constexpr int kMaxListedErrors = 1000;
} // namespace

void RunAccounts::addRequest(const RequestStats& stats)
{
    RunProgress& p = m_summary.progress;
    ++p.apiRequests;
    if (stats.httpStatus == 200) {
        p.apiInputs += stats.inputs;
        m_stats.addLatency(elapsedSeconds(), stats.latencyMs);
    } else {
        ++p.apiErrors;
    }
    if (stats.httpStatus == 429)
        ++p.rateLimited;
    if (stats.retried)
        ++p.retries;
}

void RunAccounts::addCommitted(const BatchCommit& batch)
{
    RunProgress& p = m_summary.progress;
    p.succeeded += batch.writes.size();
    p.unchanged += batch.currentIds.size();
    for (const FailureRecord& failure : batch.failures) {
        if (failure.skipped)
            ++p.skipped;
        else
            ++p.failed;
        if (m_summary.errors.size() < kMaxListedErrors)
            m_summary.errors.push_back(
                {failure.itemId, failure.httpStatus, failure.message, failure.errorCode});
    }
    const qint64 finishedItems = batch.finishedItems();
    p.processed += finishedItems;
    m_stats.addItems(elapsedSeconds(), finishedItems);
}

const RunProgress& RunAccounts::refresh(bool ending, const RateLimitSnapshot* limits)
{
    RunProgress& p = m_summary.progress;
    const double now = elapsedSeconds();
    p.elapsedSeconds = now;
    p.itemsPerSecond = m_stats.itemsPerSecond(now);
    const qint64 remaining = std::max<qint64>(0, p.total - p.processed);
    p.etaSeconds =
        ending ? -1
               : (p.itemsPerSecond > 0 ? double(remaining) / p.itemsPerSecond : (remaining == 0 ? 0 : -1));
    p.latencyP50Ms = m_stats.latencyPercentile(now, 50);
    p.latencyP95Ms = m_stats.latencyPercentile(now, 95);
    if (limits) {
        p.requestsPerMinuteLimit = limits->effectiveRpm;
        p.tokensPerMinuteLimit = limits->effectiveTpm;
        p.requestsLimitSource = RateLimiter::limitSource(limits->headerRpm, limits->configuredRpm);
        p.tokensLimitSource = RateLimiter::limitSource(limits->headerTpm, limits->configuredTpm);
    }
    return p;
}

void RunAccounts::setEnded(RunStatus status)
{
    RunProgress& p = m_summary.progress;
    switch (status) {
    case RunStatus::Completed:
        p.state = p.failed > 0 ? RunState::CompletedWithFailures : RunState::Completed;
        break;
    case RunStatus::Stopped:
        p.state = RunState::Stopped;
        break;
    case RunStatus::Aborted:
        p.state = RunState::Aborted;
        break;
    case RunStatus::Interrupted:
        p.state = RunState::Interrupted;
        break;
    default:
        p.state = RunState::Failed;
        break;
    }
}

qint64 RunAccounts::closeBooks(bool opened, qint64 leftForLater, qint64 takenByOthers)
{
    RunBooks& books = m_summary.books;
    const RunProgress& p = m_summary.progress;
    books.known = opened && leftForLater >= 0;
    books.done = p.succeeded + p.unchanged;
    books.failed = p.failed + p.skipped;
    books.takenByOthers = takenByOthers;
    books.leftForLater = std::max<qint64>(0, leftForLater);
    return books.known ? std::max<qint64>(0, books.unaccounted()) : 0;
}

RunRecord RunAccounts::counters() const
{
    const RunProgress& p = m_summary.progress;
    RunRecord r;
    r.id = p.runId;
    r.total = p.total;
    r.processed = p.processed;
    r.succeeded = p.succeeded;
    r.failed = p.failed;
    r.skipped = p.skipped;
    r.deduped = p.deduped;
    r.unchanged = p.unchanged;
    r.cached = p.cached;
    r.apiInputs = p.apiInputs;
    r.apiRequests = p.apiRequests;
    r.tokens = p.tokens;
    r.costUsd = p.costUsd;
    r.databaseRetries = p.databaseRetries;
    return r;
}

} // namespace ec
