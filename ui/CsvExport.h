#pragma once
// CSV as RFC 4180 writes it, for the console's "Export CSV…" buttons: fields separated by
// commas, records ended by CRLF, a field holding a comma, a double quote, CR or LF enclosed in
// double quotes with its quotes doubled; every other field as it is. The file is UTF-8 without
// a byte-order mark, its first record the header. Texts are written verbatim (no trimming, no
// escaping of leading "=", "+", "-" or "@": what the API said is what the file says).

#include <QString>
#include <QStringList>
#include <QVector>

namespace ec::ui::csv {

/// One field, quoted when it must be.
QString field(const QString& value);
/// One record: the fields, quoted as needed, joined by commas and ended by CRLF.
QString record(const QStringList& fields);
/// Writes header and rows to path, replacing it only once everything is written (QSaveFile).
/// False with a one-line reason in error.
bool write(const QString& path, const QStringList& header, const QVector<QStringList>& rows,
           QString* error = nullptr);
/// Reads RFC 4180 text back into records (quoted fields may hold commas, quotes and line
/// breaks; CRLF and LF both end a record). For checks and round trips.
QVector<QStringList> parse(const QString& text);

} // namespace ec::ui::csv
