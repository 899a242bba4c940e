#include "store/SchemaInspector.h"

#include "config/Identifier.h"
#include "store/Database.h"
#include "store/SqlDialect.h"

#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

namespace {

/// One column as the catalog describes it.
struct ColumnInfo
{
    QString type;     ///< PostgreSQL: format_type(); SQLite: declared type
    QString typeName; ///< PostgreSQL: pg_type.typname (e.g. vector, _float4, uuid)
    int typmod = -1;
};

using Columns = QHash<QString, ColumnInfo>; // keyed by lower-case name

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

std::optional<Columns> postgresColumns(QSqlDatabase& db, const QString& table, QString* error)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, a.atttypmod "
                       "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                       "WHERE a.attrelid = to_regclass(:table) AND a.attnum > 0 AND NOT a.attisdropped"));
    query.bindValue(QStringLiteral(":table"), SqlDialect(true).table(table));
    if (!query.exec()) {
        fail(error, QStringLiteral("cannot read the columns of table %1: %2")
                        .arg(table, firstLine(query.lastError().databaseText())));
        return std::nullopt;
    }
    Columns columns;
    while (query.next())
        columns.insert(query.value(0).toString().toLower(),
                       {query.value(1).toString(), query.value(2).toString(), query.value(3).toInt()});
    return columns;
}

std::optional<Columns> sqliteColumns(QSqlDatabase& db, const QString& table, QString* error)
{
    const QStringList parts = table.split(QLatin1Char('.'));
    const QString schema = parts.size() == 2 ? parts.first() : QStringLiteral("main");
    const QString name = parts.last();
    QSqlQuery query(db);
    // table_info is a pragma function: the names are bound, not spliced.
    query.prepare(QStringLiteral("SELECT name, type FROM pragma_table_info(:table, :schema)"));
    query.bindValue(QStringLiteral(":table"), name);
    query.bindValue(QStringLiteral(":schema"), schema);
    if (!query.exec()) {
        fail(error, QStringLiteral("cannot read the columns of table %1: %2")
                        .arg(table, firstLine(query.lastError().databaseText())));
        return std::nullopt;
    }
    Columns columns;
    while (query.next()) {
        const QString type = query.value(1).toString().trimmed();
        columns.insert(query.value(0).toString().toLower(), {type, type.toLower(), -1});
    }
    return columns;
}

bool isPgText(const QString& typeName)
{
    return typeName == QLatin1String("text") || typeName == QLatin1String("varchar") ||
           typeName == QLatin1String("bpchar") || typeName == QLatin1String("name") ||
           typeName == QLatin1String("citext");
}

bool isPgTimestamp(const QString& typeName)
{
    return typeName == QLatin1String("timestamptz") || typeName == QLatin1String("timestamp") ||
           typeName == QLatin1String("date");
}

QString wrongType(const QString& table, const QString& column, const QString& type, const QString& expected)
{
    return QStringLiteral("column %1.%2 has type %3; expected %4")
        .arg(table, column, type.isEmpty() ? QStringLiteral("(none)") : type, expected);
}

/// SQLite tags stored as TEXT: JSON arrays when the values that are there look like them.
TagsKind sqliteTagsKind(QSqlDatabase& db, const TableSpec& spec)
{
    const SqlDialect sql(false);
    QSqlQuery query(db);
    const QString column = sql.name(spec.tagsColumn);
    if (!query.exec(QStringLiteral("SELECT %1 FROM %2 WHERE %1 IS NOT NULL AND %1 <> '' LIMIT 50")
                        .arg(column, sql.table(spec.table))))
        return TagsKind::Json;
    while (query.next()) {
        const QByteArray value = query.value(0).toString().toUtf8().trimmed();
        if (!value.startsWith('[') || !QJsonDocument::fromJson(value).isArray())
            return TagsKind::PlainText;
    }
    return TagsKind::Json;
}

} // namespace

bool SchemaInspector::tableExists(QSqlDatabase& db, bool postgres, const QString& table, QString* error)
{
    QSqlQuery query(db);
    if (postgres) {
        query.prepare(QStringLiteral("SELECT to_regclass(:table) IS NOT NULL"));
        query.bindValue(QStringLiteral(":table"), SqlDialect(true).table(table));
    } else {
        const QStringList parts = table.split(QLatin1Char('.'));
        const QString schema = parts.size() == 2 ? parts.first() : QStringLiteral("main");
        if (!isValidIdentifier(schema))
            return fail(error, QStringLiteral("invalid table name \"%1\"").arg(table));
        query.prepare(
            QStringLiteral("SELECT count(*) > 0 FROM %1.sqlite_master WHERE type IN ('table','view') "
                           "AND lower(name) = lower(:name)")
                .arg(SqlDialect(false).name(schema)));
        query.bindValue(QStringLiteral(":name"), parts.last());
    }
    if (!query.exec() || !query.next()) {
        fail(error, QStringLiteral("cannot look up table %1: %2")
                        .arg(table, firstLine(query.lastError().databaseText())));
        return false;
    }
    if (error)
        error->clear();
    return query.value(0).toBool();
}

std::optional<CatalogSchema> SchemaInspector::inspect(QSqlDatabase& db, bool postgres, const TableSpec& spec,
                                                      const QString& serverVersion, QString* error)
{
    if (!spec.validate(error))
        return std::nullopt;
    QString lookupError;
    if (!tableExists(db, postgres, spec.table, &lookupError)) {
        fail(error, lookupError.isEmpty()
                        ? QStringLiteral("table %1 does not exist in %2")
                              .arg(spec.table, postgres ? QStringLiteral("the database")
                                                        : QStringLiteral("the SQLite catalog"))
                        : lookupError);
        return std::nullopt;
    }
    const auto columns =
        postgres ? postgresColumns(db, spec.table, error) : sqliteColumns(db, spec.table, error);
    if (!columns)
        return std::nullopt;

    const std::pair<const char*, const QString*> required[] = {
        {"id", &spec.idColumn},
        {"title", &spec.titleColumn},
        {"summary", &spec.summaryColumn},
        {"tags", &spec.tagsColumn},
        {"embedding", &spec.embeddingColumn},
        {"embedding model", &spec.modelColumn},
        {"embedded-at", &spec.embeddedAtColumn},
        {"updated-at", &spec.updatedAtColumn},
    };
    for (const auto& [role, column] : required) {
        if (!columns->contains(column->toLower())) {
            fail(error, QStringLiteral("table %1 has no column %2 (the %3 column; set it with --%4-column)")
                            .arg(spec.table, *column, QLatin1String(role),
                                 QString::fromLatin1(role).replace(QLatin1Char(' '), QLatin1Char('-'))));
            return std::nullopt;
        }
    }
    auto column = [&](const QString& name) {
        return columns->value(name.toLower());
    };

    CatalogSchema schema;
    schema.postgres = postgres;
    schema.serverVersion = serverVersion;
    schema.pglite = serverVersion.contains(QLatin1String("PGlite"));
    if (postgres) {
        QSqlQuery encoding(db);
        schema.uncheckedText = encoding.exec(QStringLiteral("SELECT current_setting('server_encoding')")) &&
                               encoding.next() && encoding.value(0).toString() == QLatin1String("SQL_ASCII");
    }

    const ColumnInfo embedding = column(spec.embeddingColumn);
    const ColumnInfo id = column(spec.idColumn);
    const ColumnInfo tags = column(spec.tagsColumn);
    schema.embeddingType = embedding.type;

    if (postgres) {
        if (embedding.typeName == QLatin1String("vector")) {
            schema.vectorKind = VectorColumnKind::PgVector;
            schema.declaredDimensions = embedding.typmod > 0 ? embedding.typmod : 0;
        } else if (embedding.typeName == QLatin1String("_float4") ||
                   embedding.typeName == QLatin1String("_float8")) {
            schema.vectorKind = VectorColumnKind::PgRealArray;
        } else {
            fail(error, wrongType(spec.table, spec.embeddingColumn, embedding.type,
                                  QStringLiteral("vector(N), real[] or float4[]")));
            return std::nullopt;
        }

        if (isPgText(id.typeName))
            schema.idKind = IdKind::Text;
        else if (id.typeName == QLatin1String("uuid"))
            schema.idKind = IdKind::Uuid;
        else if (id.typeName == QLatin1String("int8") || id.typeName == QLatin1String("int4") ||
                 id.typeName == QLatin1String("int2"))
            schema.idKind = IdKind::BigInt;
        else {
            fail(error, wrongType(spec.table, spec.idColumn, id.type,
                                  QStringLiteral("text, varchar, uuid, bigint or integer")));
            return std::nullopt;
        }

        if (tags.typeName == QLatin1String("_text") || tags.typeName == QLatin1String("_varchar"))
            schema.tagsKind = TagsKind::TextArray;
        else if (tags.typeName == QLatin1String("json") || tags.typeName == QLatin1String("jsonb"))
            schema.tagsKind = TagsKind::Json;
        else if (isPgText(tags.typeName))
            schema.tagsKind = TagsKind::PlainText;
        else {
            fail(error, wrongType(spec.table, spec.tagsColumn, tags.type,
                                  QStringLiteral("text[], json, jsonb or text")));
            return std::nullopt;
        }

        for (const QString* name : {&spec.titleColumn, &spec.summaryColumn, &spec.modelColumn}) {
            const ColumnInfo info = column(*name);
            if (!isPgText(info.typeName)) {
                fail(error, wrongType(spec.table, *name, info.type, QStringLiteral("text or varchar")));
                return std::nullopt;
            }
        }
        for (const QString* name : {&spec.embeddedAtColumn, &spec.updatedAtColumn}) {
            const ColumnInfo info = column(*name);
            if (!isPgTimestamp(info.typeName)) {
                fail(error,
                     wrongType(spec.table, *name, info.type, QStringLiteral("timestamptz or timestamp")));
                return std::nullopt;
            }
        }
    } else {
        const QString type = embedding.type.toUpper();
        if (type.isEmpty() || type.contains(QLatin1String("BLOB"))) {
            schema.vectorKind = VectorColumnKind::SqliteBlob;
        } else {
            fail(error, wrongType(spec.table, spec.embeddingColumn, embedding.type,
                                  QStringLiteral("BLOB (little-endian float32)")));
            return std::nullopt;
        }
        // SQLite's type affinity: a declared type containing INT holds integers.
        schema.idKind = id.type.toUpper().contains(QLatin1String("INT")) ? IdKind::BigInt : IdKind::Text;
        const QString tagsType = tags.type.toUpper();
        if (tagsType.contains(QLatin1String("JSON")))
            schema.tagsKind = TagsKind::Json;
        else if (tagsType.isEmpty() || tagsType.contains(QLatin1String("TEXT")) ||
                 tagsType.contains(QLatin1String("CHAR")) || tagsType.contains(QLatin1String("CLOB")))
            schema.tagsKind = sqliteTagsKind(db, spec);
        else {
            fail(error,
                 wrongType(spec.table, spec.tagsColumn, tags.type, QStringLiteral("TEXT (a JSON array)")));
            return std::nullopt;
        }
    }
    if (error)
        error->clear();
    return schema;
}

} // namespace ec
