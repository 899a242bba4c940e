#include "store/DemoCatalog.h"

#include "store/Database.h"
#include "store/SchemaInspector.h"
#include "store/SqlDialect.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

namespace {

constexpr int kBatchRows = 1000;

QString jsonArray(const QStringList& tags)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::optional<DemoSummary> DemoCatalog::create(const AppConfig& config, const DemoOptions& options,
                                               QString* error)
{
    auto connection = DatabaseConnection::open(config.effectiveDatabaseUrl(), QString(), error);
    if (!connection)
        return std::nullopt;
    std::optional<DemoSummary> summary;
    {
        QSqlDatabase db = connection->database();
        summary = create(db, connection->isPostgres(), config.table, options, error);
    }
    return summary;
}

std::optional<DemoSummary> DemoCatalog::create(QSqlDatabase& db, bool postgres, const TableSpec& spec,
                                               const DemoOptions& options, QString* error)
{
    if (!spec.validate(error))
        return std::nullopt;
    if (options.items < 0) {
        fail(error, QStringLiteral("the number of demo items must not be negative"));
        return std::nullopt;
    }
    static const QRegularExpression allowedTypes(
        QStringLiteral("^(vector\\(\\d{1,5}\\)|real\\[\\]|float4\\[\\]|BLOB)$"),
        QRegularExpression::CaseInsensitiveOption);
    QString embeddingType = options.embeddingType.trimmed();
    if (embeddingType.isEmpty())
        embeddingType = postgres ? QStringLiteral("real[]") : QStringLiteral("BLOB");
    if (!allowedTypes.match(embeddingType).hasMatch()) {
        fail(error, QStringLiteral("unsupported demo embedding type \"%1\" (use vector(N), real[] or BLOB)")
                        .arg(embeddingType));
        return std::nullopt;
    }
    const SqlDialect sql(postgres);
    QSqlQuery query(db);
    auto exec = [&](const QString& statement) {
        if (query.exec(statement))
            return true;
        return fail(error, QStringLiteral("cannot create the demo catalog: %1")
                               .arg(firstLine(query.lastError().databaseText())));
    };
    auto rollback = [&] {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return std::optional<DemoSummary>();
    };

    if (!exec(postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return std::nullopt;
    const QString table = sql.table(spec.table);
    if (options.replace && !exec(QStringLiteral("DROP TABLE IF EXISTS ") + table))
        return rollback();

    QString lookupError;
    const bool exists = SchemaInspector::tableExists(db, postgres, spec.table, &lookupError);
    if (!lookupError.isEmpty()) {
        fail(error, lookupError);
        return rollback();
    }
    IdKind idKind = options.idKind;
    TagsKind tagsKind = postgres ? TagsKind::TextArray : TagsKind::Json;
    if (exists) {
        const auto schema = SchemaInspector::inspect(db, postgres, spec, QString(), error);
        if (!schema)
            return rollback();
        idKind = schema->idKind;
        tagsKind = schema->tagsKind;
    } else {
        QString idType;
        if (postgres)
            idType = idKind == IdKind::Uuid     ? QStringLiteral("uuid")
                     : idKind == IdKind::BigInt ? QStringLiteral("bigint")
                                                : QStringLiteral("text");
        else
            idType = idKind == IdKind::BigInt ? QStringLiteral("INTEGER") : QStringLiteral("TEXT");
        const QString ddl =
            postgres
                ? QStringLiteral(
                      "CREATE TABLE %1 (%2 %3 PRIMARY KEY, %4 text NOT NULL DEFAULT '', %5 text, "
                      "%6 text[], %7 %8, %9 text, %10 timestamptz, %11 timestamptz NOT NULL DEFAULT now())")
                : QStringLiteral("CREATE TABLE %1 (%2 %3 PRIMARY KEY, %4 TEXT NOT NULL DEFAULT '', %5 TEXT, "
                                 "%6 TEXT, %7 %8, %9 TEXT, %10 TEXT, %11 TEXT NOT NULL DEFAULT "
                                 "(strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
        if (!exec(QString(ddl)
                      .arg(table, sql.name(spec.idColumn), idType, sql.name(spec.titleColumn),
                           sql.name(spec.summaryColumn), sql.name(spec.tagsColumn),
                           sql.name(spec.embeddingColumn), embeddingType, sql.name(spec.modelColumn))
                      .arg(sql.name(spec.embeddedAtColumn), sql.name(spec.updatedAtColumn))))
            return rollback();
    }

    const QString columns =
        QStringList{sql.name(spec.idColumn), sql.name(spec.titleColumn), sql.name(spec.summaryColumn),
                    sql.name(spec.tagsColumn), sql.name(spec.updatedAtColumn)}
            .join(QStringLiteral(", "));
    // SQLite: positional placeholders; Qt looks named ones up linearly, which is quadratic here.
    const QString rowTemplate = QStringLiteral("(?, ?, ?, ?, ?)");

    auto insertSql = [&](int rows) -> QString {
        if (postgres) {
            // PostgreSQL: the whole batch as one JSON parameter, unpacked by the server. Binding
            // thousands of single values costs several times more than the insert itself.
            QString tagsExpr = QStringLiteral("CASE WHEN jsonb_typeof(r->3) = 'array' THEN "
                                              "ARRAY(SELECT jsonb_array_elements_text(r->3)) END");
            if (tagsKind == TagsKind::Json)
                tagsExpr = QStringLiteral("CASE WHEN jsonb_typeof(r->3) = 'array' THEN r->3 END");
            else if (tagsKind == TagsKind::PlainText)
                tagsExpr = QStringLiteral("(SELECT string_agg(x, ' ') FROM jsonb_array_elements_text("
                                          "CASE WHEN jsonb_typeof(r->3) = 'array' THEN r->3 END) x)");
            return QStringLiteral(
                       "INSERT INTO %1 (%2) SELECT %3, r->>1, r->>2, %4, CAST(r->>4 AS timestamptz) "
                       "FROM jsonb_array_elements(CAST(:rows AS jsonb)) AS r ON CONFLICT DO NOTHING")
                .arg(table, columns, sql.idParam(QStringLiteral("(r->>0)"), idKind), tagsExpr);
        }
        QStringList values;
        for (int i = 0; i < rows; ++i)
            values << rowTemplate;
        return QStringLiteral("INSERT OR IGNORE INTO ") + table + QStringLiteral(" (") + columns +
               QStringLiteral(") VALUES ") + values.join(QStringLiteral(", "));
    };

    DemoSummary summary;
    Generator generator(options.items, options.seed, idKind);
    QSqlQuery insert(db);
    int preparedRows = 0;
    QVector<DemoRow> batch;
    batch.reserve(kBatchRows);
    auto flush = [&]() -> bool {
        if (batch.isEmpty())
            return true;
        if (preparedRows != (postgres ? 1 : batch.size())) {
            if (!insert.prepare(insertSql(int(batch.size()))))
                return fail(error, QStringLiteral("cannot insert the demo rows: %1")
                                       .arg(firstLine(insert.lastError().databaseText())));
            preparedRows = postgres ? 1 : int(batch.size());
        }
        if (postgres) {
            QJsonArray rows;
            for (const DemoRow& row : batch) {
                rows.append(
                    QJsonArray{row.id, row.title.isNull() ? QStringLiteral("") : row.title,
                               row.summary ? QJsonValue(*row.summary) : QJsonValue(),
                               row.tags ? QJsonValue(QJsonArray::fromStringList(*row.tags)) : QJsonValue(),
                               SqlDialect::timestampValue(row.updatedAt)});
            }
            insert.bindValue(QStringLiteral(":rows"),
                             QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        }
        for (int i = 0; !postgres && i < batch.size(); ++i) {
            const DemoRow& row = batch[i];
            const int at = i * 5;
            insert.bindValue(at, SqlDialect::idValue(row.id, idKind));
            // An empty title is '' (the column is NOT NULL), never NULL.
            insert.bindValue(at + 1, row.title.isNull() ? QStringLiteral("") : row.title);
            insert.bindValue(at + 2, row.summary ? QVariant(*row.summary) : QVariant());
            QVariant tags;
            if (row.tags)
                tags =
                    tagsKind == TagsKind::PlainText ? row.tags->join(QLatin1Char(' ')) : jsonArray(*row.tags);
            insert.bindValue(at + 3, tags);
            insert.bindValue(at + 4, SqlDialect::timestampValue(row.updatedAt));
        }
        if (!insert.exec())
            return fail(error, QStringLiteral("cannot insert the demo rows: %1")
                                   .arg(firstLine(insert.lastError().databaseText())));
        summary.inserted += insert.numRowsAffected();
        batch.clear();
        return true;
    };

    while (!generator.atEnd()) {
        DemoRow row = generator.next();
        summary.duplicates += row.duplicate;
        summary.longTexts += row.longText;
        summary.emptyTexts += row.empty;
        summary.nullSummaries += !row.summary.has_value();
        summary.nullTags += !row.tags.has_value();
        batch.append(std::move(row));
        if (batch.size() == kBatchRows) {
            if (!flush())
                return rollback();
            if (!Feedback::report(options.feedback, generator.index(), options.items)) {
                fail(error, QStringLiteral("the demo catalog was cancelled; nothing was written"));
                return rollback();
            }
        }
    }
    if (!flush())
        return rollback();
    insert.finish();
    if (!exec(QStringLiteral("COMMIT")))
        return rollback();
    qCInfo(lcStore) << "demo catalog:" << summary.inserted << "rows into" << spec.table;
    return summary;
}

} // namespace ec
