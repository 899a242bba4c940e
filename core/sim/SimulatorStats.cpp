#include "sim/SimulatorStats.h"

#include <QMutexLocker>

#include <algorithm>

namespace ec {

namespace {

bool isEmbeddingsRecord(const SimulatorRequestRecord& r)
{
    return r.method == "POST" && r.target.contains("embeddings");
}

} // namespace

int SimulatorStats::maxRequestsInWindow(qint64 windowMs) const
{
    QVector<qint64> times;
    for (const SimulatorRequestRecord& r : requestLog) {
        if (isEmbeddingsRecord(r))
            times.append(r.atMs);
    }
    std::sort(times.begin(), times.end());
    int best = 0;
    qsizetype start = 0;
    for (qsizetype end = 0; end < times.size(); ++end) {
        while (times[end] - times[start] >= windowMs)
            ++start;
        best = std::max(best, static_cast<int>(end - start + 1));
    }
    return best;
}

qint64 SimulatorStats::maxTokensInWindow(qint64 windowMs) const
{
    QVector<std::pair<qint64, int>> entries;
    for (const SimulatorRequestRecord& r : requestLog) {
        if (isEmbeddingsRecord(r))
            entries.append({r.atMs, r.tokens});
    }
    std::sort(entries.begin(), entries.end());
    qint64 best = 0;
    qint64 sum = 0;
    qsizetype start = 0;
    for (qsizetype end = 0; end < entries.size(); ++end) {
        sum += entries[end].second;
        while (entries[end].first - entries[start].first >= windowMs)
            sum -= entries[start++].second;
        best = std::max(best, sum);
    }
    return best;
}

SimulatorStatsRecorder::SimulatorStatsRecorder(int logLimit, bool recordServedTexts)
    : m_logLimit(std::max(0, logLimit))
    , m_recordServed(recordServedTexts)
{}

void SimulatorStatsRecorder::recordRequest(const SimulatorRequestRecord& record, bool embeddings)
{
    QMutexLocker lock(&m_mutex);
    ++m_stats.requests;
    if (embeddings) {
        ++m_stats.embeddingRequests;
        m_stats.inputsReceived += static_cast<quint64>(std::max(0, record.inputs));
    }
    ++m_stats.responsesByStatus[record.status];
    if (!record.fault.isEmpty())
        ++m_stats.faultsInjected[record.fault];
    if (m_logLimit > 0) {
        m_stats.requestLog.append(record);
        if (m_stats.requestLog.size() > m_logLimit)
            m_stats.requestLog.remove(0, m_stats.requestLog.size() - m_logLimit);
    }
}

void SimulatorStatsRecorder::recordServed(const QVector<QByteArray>& texts, qint64 tokens)
{
    QMutexLocker lock(&m_mutex);
    m_stats.inputsAccepted += static_cast<quint64>(texts.size());
    m_stats.tokens += static_cast<quint64>(std::max<qint64>(0, tokens));
    if (m_recordServed) {
        for (const QByteArray& text : texts)
            ++m_stats.servedCount[text];
    }
}

void SimulatorStatsRecorder::enterRequest()
{
    QMutexLocker lock(&m_mutex);
    ++m_stats.inFlight;
    m_stats.peakInFlight = std::max(m_stats.peakInFlight, m_stats.inFlight);
}

int SimulatorStatsRecorder::inFlight() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats.inFlight;
}

void SimulatorStatsRecorder::leaveRequest()
{
    QMutexLocker lock(&m_mutex);
    m_stats.inFlight = std::max(0, m_stats.inFlight - 1);
}

void SimulatorStatsRecorder::connectionAccepted()
{
    QMutexLocker lock(&m_mutex);
    ++m_stats.connectionsAccepted;
}

void SimulatorStatsRecorder::connectionClosed()
{
    QMutexLocker lock(&m_mutex);
    ++m_stats.connectionsClosed;
}

SimulatorStats SimulatorStatsRecorder::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void SimulatorStatsRecorder::reset()
{
    QMutexLocker lock(&m_mutex);
    // What is open now stays open: the counts start again from it.
    const int inFlight = m_stats.inFlight;
    const quint64 open = m_stats.connectionsOpen();
    m_stats = SimulatorStats{};
    m_stats.inFlight = inFlight;
    m_stats.connectionsAccepted = open;
}

} // namespace ec
