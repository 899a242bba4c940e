#pragma once
// Converts one embedding vector to and from the form each kind of column stores:
//   PgVector    pgvector text        "[0.1,-2,3.5e-05]"      (bind to CAST(:v AS vector))
//   PgRealArray PostgreSQL array text "{0.1,-2,3.5e-05}"     (bind to CAST(:v AS real[]))
//   SqliteBlob  little-endian float32 bytes, 4 per value      (bind as it is)
// Numbers are written in the shortest form that reads back to the same float, so a vector
// survives encode → store → decode bit for bit.

#include "store/StoreTypes.h"

#include <QByteArray>
#include <QString>
#include <QVariant>
#include <QVector>

#include <optional>

namespace ec {

class VectorCodec
{
public:
    explicit VectorCodec(VectorColumnKind kind)
        : m_kind(kind)
    {}

    VectorColumnKind kind() const { return m_kind; }

    /// The value to bind for this kind (QString for PostgreSQL, QByteArray for SQLite).
    /// Non-finite values cannot be stored: returns an invalid QVariant and sets error.
    QVariant encode(const QVector<float>& vector, QString* error = nullptr) const;
    /// Reads a stored vector (as SqlDialect::vectorSelect() selects it); nullopt with a
    /// one-line error for malformed input. A NULL value decodes to nullopt without error.
    std::optional<QVector<float>> decode(const QVariant& stored, QString* error = nullptr) const;

    static QString toPgVectorText(const QVector<float>& vector);
    static QString toPgArrayText(const QVector<float>& vector);
    static QByteArray toBlob(const QVector<float>& vector);
    static std::optional<QVector<float>> fromPgVectorText(QStringView text, QString* error = nullptr);
    static std::optional<QVector<float>> fromPgArrayText(QStringView text, QString* error = nullptr);
    static std::optional<QVector<float>> fromBlob(const QByteArray& bytes, QString* error = nullptr);

    /// Appends the shortest round-trip decimal form of value to out.
    static void appendFloat(QByteArray& out, float value);
    static bool allFinite(const QVector<float>& vector);

private:
    VectorColumnKind m_kind;
};

} // namespace ec
