#pragma once
// The rate-limit headers of OpenAI-compatible APIs, parsed.
//
//   x-ratelimit-limit-requests / -tokens       per-minute limits
//   x-ratelimit-remaining-requests / -tokens   what is left now
//   x-ratelimit-reset-requests / -tokens       time until the budget is full again, as a Go
//                                              duration: "1s", "6m0s", "20ms", "1h2m3.5s"
//   retry-after-ms                             milliseconds to wait (429/503)
//   retry-after                                seconds, or an HTTP date

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>

#include <functional>
#include <optional>

namespace ec {

struct RateLimitHeaders
{
    std::optional<double> limitRequests;
    std::optional<double> limitTokens;
    std::optional<double> remainingRequests;
    std::optional<double> remainingTokens;
    std::optional<qint64> resetRequestsMs;
    std::optional<qint64> resetTokensMs;
    std::optional<qint64> retryAfterMs; ///< retry-after-ms, else retry-after

    bool any() const;

    /// Reads the headers through `header(name)`, which returns the raw value or an empty array.
    /// `now` resolves an HTTP-date retry-after.
    static RateLimitHeaders parse(const std::function<QByteArray(const QByteArray&)>& header,
                                  const QDateTime& now = QDateTime::currentDateTimeUtc());
};

/// A Go-style duration ("1s", "6m0s", "20ms", "1.5s", "1h2m", "500us") in milliseconds,
/// rounded up; a bare number is taken as seconds. nullopt when it does not parse.
std::optional<qint64> parseDurationMs(QByteArrayView text);

/// retry-after: delta-seconds (fractions allowed) or an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00
/// GMT"), in milliseconds from `now` (never negative). nullopt when it does not parse.
std::optional<qint64> parseRetryAfterMs(QByteArrayView text, const QDateTime& now);

/// Formats milliseconds the way OpenAI does: "20ms", "1.5s", "6m0s".
QByteArray formatDuration(qint64 ms);

} // namespace ec
