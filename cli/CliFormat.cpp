#include "CliFormat.h"

#include <QJsonValue>

#include <cmath>

namespace ec {

QString formatDuration(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return QStringLiteral("?");
    const qint64 total = qint64(std::llround(seconds));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QJsonObject progressToJson(const RunProgress& p)
{
    return QJsonObject{
        {QStringLiteral("run_id"), p.runId},
        {QStringLiteral("status"), runStateName(p.state)},
        {QStringLiteral("total"), p.total},
        {QStringLiteral("processed"), p.processed},
        {QStringLiteral("succeeded"), p.succeeded},
        {QStringLiteral("failed"), p.failed},
        {QStringLiteral("skipped"), p.skipped},
        {QStringLiteral("unchanged"), p.unchanged},
        {QStringLiteral("deduped"), p.deduped},
        {QStringLiteral("cached"), p.cached},
        {QStringLiteral("truncated"), p.truncated},
        {QStringLiteral("api_requests"), p.apiRequests},
        {QStringLiteral("api_inputs"), p.apiInputs},
        {QStringLiteral("tokens"), p.tokens},
        {QStringLiteral("cost_usd"), p.costUsd},
        {QStringLiteral("retries"), p.retries},
        {QStringLiteral("rate_limited"), p.rateLimited},
        {QStringLiteral("database_retries"), p.databaseRetries},
        {QStringLiteral("rate_limits"),
         QJsonObject{{QStringLiteral("requests_per_minute"), p.requestsPerMinuteLimit},
                     {QStringLiteral("requests_source"), p.requestsLimitSource},
                     {QStringLiteral("tokens_per_minute"), p.tokensPerMinuteLimit},
                     {QStringLiteral("tokens_source"), p.tokensLimitSource}}},
        {QStringLiteral("elapsed_seconds"), p.elapsedSeconds},
        {QStringLiteral("items_per_second"),
         p.elapsedSeconds > 0 ? double(p.processed) / p.elapsedSeconds : 0.0},
    };
}

QJsonObject booksToJson(const RunBooks& b)
{
    return QJsonObject{
        {QStringLiteral("found"), b.found},
        {QStringLiteral("done"), b.done},
        {QStringLiteral("failed"), b.failed},
        {QStringLiteral("taken_by_others"), b.takenByOthers},
        {QStringLiteral("left_for_later"), b.leftForLater},
        {QStringLiteral("unaccounted"), b.unaccounted()},
    };
}

QJsonObject statusToJson(const StatusCounts& s)
{
    return QJsonObject{
        {QStringLiteral("total_items"), s.totalItems},
        {QStringLiteral("embedded_items"), s.embeddedItems},
        {QStringLiteral("pending_items"), s.seedPendingItems()},
        {QStringLiteral("progress_percent"), s.progressPercent},
        {QStringLiteral("last_update"), s.lastUpdate.isValid()
                                            ? QJsonValue(s.lastUpdate.toUTC().toString(Qt::ISODateWithMs))
                                            : QJsonValue()},
        {QStringLiteral("pending"), QJsonObject{{QStringLiteral("total"), s.pendingTotal()},
                                                {QStringLiteral("missing"), s.pendingMissing},
                                                {QStringLiteral("outdated"), s.pendingOutdated},
                                                {QStringLiteral("other_model"), s.pendingOtherModel}}},
        {QStringLiteral("failed_items"), s.failedItems},
        {QStringLiteral("parked_items"), s.parkedItems},
    };
}

} // namespace ec
