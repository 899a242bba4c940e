#include "api/RateLimitHeaders.h"

#include <QLocale>
#include <QTimeZone>

#include <cmath>

namespace ec {

namespace {

std::optional<double> parseNumber(const QByteArray& raw)
{
    const QByteArray text = raw.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

std::optional<qint64> parseDurationHeader(const QByteArray& raw)
{
    const QByteArray text = raw.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    return parseDurationMs(text);
}

} // namespace

bool RateLimitHeaders::any() const
{
    return limitRequests || limitTokens || remainingRequests || remainingTokens || resetRequestsMs ||
           resetTokensMs || retryAfterMs;
}

RateLimitHeaders RateLimitHeaders::parse(const std::function<QByteArray(const QByteArray&)>& header,
                                         const QDateTime& now)
{
    RateLimitHeaders h;
    h.limitRequests = parseNumber(header(QByteArrayLiteral("x-ratelimit-limit-requests")));
    h.limitTokens = parseNumber(header(QByteArrayLiteral("x-ratelimit-limit-tokens")));
    h.remainingRequests = parseNumber(header(QByteArrayLiteral("x-ratelimit-remaining-requests")));
    h.remainingTokens = parseNumber(header(QByteArrayLiteral("x-ratelimit-remaining-tokens")));
    h.resetRequestsMs = parseDurationHeader(header(QByteArrayLiteral("x-ratelimit-reset-requests")));
    h.resetTokensMs = parseDurationHeader(header(QByteArrayLiteral("x-ratelimit-reset-tokens")));

    if (const auto ms = parseNumber(header(QByteArrayLiteral("retry-after-ms"))))
        h.retryAfterMs = static_cast<qint64>(std::ceil(*ms));
    else {
        const QByteArray retryAfter = header(QByteArrayLiteral("retry-after")).trimmed();
        if (!retryAfter.isEmpty())
            h.retryAfterMs = parseRetryAfterMs(retryAfter, now);
    }
    return h;
}

std::optional<qint64> parseDurationMs(QByteArrayView text)
{
    const QByteArray s = text.toByteArray().trimmed();
    if (s.isEmpty())
        return std::nullopt;
    // A bare number: seconds.
    bool plain = false;
    const double seconds = s.toDouble(&plain);
    if (plain) {
        if (!std::isfinite(seconds) || seconds < 0)
            return std::nullopt;
        return static_cast<qint64>(std::ceil(seconds * 1000.0));
    }

    double totalMs = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        const qsizetype start = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
            ++i;
        if (i == start)
            return std::nullopt;
        bool ok = false;
        const double value = s.mid(start, i - start).toDouble(&ok);
        if (!ok)
            return std::nullopt;
        const qsizetype unitStart = i;
        while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.')
            ++i;
        const QByteArray unit = s.mid(unitStart, i - unitStart);
        double factor = 0;
        if (unit == "h")
            factor = 3600000.0;
        else if (unit == "m")
            factor = 60000.0;
        else if (unit == "s")
            factor = 1000.0;
        else if (unit == "ms")
            factor = 1.0;
        else if (unit == "us" || unit == "\xC2\xB5s")
            factor = 0.001;
        else if (unit == "ns")
            factor = 0.000001;
        else
            return std::nullopt;
        totalMs += value * factor;
    }
    if (!std::isfinite(totalMs))
        return std::nullopt;
    return static_cast<qint64>(std::ceil(totalMs - 1e-9));
}

std::optional<qint64> parseRetryAfterMs(QByteArrayView text, const QDateTime& now)
{
    const QByteArray s = text.toByteArray().trimmed();
    bool ok = false;
    const double seconds = s.toDouble(&ok);
    if (ok) {
        if (!std::isfinite(seconds) || seconds < 0)
            return std::nullopt;
        return static_cast<qint64>(std::ceil(seconds * 1000.0));
    }
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QString value = QString::fromLatin1(s);
    QDateTime when = QLocale::c().toDateTime(value, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        when = QDateTime::fromString(value, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    when.setTimeZone(QTimeZone::utc());
    return std::max<qint64>(0, now.msecsTo(when));
}

QByteArray formatDuration(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        return QByteArray::number(ms) + "ms";
    if (ms < 60000) {
        QByteArray s = QByteArray::number(static_cast<double>(ms) / 1000.0, 'f', 3);
        while (s.endsWith('0'))
            s.chop(1);
        if (s.endsWith('.'))
            s.chop(1);
        return s + 's';
    }
    const qint64 hours = ms / 3600000;
    const qint64 minutes = (ms % 3600000) / 60000;
    const qint64 restMs = ms % 60000;
    QByteArray seconds = QByteArray::number(static_cast<double>(restMs) / 1000.0, 'f', 3);
    while (seconds.endsWith('0'))
        seconds.chop(1);
    if (seconds.endsWith('.'))
        seconds.chop(1);
    QByteArray out;
    if (hours > 0)
        out += QByteArray::number(hours) + 'h';
    out += QByteArray::number(minutes) + 'm' + seconds + 's';
    return out;
}

} // namespace ec
