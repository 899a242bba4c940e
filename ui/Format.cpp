#include "Format.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace ec::ui::format {

QString count(qint64 value)
{
    return QLocale().toString(value);
}

QString percent(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals) + QLatin1Char('%');
}

QString usd(double value)
{
    const double magnitude = std::fabs(value);
    const int decimals = magnitude == 0 ? 2 : magnitude < 0.01 ? 5 : magnitude < 1 ? 4 : 2;
    return QLatin1Char('$') + QLocale().toString(value, 'f', decimals);
}

QString krw(double value)
{
    return QStringLiteral("₩") + QLocale().toString(qint64(std::llround(value)));
}

QString money(double usdValue, double krwPerUsd)
{
    return usd(usdValue) + QStringLiteral(" · ") + krw(usdValue * krwPerUsd);
}

QString perSecond(double value)
{
    return QCoreApplication::translate("ec::ui::Format", "%1/s")
        .arg(QLocale().toString(value, 'f', value < 10 ? 1 : 0));
}

QString duration(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return QStringLiteral("—");
    const qint64 total = qint64(std::llround(seconds));
    const qint64 h = total / 3600;
    const qint64 m = (total % 3600) / 60;
    const qint64 s = total % 60;
    const auto two = [](qint64 v) {
        return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0'));
    };
    if (h > 0)
        return QCoreApplication::translate("ec::ui::Format", "%1h %2m").arg(h).arg(two(m));
    if (m > 0)
        return QCoreApplication::translate("ec::ui::Format", "%1m %2s").arg(m).arg(two(s));
    return QCoreApplication::translate("ec::ui::Format", "%1s").arg(s);
}

QString bytes(qint64 value)
{
    const double mb = double(value) / (1024.0 * 1024.0);
    if (mb >= 1024)
        return QLocale().toString(mb / 1024.0, 'f', 2) + QStringLiteral(" GB");
    return QLocale().toString(mb, 'f', 1) + QStringLiteral(" MB");
}

QString dateTime(const QDateTime& value)
{
    if (!value.isValid())
        return QStringLiteral("—");
    return value.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString milliseconds(double value)
{
    return QCoreApplication::translate("ec::ui::Format", "%1 ms")
        .arg(QLocale().toString(value, 'f', value < 10 ? 1 : 0));
}

namespace {
bool isOwnReason(const QString& code)
{
    return code == QLatin1String("empty_text") || code == QLatin1String("too_long") ||
           code == QLatin1String("tokenizer_unavailable") || code == QLatin1String("unreadable_row");
}
} // namespace

QString failureKind(int httpStatus, const QString& code)
{
    if (httpStatus > 0)
        return QStringLiteral("HTTP %1").arg(httpStatus);
    if (isOwnReason(code))
        return QCoreApplication::translate("ec::ui::Format", "Skipped");
    return QCoreApplication::translate("ec::ui::Format", "Network");
}

QString failureReason(const QString& code, const QString& message)
{
    if (code == QLatin1String("empty_text"))
        return QCoreApplication::translate("ec::ui::Format", "empty text: nothing to embed");
    if (code == QLatin1String("too_long"))
        return QCoreApplication::translate("ec::ui::Format",
                                           "text over the model's token limit per input (%1)")
            .arg(message);
    if (code == QLatin1String("tokenizer_unavailable"))
        return QCoreApplication::translate("ec::ui::Format", "the tokenizer is unavailable (%1)")
            .arg(message);
    if (code == QLatin1String("unreadable_row"))
        return QCoreApplication::translate("ec::ui::Format", "the row cannot be read as text (%1)")
            .arg(message);
    return message;
}

QString failureLine(int httpStatus, const QString& code, const QString& message)
{
    QStringList parts{failureKind(httpStatus, code)};
    if (!code.isEmpty() && !isOwnReason(code))
        parts << code;
    parts << failureReason(code, message).section(QLatin1Char('\n'), 0, 0);
    return parts.join(QStringLiteral(" · "));
}

} // namespace ec::ui::format
