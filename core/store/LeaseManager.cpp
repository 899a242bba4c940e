#include "store/LeaseManager.h"

#include "store/Database.h"
#include "store/SqlDialect.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

namespace ec {

namespace {

QString queryError(const QSqlQuery& query)
{
    return firstLine(query.lastError().text());
}

QString jsonList(const QVector<QString>& ids)
{
    QJsonArray list;
    for (const QString& id : ids)
        list.append(id);
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

} // namespace

LeaseManager::LeaseManager(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

QString LeaseManager::ownerName(qint64 runId)
{
    return QSysInfo::machineHostName() + QLatin1Char(':') +
           QString::number(QCoreApplication::applicationPid()) + QLatin1Char(':') + QString::number(runId);
}

void LeaseManager::setStillPendingFor(const QString& model, int dimensions)
{
    m_pendingModel = model;
    m_pendingDimensions = dimensions;
}

QString LeaseManager::stillPendingSql() const
{
    if (m_pendingModel.isEmpty())
        return QString();
    const SqlDialect sql(m_schema.postgres);
    const QString embedding = QStringLiteral("t.") + sql.name(m_table.embeddingColumn);
    const QString model = QStringLiteral("t.") + sql.name(m_table.modelColumn);
    const QString embeddedAt = QStringLiteral("t.") + sql.name(m_table.embeddedAtColumn);
    QString text =
        QStringLiteral(" AND (%1 IS NULL OR %2 IS NULL OR %2 <> :pending_model OR %3 IS NULL OR %4 < %5")
            .arg(embedding, model, embeddedAt, sql.comparableTimestamp(embeddedAt),
                 sql.comparableTimestamp(QStringLiteral("t.") + sql.name(m_table.updatedAtColumn)));
    if (m_pendingDimensions > 0)
        text += QStringLiteral(" OR ") +
                sql.vectorDimensions(embedding, m_schema.vectorKind, m_pendingDimensions, m_table.table,
                                     m_table.embeddingColumn) +
                QStringLiteral(" <> ") + QString::number(m_pendingDimensions);
    return text + QLatin1Char(')');
}

QString LeaseManager::idListSql(const QString& placeholder) const
{
    return m_schema.postgres
               ? QStringLiteral("SELECT jsonb_array_elements_text(CAST(%1 AS jsonb))").arg(placeholder)
               : QStringLiteral("SELECT value FROM json_each(%1)").arg(placeholder);
}

QVector<QString> LeaseManager::claim(const QVector<QString>& candidateIds, const QString& owner, qint64 runId,
                                     int leaseSeconds, QString* error)
{
    QVector<QString> leased;
    if (candidateIds.isEmpty())
        return leased;
    const SqlDialect sql(m_schema.postgres);
    const QString id = QStringLiteral("t.") + sql.name(m_table.idColumn);
    const QString catalog = SqlDialect::catalogLiteral(m_table.table);
    const QString candidates =
        m_schema.postgres ? QStringLiteral("SELECT ") + sql.idParam(QStringLiteral("c"), m_schema.idKind) +
                                QStringLiteral(" FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) AS c")
                          : idListSql(QStringLiteral(":ids"));
    // Rows locked by a concurrent claim are skipped, not waited for; the upsert only takes a
    // lease that is free, expired or already owner's.
    QString text;
    if (m_schema.postgres) {
        text = QStringLiteral("WITH locked AS (SELECT ") + sql.idAsText(id) +
               QStringLiteral(" AS item_id FROM ") + sql.table(m_table.table) +
               QStringLiteral(" AS t WHERE ") + id + QStringLiteral(" IN (") + candidates + QLatin1Char(')') +
               stillPendingSql() +
               QStringLiteral(" FOR UPDATE OF t SKIP LOCKED) INSERT INTO embedding_leases "
                              "(item_table, item_id, owner, run_id, expires_at) SELECT ") +
               catalog +
               QStringLiteral(", item_id, CAST(:owner AS text), "
                              "CAST(:run AS bigint), ") +
               sql.nowPlusSeconds(QStringLiteral(":seconds")) + QStringLiteral(" FROM locked");
    } else {
        text = QStringLiteral("INSERT INTO embedding_leases (item_table, item_id, owner, run_id, expires_at) "
                              "SELECT ") +
               catalog + QStringLiteral(", ") + sql.idAsText(id) + QStringLiteral(", :owner, :run, ") +
               sql.nowPlusSeconds(QStringLiteral(":seconds")) + QStringLiteral(" FROM ") +
               sql.table(m_table.table) + QStringLiteral(" AS t WHERE ") + id + QStringLiteral(" IN (") +
               candidates + QLatin1Char(')') + stillPendingSql();
    }
    text += QStringLiteral(" ON CONFLICT (item_id, item_table) DO UPDATE SET owner = excluded.owner, "
                           "run_id = excluded.run_id, expires_at = excluded.expires_at "
                           "WHERE embedding_leases.expires_at < ") +
            sql.now() + QStringLiteral(" OR embedding_leases.owner = excluded.owner RETURNING item_id");

    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(text)) {
        if (error)
            *error = QStringLiteral("cannot claim items: ") + queryError(query);
        return leased;
    }
    query.bindValue(QStringLiteral(":ids"), jsonList(candidateIds));
    query.bindValue(QStringLiteral(":owner"), owner);
    query.bindValue(QStringLiteral(":run"), runId);
    query.bindValue(QStringLiteral(":seconds"), qMax(1, leaseSeconds));
    if (!m_pendingModel.isEmpty())
        query.bindValue(QStringLiteral(":pending_model"), m_pendingModel);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot claim items: ") + queryError(query);
        return leased;
    }
    while (query.next())
        leased.append(query.value(0).toString());
    if (query.lastError().isValid()) {
        if (error)
            *error = QStringLiteral("cannot claim items: ") + queryError(query);
        return {};
    }
    return leased;
}

int LeaseManager::renew(const QString& owner, int leaseSeconds, QString* error)
{
    const SqlDialect sql(m_schema.postgres);
    QString text = QStringLiteral("UPDATE embedding_leases SET expires_at = ") +
                   sql.nowPlusSeconds(QStringLiteral(":seconds")) + QStringLiteral(" WHERE ");
    if (m_schema.postgres) {
        // Leases a write lane is deleting right now are passed over, not waited for: the renewal
        // never waits on anybody, so it can never close a deadlock with the lanes' commits (it
        // did, with the whole set updated in physical order against their item order). Those
        // leases are going away, and the others keep two thirds of their time.
        text += QStringLiteral("(item_id, item_table) IN (SELECT item_id, item_table FROM embedding_leases "
                               "WHERE owner = :owner ORDER BY item_id FOR UPDATE SKIP LOCKED)");
    } else {
        text += QStringLiteral("owner = :owner");
    }
    QSqlQuery query(m_db);
    query.prepare(text);
    query.bindValue(QStringLiteral(":seconds"), qMax(1, leaseSeconds));
    query.bindValue(QStringLiteral(":owner"), owner);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot renew leases: ") + queryError(query);
        return -1;
    }
    return query.numRowsAffected();
}

int LeaseManager::release(const QString& owner, QString* error)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM embedding_leases WHERE owner = :owner"));
    query.bindValue(QStringLiteral(":owner"), owner);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot release leases: ") + queryError(query);
        return -1;
    }
    return query.numRowsAffected();
}

int LeaseManager::release(const QString& owner, const QVector<QString>& ids, QString* error)
{
    if (ids.isEmpty())
        return 0;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM embedding_leases WHERE owner = :owner AND item_table = ") +
                  SqlDialect::catalogLiteral(m_table.table) + QStringLiteral(" AND item_id IN (") +
                  idListSql(QStringLiteral(":ids")) + QLatin1Char(')'));
    query.bindValue(QStringLiteral(":owner"), owner);
    query.bindValue(QStringLiteral(":ids"), jsonList(ids));
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot release leases: ") + queryError(query);
        return -1;
    }
    return query.numRowsAffected();
}

qint64 LeaseManager::countLeasedByOthers(const QString& owner, QString* error) const
{
    const SqlDialect sql(m_schema.postgres);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT count(*) FROM embedding_leases WHERE item_table = ") +
                  SqlDialect::catalogLiteral(m_table.table) +
                  QStringLiteral(" AND owner <> :owner AND expires_at >= ") + sql.now());
    query.bindValue(QStringLiteral(":owner"), owner);
    if (!query.exec() || !query.next()) {
        if (error)
            *error = QStringLiteral("cannot count leases: ") + queryError(query);
        return -1;
    }
    return query.value(0).toLongLong();
}

} // namespace ec
