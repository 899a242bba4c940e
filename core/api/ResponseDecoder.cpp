#include "api/ResponseDecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <array>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace ec {

namespace {

bool fail(QString* why, const QString& reason)
{
    if (why)
        *why = reason;
    return false;
}

/// Strict RFC 4648 base64 of little-endian float32, decoded straight into the float buffer
/// (QByteArray::fromBase64Encoding is several times slower; this runs for every vector).
/// Works on bytes and on UTF-16 (the QJsonValue string), so no conversion is needed.
template <typename Char> bool decodeBase64FloatsImpl(const Char* s, qsizetype n, QVector<float>* out)
{
    static constexpr auto kTable = [] {
        std::array<qint8, 256> table{};
        table.fill(-1);
        const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i)
            table[static_cast<unsigned char>(alphabet[i])] = static_cast<qint8>(i);
        return table;
    }();
    auto value = [&](qsizetype i) -> int {
        const auto ch = static_cast<std::make_unsigned_t<Char>>(s[i]);
        return ch < 256 ? kTable[ch] : -1;
    };
    if (n % 4 != 0)
        return false;
    qsizetype padding = 0;
    if (n > 0 && s[n - 1] == '=')
        ++padding;
    if (n > 1 && s[n - 2] == '=')
        ++padding;
    const qsizetype byteCount = n / 4 * 3 - padding;
    if (byteCount % 4 != 0)
        return false;
    out->resize(byteCount / 4);
    if (byteCount == 0)
        return true;
    auto* dst = reinterpret_cast<unsigned char*>(out->data());
    qsizetype o = 0;
    for (qsizetype i = 0; i < n; i += 4) {
        const int a = value(i);
        const int b = value(i + 1);
        const bool last = i + 4 == n;
        const int c = (last && padding >= 2) ? 0 : value(i + 2);
        const int d = (last && padding >= 1) ? 0 : value(i + 3);
        if ((a | b | c | d) < 0)
            return false;
        const quint32 triple = (quint32(a) << 18) | (quint32(b) << 12) | (quint32(c) << 6) | quint32(d);
        dst[o++] = static_cast<unsigned char>(triple >> 16);
        if (o < byteCount)
            dst[o++] = static_cast<unsigned char>(triple >> 8);
        if (o < byteCount)
            dst[o++] = static_cast<unsigned char>(triple);
    }
    if constexpr (QSysInfo::ByteOrder != QSysInfo::LittleEndian) {
        for (float& f : *out) {
            quint32 bits;
            std::memcpy(&bits, &f, 4);
            bits = qFromLittleEndian(bits);
            std::memcpy(&f, &bits, 4);
        }
    }
    return true;
}

} // namespace

bool ResponseDecoder::decodeBase64Floats(QByteArrayView base64, QVector<float>* out)
{
    return decodeBase64FloatsImpl(base64.data(), base64.size(), out);
}

bool ResponseDecoder::decode(const QByteArray& body, int inputCount, DecodedEmbeddings* out,
                             QString* why) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(why, QStringLiteral("malformed JSON at offset %1: %2")
                             .arg(parseError.offset)
                             .arg(parseError.errorString()));
    if (!doc.isObject())
        return fail(why, QStringLiteral("the response is not a JSON object"));
    const QJsonObject root = doc.object();
    const QJsonValue dataValue = root.value(QLatin1String("data"));
    if (!dataValue.isArray())
        return fail(why, QStringLiteral("the response has no \"data\" array"));
    const QJsonArray data = dataValue.toArray();
    if (data.size() != inputCount)
        return fail(why, QStringLiteral("expected %1 embeddings, got %2").arg(inputCount).arg(data.size()));

    QVector<QVector<float>> vectors(inputCount);
    QVector<bool> seen(inputCount, false);
    int dimensions = m_expectedDimensions;
    for (qsizetype k = 0; k < data.size(); ++k) {
        const QJsonObject item = data.at(k).toObject();
        const QJsonValue indexValue = item.value(QLatin1String("index"));
        qint64 index = 0;
        if (indexValue.isDouble()) {
            const double d = indexValue.toDouble();
            if (d != std::floor(d))
                return fail(why, QStringLiteral("embedding %1 has a fractional index").arg(k));
            index = static_cast<qint64>(d);
        } else if (!(indexValue.isUndefined() && inputCount == 1)) {
            return fail(why, QStringLiteral("embedding %1 has no index").arg(k));
        }
        if (index < 0 || index >= inputCount)
            return fail(why,
                        QStringLiteral("index %1 out of range for %2 inputs").arg(index).arg(inputCount));
        if (seen[index])
            return fail(why, QStringLiteral("index %1 appears more than once").arg(index));
        seen[index] = true;

        const QJsonValue embedding = item.value(QLatin1String("embedding"));
        QVector<float>& vector = vectors[index];
        if (embedding.isString()) {
            const QString text = embedding.toString();
            if (!decodeBase64FloatsImpl(text.utf16(), text.size(), &vector))
                return fail(why, QStringLiteral("embedding %1 is not base64 float32").arg(index));
        } else if (embedding.isArray()) {
            const QJsonArray values = embedding.toArray();
            vector.resize(values.size());
            for (qsizetype j = 0; j < values.size(); ++j) {
                const QJsonValue v = values.at(j);
                if (!v.isDouble())
                    return fail(why, QStringLiteral("embedding %1 holds a non-number").arg(index));
                vector[j] = static_cast<float>(v.toDouble());
            }
        } else {
            return fail(why, QStringLiteral("embedding %1 is neither base64 nor an array").arg(index));
        }

        if (dimensions <= 0)
            dimensions = static_cast<int>(vector.size());
        if (vector.size() != dimensions || dimensions == 0)
            return fail(why, QStringLiteral("embedding %1 has %2 dimensions, expected %3")
                                 .arg(index)
                                 .arg(vector.size())
                                 .arg(dimensions));
        for (qsizetype j = 0; j < vector.size(); ++j) {
            if (!std::isfinite(vector[j]))
                return fail(why,
                            QStringLiteral("embedding %1 holds a non-finite value at %2").arg(index).arg(j));
        }
    }
    // data.size() == inputCount and no index repeats, so every index is present.

    if (out) {
        out->vectors = std::move(vectors);
        const QJsonValue usage = root.value(QLatin1String("usage"));
        out->promptTokens =
            usage.isObject() && usage.toObject().value(QLatin1String("prompt_tokens")).isDouble()
                ? static_cast<qint64>(usage.toObject().value(QLatin1String("prompt_tokens")).toDouble())
                : -1;
        out->model = root.value(QLatin1String("model")).toString();
    }
    return true;
}

} // namespace ec
