#include "store/ResetService.h"

#include "store/Database.h"
#include "store/ItemStore.h"
#include "store/SqlDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

namespace ec {

namespace {

QString queryError(const QSqlQuery& query)
{
    return firstLine(query.lastError().text());
}

QString refusal()
{
    return QStringLiteral("a reset needs at least one criterion (another model, a date or ids)");
}

} // namespace

ResetService::ResetService(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

QString ResetService::criteriaJson(const ResetCriteria& criteria)
{
    QJsonObject object;
    if (!criteria.modelNot.isEmpty())
        object.insert(QStringLiteral("model_not"), criteria.modelNot);
    if (criteria.before.isValid())
        object.insert(QStringLiteral("before"), SqlDialect::timestampValue(criteria.before));
    if (!criteria.ids.isEmpty())
        object.insert(QStringLiteral("ids"), QJsonArray::fromStringList(criteria.ids));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString ResetService::condition(const ResetCriteria& criteria) const
{
    const SqlDialect sql(m_schema.postgres);
    const QString embedding = QStringLiteral("t.") + sql.name(m_table.embeddingColumn);
    const QString embeddedAt = QStringLiteral("t.") + sql.name(m_table.embeddedAtColumn);
    const QString model = QStringLiteral("t.") + sql.name(m_table.modelColumn);
    const QString id = QStringLiteral("t.") + sql.name(m_table.idColumn);
    QStringList parts;
    parts << QStringLiteral("(%1 IS NOT NULL OR %2 IS NOT NULL)").arg(embedding, embeddedAt);
    if (!criteria.modelNot.isEmpty())
        parts << QStringLiteral("(%1 IS NULL OR %1 <> :model_not)").arg(model);
    if (criteria.before.isValid())
        parts << QStringLiteral("%1 < %2").arg(
            sql.comparableTimestamp(embeddedAt),
            sql.comparableTimestamp(sql.timestampParam(QStringLiteral(":before"))));
    if (!criteria.ids.isEmpty()) {
        if (m_schema.postgres)
            parts << id + QStringLiteral(" IN (SELECT ") + sql.idParam(QStringLiteral("c"), m_schema.idKind) +
                         QStringLiteral(" FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) AS c)");
        else
            parts << id + QStringLiteral(" IN (SELECT value FROM json_each(:ids))");
    }
    return parts.join(QStringLiteral(" AND "));
}

void ResetService::bind(QSqlQuery& query, const ResetCriteria& criteria) const
{
    if (!criteria.modelNot.isEmpty())
        query.bindValue(QStringLiteral(":model_not"), criteria.modelNot);
    if (criteria.before.isValid())
        query.bindValue(QStringLiteral(":before"), SqlDialect::timestampValue(criteria.before));
    if (!criteria.ids.isEmpty())
        query.bindValue(
            QStringLiteral(":ids"),
            QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(criteria.ids)).toJson(QJsonDocument::Compact)));
}

QString ResetService::tagsSelect() const
{
    const SqlDialect sql(m_schema.postgres);
    if (m_schema.tagsKind == TagsKind::Absent || m_table.tagsColumn.isEmpty())
        return QStringLiteral("NULL");
    const QString tags = QStringLiteral("t.") + sql.name(m_table.tagsColumn);
    if (!m_schema.postgres)
        return tags;
    if (m_schema.tagsKind == TagsKind::TextArray)
        return QStringLiteral("CAST(array_to_json(%1) AS text)").arg(tags);
    return QStringLiteral("CAST(%1 AS text)").arg(tags);
}

Result<qint64> ResetService::countAffected(const ResetCriteria& criteria) const
{
    if (criteria.isEmpty())
        return fail(refusal());
    const SqlDialect sql(m_schema.postgres);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT count(*) FROM ") + sql.table(m_table.table) +
                  QStringLiteral(" AS t WHERE ") + condition(criteria));
    bind(query, criteria);
    if (!query.exec() || !query.next())
        return fail(QStringLiteral("cannot count the rows to reset: ") + queryError(query));
    return query.value(0).toLongLong();
}

Result<QVector<CatalogItem>> ResetService::affectedItems(const ResetCriteria& criteria,
                                                         const QString& afterId, int limit) const
{
    QVector<CatalogItem> items;
    if (criteria.isEmpty())
        return fail(refusal());
    const SqlDialect sql(m_schema.postgres);
    const QString id = QStringLiteral("t.") + sql.name(m_table.idColumn);
    QString text = QStringLiteral("SELECT ") + sql.idAsText(id) + QStringLiteral(", t.") +
                   sql.name(m_table.titleColumn) + QStringLiteral(", t.") + sql.name(m_table.summaryColumn) +
                   QStringLiteral(", ") + tagsSelect() + QStringLiteral(" FROM ") + sql.table(m_table.table) +
                   QStringLiteral(" AS t WHERE ") + condition(criteria);
    if (!afterId.isEmpty())
        text += QStringLiteral(" AND ") + id + QStringLiteral(" > ") +
                sql.idParam(QStringLiteral(":after"), m_schema.idKind);
    text += QStringLiteral(" ORDER BY ") + id + QStringLiteral(" LIMIT :limit");
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(text);
    bind(query, criteria);
    if (!afterId.isEmpty())
        query.bindValue(QStringLiteral(":after"), SqlDialect::idValue(afterId, m_schema.idKind));
    query.bindValue(QStringLiteral(":limit"), qMax(1, limit));
    if (!query.exec())
        return fail(QStringLiteral("cannot list the rows to reset: ") + queryError(query));
    while (query.next()) {
        CatalogItem item;
        item.id = query.value(0).toString();
        item.title = query.value(1).toString();
        item.summary = query.value(2).toString();
        item.tags = decodeTags(query.value(3), m_schema.tagsKind);
        items.append(item);
    }
    return items;
}

Result<qint64> ResetService::reset(const ResetCriteria& criteria, const QString& byUser)
{
    if (criteria.isEmpty())
        return fail(refusal());
    const SqlDialect sql(m_schema.postgres);
    const QString table = sql.table(m_table.table);
    const QString where = condition(criteria);
    auto rollback = [&](const QString& message) -> Result<qint64> {
        m_db.rollback();
        return fail(message);
    };
    QString begun;
    if (!beginWriteTransaction(m_db, m_schema.postgres, &begun))
        return fail(QStringLiteral("cannot begin the reset: ") + begun);
    // The cached state first, while the rows still match.
    QSqlQuery forget(m_db);
    forget.prepare(QStringLiteral("DELETE FROM embedding_item_state WHERE item_table = ") +
                   SqlDialect::catalogLiteral(m_table.table) + QStringLiteral(" AND item_id IN (SELECT ") +
                   sql.idAsText(QStringLiteral("t.") + sql.name(m_table.idColumn)) +
                   QStringLiteral(" FROM ") + table + QStringLiteral(" AS t WHERE ") + where +
                   QLatin1Char(')'));
    bind(forget, criteria);
    if (!forget.exec())
        return rollback(QStringLiteral("cannot reset: ") + queryError(forget));

    QSqlQuery clear(m_db);
    clear.prepare(QStringLiteral("UPDATE ") + table + QStringLiteral(" AS t SET ") +
                  sql.name(m_table.embeddingColumn) + QStringLiteral(" = NULL, ") +
                  sql.name(m_table.embeddedAtColumn) + QStringLiteral(" = NULL WHERE ") + where);
    bind(clear, criteria);
    if (!clear.exec())
        return rollback(QStringLiteral("cannot reset: ") + queryError(clear));
    const qint64 affected = qMax(0, clear.numRowsAffected());

    QSqlQuery record(m_db);
    record.prepare(
        QStringLiteral("INSERT INTO embedding_resets (at, by_user, host, criteria, affected) VALUES (") +
        sql.now() + QStringLiteral(", :user, :host, :criteria, :affected)"));
    record.bindValue(QStringLiteral(":user"), byUser);
    record.bindValue(QStringLiteral(":host"), QSysInfo::machineHostName());
    record.bindValue(QStringLiteral(":criteria"), criteriaJson(criteria));
    record.bindValue(QStringLiteral(":affected"), affected);
    if (!record.exec())
        return rollback(QStringLiteral("cannot record the reset: ") + queryError(record));
    forget.finish();
    clear.finish();
    record.finish();
    if (!m_db.commit())
        return rollback(QStringLiteral("cannot commit the reset: ") + firstLine(m_db.lastError().text()));
    return affected;
}

} // namespace ec
