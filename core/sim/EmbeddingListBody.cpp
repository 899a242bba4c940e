#include "sim/EmbeddingListBody.h"

#include "api/RequestBuilder.h"

#include <QSysInfo>
#include <QtEndian>

#include <charconv>
#include <cmath>
#include <cstring>

namespace ec {

namespace {

void appendFloat(QByteArray& out, float value)
{
    if (std::isnan(value)) {
        out += "NaN"; // not JSON: the client has to refuse it
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

QByteArray base64Floats(const QVector<float>& vector)
{
    if (vector.isEmpty())
        return {};
    QByteArray bytes(vector.size() * 4, Qt::Uninitialized);
    if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
        std::memcpy(bytes.data(), vector.constData(), static_cast<size_t>(bytes.size()));
    } else {
        for (qsizetype i = 0; i < vector.size(); ++i) {
            quint32 bits;
            std::memcpy(&bits, &vector[i], 4);
            qToLittleEndian(bits, bytes.data() + i * 4);
        }
    }
    return bytes.toBase64();
}

} // namespace

QByteArray embeddingListBody(const QVector<QVector<float>>& vectors, const QVector<EmbeddingSlot>& slots,
                             const QString& model, qint64 tokens, bool base64)
{
    const qsizetype dimensions = vectors.isEmpty() ? 0 : vectors.first().size();
    QByteArray body;
    body.reserve(64 + slots.size() * (base64 ? dimensions * 4 / 3 + 64 : dimensions * 12 + 64));
    body += "{\"object\":\"list\",\"data\":[";
    for (qsizetype slot = 0; slot < slots.size(); ++slot) {
        const QVector<float>& vector = vectors[slots[slot].vector];
        if (slot > 0)
            body += ',';
        body += "{\"object\":\"embedding\",\"index\":" + QByteArray::number(slots[slot].index) +
                ",\"embedding\":";
        if (base64) {
            body += '"' + base64Floats(vector) + '"';
        } else {
            body += '[';
            for (qsizetype j = 0; j < vector.size(); ++j) {
                if (j > 0)
                    body += ',';
                appendFloat(body, vector[j]);
            }
            body += ']';
        }
        body += '}';
    }
    body += "],\"model\":";
    RequestBuilder::appendJsonString(body, model.toUtf8());
    body += ",\"usage\":{\"prompt_tokens\":" + QByteArray::number(tokens) +
            ",\"total_tokens\":" + QByteArray::number(tokens) + "}}\n";
    return body;
}

QVector<EmbeddingSlot> inOrder(qsizetype count)
{
    QVector<EmbeddingSlot> slots(count);
    for (qsizetype i = 0; i < count; ++i)
        slots[i] = {i, i};
    return slots;
}

} // namespace ec
