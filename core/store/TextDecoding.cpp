#include "store/TextDecoding.h"

#include "store/StoreTypes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ec {

qsizetype firstInvalidUtf8(const QByteArray& data)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.constData());
    const qsizetype size = data.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        int length = 0;
        unsigned int min = 0;
        unsigned int code = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2, min = 0x80, code = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3, min = 0x800, code = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4, min = 0x10000, code = lead & 0x07;
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        for (int k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return i;
            code = (code << 6) | (bytes[i + k] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

QString readText(const QVariant& value, const QString& column, QString* unreadable)
{
    if (value.isNull() || value.typeId() != QMetaType::QByteArray)
        return value.toString();
    const QByteArray bytes = value.toByteArray();
    const qsizetype bad = firstInvalidUtf8(bytes);
    if (bad < 0)
        return QString::fromUtf8(bytes);
    if (unreadable->isEmpty())
        *unreadable = QStringLiteral("%1 is not valid UTF-8 (byte 0x%2 at offset %3)")
                          .arg(column)
                          .arg(uint(static_cast<unsigned char>(bytes.at(bad))), 2, 16, QLatin1Char('0'))
                          .arg(bad);
    return QString();
}

QStringList decodeTags(const QVariant& value, TagsKind kind)
{
    if (value.isNull() || !value.isValid())
        return {};
    const QString text = value.toString();
    if (text.trimmed().isEmpty())
        return {};
    if (kind == TagsKind::TextArray || kind == TagsKind::Json) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        if (parseError.error == QJsonParseError::NoError && doc.isArray()) {
            QStringList tags;
            for (const QJsonValue& element : doc.array()) {
                if (element.isString())
                    tags << element.toString();
                else if (!element.isNull())
                    tags << element.toVariant().toString();
            }
            return tags;
        }
        // A JSON string or anything else: used as one tag.
        const QJsonDocument wrapped =
            QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"));
        if (wrapped.isArray() && wrapped.array().size() == 1 && wrapped.array().at(0).isString())
            return {wrapped.array().at(0).toString()};
    }
    return {text};
}

} // namespace ec
