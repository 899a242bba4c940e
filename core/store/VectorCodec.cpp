#include "store/VectorCodec.h"

#include <QtEndian>

#include <charconv>
#include <cmath>
#include <cstring>

namespace ec {

namespace {

QString joined(const QVector<float>& vector, char open, char close)
{
    QByteArray out;
    out.reserve(vector.size() * 12 + 2);
    out.append(open);
    for (qsizetype i = 0; i < vector.size(); ++i) {
        if (i > 0)
            out.append(',');
        VectorCodec::appendFloat(out, vector[i]);
    }
    out.append(close);
    return QString::fromLatin1(out);
}

std::optional<QVector<float>> parseList(QStringView text, QChar open, QChar close, QString* error)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.size() < 2 || trimmed.front() != open || trimmed.back() != close) {
        if (error)
            *error = QStringLiteral("malformed stored vector: expected %1…%2").arg(open).arg(close);
        return std::nullopt;
    }
    const QByteArray body = trimmed.mid(1, trimmed.size() - 2).toLatin1();
    QVector<float> values;
    if (body.trimmed().isEmpty())
        return values;
    values.reserve(body.count(',') + 1);
    const char* p = body.constData();
    const char* end = p + body.size();
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '"'))
            ++p;
        float value = 0;
        const auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc()) {
            if (error)
                *error = QStringLiteral("malformed stored vector: bad number at position %1")
                             .arg(p - body.constData());
            return std::nullopt;
        }
        values.append(value);
        p = next;
        while (p < end && (*p == ' ' || *p == '"'))
            ++p;
        if (p < end) {
            if (*p != ',') {
                if (error)
                    *error = QStringLiteral("malformed stored vector: unexpected '%1'").arg(QLatin1Char(*p));
                return std::nullopt;
            }
            ++p;
        }
    }
    return values;
}

} // namespace

void VectorCodec::appendFloat(QByteArray& out, float value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

bool VectorCodec::allFinite(const QVector<float>& vector)
{
    for (float v : vector) {
        if (!std::isfinite(v))
            return false;
    }
    return true;
}

QString VectorCodec::toPgVectorText(const QVector<float>& vector)
{
    return joined(vector, '[', ']');
}

QString VectorCodec::toPgArrayText(const QVector<float>& vector)
{
    return joined(vector, '{', '}');
}

QByteArray VectorCodec::toBlob(const QVector<float>& vector)
{
    QByteArray bytes(vector.size() * qsizetype(sizeof(float)), Qt::Uninitialized);
    char* out = bytes.data();
    for (float v : vector) {
        quint32 bits;
        std::memcpy(&bits, &v, sizeof bits);
        qToLittleEndian(bits, out);
        out += sizeof bits;
    }
    return bytes;
}

std::optional<QVector<float>> VectorCodec::fromPgVectorText(QStringView text, QString* error)
{
    return parseList(text, QLatin1Char('['), QLatin1Char(']'), error);
}

std::optional<QVector<float>> VectorCodec::fromPgArrayText(QStringView text, QString* error)
{
    return parseList(text, QLatin1Char('{'), QLatin1Char('}'), error);
}

std::optional<QVector<float>> VectorCodec::fromBlob(const QByteArray& bytes, QString* error)
{
    if (bytes.size() % qsizetype(sizeof(float)) != 0) {
        if (error)
            *error =
                QStringLiteral("malformed stored vector: %1 bytes is not a whole number of float32 values")
                    .arg(bytes.size());
        return std::nullopt;
    }
    QVector<float> values(bytes.size() / qsizetype(sizeof(float)));
    const char* in = bytes.constData();
    for (float& v : values) {
        const quint32 bits = qFromLittleEndian<quint32>(in);
        std::memcpy(&v, &bits, sizeof v);
        in += sizeof bits;
    }
    return values;
}

QVariant VectorCodec::encode(const QVector<float>& vector, QString* error) const
{
    if (!allFinite(vector)) {
        if (error)
            *error = QStringLiteral("the vector holds NaN or infinity and cannot be stored");
        return QVariant();
    }
    switch (m_kind) {
    case VectorColumnKind::PgVector:
        return toPgVectorText(vector);
    case VectorColumnKind::PgRealArray:
        return toPgArrayText(vector);
    case VectorColumnKind::SqliteBlob:
        return toBlob(vector);
    }
    return QVariant();
}

std::optional<QVector<float>> VectorCodec::decode(const QVariant& stored, QString* error) const
{
    if (stored.isNull() || !stored.isValid()) {
        if (error)
            error->clear();
        return std::nullopt;
    }
    switch (m_kind) {
    case VectorColumnKind::PgVector:
        return fromPgVectorText(stored.toString(), error);
    case VectorColumnKind::PgRealArray:
        return fromPgArrayText(stored.toString(), error);
    case VectorColumnKind::SqliteBlob:
        return fromBlob(stored.toByteArray(), error);
    }
    return std::nullopt;
}

} // namespace ec
