#pragma once
// How the console writes numbers, money, rates and durations, in the current UI language
// (QLocale::setDefault is set by UiLanguage).

#include <QDateTime>
#include <QString>

namespace ec::ui::format {

/// 12,345 (grouped in the current locale).
QString count(qint64 value);
/// 42.5%
QString percent(double value, int decimals = 1);
/// $0.0123: more decimals for small amounts so that a cent-fraction is never shown as $0.00.
QString usd(double value);
/// ₩1,235 (rounded to the won).
QString krw(double value);
/// "$0.0123 · ₩16"
QString money(double usd, double krwPerUsd);
/// 1,234.5/s
QString perSecond(double value);
/// "1h 02m", "3m 05s", "12s"; an em dash for a negative (unknown) duration.
QString duration(double seconds);
/// 123.4 MB
QString bytes(qint64 value);
/// Local date and time, yyyy-MM-dd HH:mm:ss; an em dash when invalid.
QString dateTime(const QDateTime& value);
/// 120 ms
QString milliseconds(double value);

// One vocabulary for an item's failure, in every view (log, failures, detail, summary).
/// Where it failed: "HTTP 429", or "Network" when no HTTP answer came, or "Skipped" for an
/// item the console did not send (empty, too long, unreadable).
QString failureKind(int httpStatus, const QString& code);
/// What went wrong: the console's own reasons (empty_text, too_long, unreadable_row, …) in the
/// UI language; the API's and the network's messages verbatim.
QString failureReason(const QString& code, const QString& message);
/// "HTTP 400 · invalid_request_error · the API's message" / "Network · network_error · Host … not found".
QString failureLine(int httpStatus, const QString& code, const QString& message);

} // namespace ec::ui::format
