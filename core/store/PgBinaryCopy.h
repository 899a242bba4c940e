#pragma once
// The PostgreSQL binary COPY format (COPY … FROM STDIN WITH (FORMAT binary)) of the rows the
// vector writer stages, built in one buffer. Internal to PgVectorWriter.

#include "store/StoreTypes.h"

#include <QByteArray>
#include <QVector>
#include <QtEndian>

#include <cstring>

namespace ec {

/// The type oid of float4, the element type of a staged real[].
constexpr quint32 kFloat4Oid = 700;

/// Appends the PostgreSQL binary COPY encoding of the rows: header, one tuple of
/// (item_id text, vec real[], content_hash text, tokens int4, truncated bool) per row, trailer.
class BinaryCopyBuffer
{
public:
    explicit BinaryCopyBuffer(qsizetype reserveBytes)
    {
        m_data.reserve(reserveBytes);
        static const char signature[] = "PGCOPY\n\377\r\n";
        m_data.append(signature, 11); // 11 bytes, the terminating NUL included
        appendInt32(0);               // flags
        appendInt32(0);               // header extension length
    }

    void appendRow(const VectorWrite& row, bool withState)
    {
        appendInt16(withState ? 5 : 2);
        const QByteArray id = row.itemId.toUtf8();
        appendInt32(qint32(id.size()));
        m_data.append(id);

        const qsizetype n = row.vector.size();
        appendInt32(qint32(20 + n * 8)); // array header + (length + float4) per element
        appendInt32(1);                  // ndim
        appendInt32(0);                  // has nulls
        appendInt32(qint32(kFloat4Oid)); // element type
        appendInt32(qint32(n));          // dimension size
        appendInt32(1);                  // lower bound
        const qsizetype start = m_data.size();
        m_data.resize(start + n * 8);
        char* out = m_data.data() + start;
        for (const float value : row.vector) {
            quint32 bits;
            std::memcpy(&bits, &value, sizeof bits);
            qToBigEndian<qint32>(4, out);
            qToBigEndian<quint32>(bits, out + 4);
            out += 8;
        }
        if (!withState)
            return;
        appendInt32(qint32(row.contentHash.size()));
        m_data.append(row.contentHash);
        appendInt32(4);
        appendInt32(row.tokens);
        appendInt32(1);
        m_data.append(row.truncated ? '\1' : '\0');
    }

    const QByteArray& finish()
    {
        appendInt16(-1);
        return m_data;
    }

private:
    void appendInt32(qint32 value)
    {
        char bytes[4];
        qToBigEndian(value, bytes);
        m_data.append(bytes, 4);
    }
    void appendInt16(qint16 value)
    {
        char bytes[2];
        qToBigEndian(value, bytes);
        m_data.append(bytes, 2);
    }

    QByteArray m_data;
};

} // namespace ec
