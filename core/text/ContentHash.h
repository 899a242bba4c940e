#pragma once
// The fingerprint of what an item's vector was made from, so an unchanged item is never
// embedded twice.

#include <QByteArray>
#include <QString>

namespace ec {

class ContentHash
{
public:
    /// Lowercase hex SHA-256 (64 characters) of the bytes
    ///
    ///     utf8Text  0x00  model (UTF-8)  0x00  dimensions (decimal ASCII, e.g. "1536")
    ///
    /// utf8Text is the exact text sent to the API (after truncation); dimensions is the
    /// vector length the request asks for (EmbeddingSettings::effectiveDimensions(), 0 when
    /// unknown). The NUL separators keep ("ab", "c") and ("a", "bc") apart.
    static QByteArray of(const QByteArray& utf8Text, const QString& model, int dimensions);
};

} // namespace ec
