#pragma once
// Text read from the operator's table as bytes, decoded strictly: a value that is not UTF-8
// fails its own row with a reason, never the page it is on.

#include "store/StoreTypes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace ec {

/// The byte offset of the first byte of data that is not part of well-formed UTF-8 (no
/// overlong forms, no surrogates, nothing above U+10FFFF); -1 when all of it is.
qsizetype firstInvalidUtf8(const QByteArray& data);

/// A text value as a page selected it (CatalogSql::text()): a QString as it is, bytes decoded
/// as strict UTF-8. For bytes that are not UTF-8, an empty string and the reason (set only if
/// unreadable is still empty), naming the column and the first bad byte.
QString readText(const QVariant& value, const QString& column, QString* unreadable);

/// Decodes the tags column's value (as ItemStore selects it) into a list.
QStringList decodeTags(const QVariant& value, TagsKind kind);

} // namespace ec
