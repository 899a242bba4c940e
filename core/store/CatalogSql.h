#pragma once
// The pieces of SQL the queries on the operator's table share (ItemStore), spelled for one
// backend: its columns under the alias t, and the conditions that make an item missing, of
// another model, outdated or pending. Identifiers come validated from TableSpec; values are
// bound (:model).

#include "config/AppConfig.h"
#include "store/SqlDialect.h"
#include "store/StoreTypes.h"

#include <QString>

namespace ec {

/// The pieces of SQL every query on the operator's table shares, spelled for one backend.
class CatalogSql
{
public:
    CatalogSql(const SqlDialect& sql, const TableSpec& spec, const CatalogSchema& schema)
        : m_sql(sql)
        , m_spec(spec)
        , m_schema(schema)
    {}

    QString col(const QString& name) const { return QStringLiteral("t.") + m_sql.name(name); }
    QString id() const { return col(m_spec.idColumn); }
    QString idText() const { return m_sql.idAsText(id()); }
    QString embedding() const { return col(m_spec.embeddingColumn); }
    QString from() const { return m_sql.table(m_spec.table) + QStringLiteral(" t"); }

    QString missing() const { return embedding() + QStringLiteral(" IS NULL"); }
    /// A vector of another model or dimension count (true only for rows with a vector).
    QString otherModel(int dimensions) const
    {
        const QString distinct =
            m_schema.postgres ? QStringLiteral(" IS DISTINCT FROM ") : QStringLiteral(" IS NOT ");
        QString expr = QStringLiteral("(") + embedding() + QStringLiteral(" IS NOT NULL AND (") +
                       col(m_spec.modelColumn) + distinct + QStringLiteral(":model");
        if (dimensions > 0)
            expr += QStringLiteral(" OR ") +
                    m_sql.vectorDimensions(embedding(), m_schema.vectorKind, dimensions, m_spec.table,
                                           m_spec.embeddingColumn) +
                    QStringLiteral(" <> ") + QString::number(dimensions);
        return expr + QStringLiteral("))");
    }
    QString outdated() const
    {
        const QString embeddedAt = col(m_spec.embeddedAtColumn);
        return QStringLiteral("(%1 IS NULL OR %2 < %3)")
            .arg(embeddedAt, m_sql.comparableTimestamp(embeddedAt),
                 m_sql.comparableTimestamp(col(m_spec.updatedAtColumn)));
    }
    QString pending(int dimensions) const
    {
        return QStringLiteral("(%1 OR %2 OR %3)").arg(missing(), otherModel(dimensions), outdated());
    }
    /// 0 missing, 2 other model, 1 outdated, -1 current (matches PendingReason + the extra -1).
    QString reason(int dimensions) const
    {
        return QStringLiteral("CASE WHEN %1 THEN 0 WHEN %2 THEN 2 WHEN %3 THEN 1 ELSE -1 END")
            .arg(missing(), otherModel(dimensions), outdated());
    }
    /// A text column as pages read it: as bytes where the database does not check its text
    /// (SQLite; PostgreSQL with SQL_ASCII), so that decoding happens in C++ (readText()) and
    /// an undecodable value fails its row, never the query.
    QString text(const QString& expr) const
    {
        if (!m_schema.postgres)
            return QStringLiteral("CAST(%1 AS BLOB)").arg(expr);
        if (m_schema.uncheckedText)
            return QStringLiteral("convert_to(%1, 'SQL_ASCII')").arg(expr);
        return expr;
    }
    QString tags() const
    {
        const QString tags = col(m_spec.tagsColumn);
        if (!m_schema.postgres)
            return text(tags);
        switch (m_schema.tagsKind) {
        case TagsKind::TextArray:
            return text(QStringLiteral("CAST(array_to_json(%1) AS text)").arg(tags));
        case TagsKind::Json:
        case TagsKind::PlainText:
            return text(QStringLiteral("CAST(%1 AS text)").arg(tags));
        case TagsKind::Absent:
            break;
        }
        return QStringLiteral("NULL");
    }
    /// The hash of the item's current vector, when that vector is of the given model/dims.
    QString embeddedHash(int dimensions) const
    {
        QString when = embedding() + QStringLiteral(" IS NOT NULL AND ") + col(m_spec.modelColumn) +
                       QStringLiteral(" = :model AND s.model = :model");
        if (dimensions > 0)
            when += QStringLiteral(" AND s.dimensions = ") + QString::number(dimensions) +
                    QStringLiteral(" AND ") +
                    m_sql.vectorDimensions(embedding(), m_schema.vectorKind, dimensions, m_spec.table,
                                           m_spec.embeddingColumn) +
                    QStringLiteral(" = ") + QString::number(dimensions);
        return QStringLiteral("CASE WHEN %1 THEN s.content_hash END").arg(when);
    }

private:
    const SqlDialect& m_sql;
    const TableSpec& m_spec;
    const CatalogSchema& m_schema;
};

} // namespace ec
