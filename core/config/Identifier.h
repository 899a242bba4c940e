#pragma once

#include <QString>

namespace ec {

/// True for a plain SQL identifier: a letter or underscore, then letters, digits or
/// underscores, at most 63 characters. Table and column names are only ever taken from
/// values that pass this check, so they can be put into SQL text safely.
bool isValidIdentifier(const QString& name);

/// Like isValidIdentifier(), but also accepts one `schema.` qualifier.
bool isValidQualifiedIdentifier(const QString& name);

} // namespace ec
