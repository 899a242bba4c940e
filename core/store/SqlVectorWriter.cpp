#include "store/SqlVectorWriter.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "store/VectorCodec.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

namespace {

QString sqlError(const QSqlQuery& query)
{
    return firstLine(query.lastError().text());
}

} // namespace

SqlVectorWriter::SqlVectorWriter(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

bool SqlVectorWriter::writeOneUpdatePerRow(const QVector<VectorWrite>& rows, const QString& model,
                                           qint64* affected, QString* error)
{
    QString* err = error;
    const SqlDialect sql(false);
    QSqlQuery update(m_db);
    for (const VectorWrite& row : rows) {
        // Prepared again for every row, as a driver without a statement cache does.
        if (!update.prepare(QStringLiteral("UPDATE ") + sql.table(m_table.table) + QStringLiteral(" SET ") +
                            sql.name(m_table.embeddingColumn) + QStringLiteral(" = :vec, ") +
                            sql.name(m_table.modelColumn) + QStringLiteral(" = :model, ") +
                            sql.name(m_table.embeddedAtColumn) + QStringLiteral(" = :now WHERE ") +
                            sql.name(m_table.idColumn) + QStringLiteral(" = :id"))) {
            *err = sqlError(update);
            return false;
        }
        update.bindValue(QStringLiteral(":vec"), VectorCodec::toBlob(row.vector));
        update.bindValue(QStringLiteral(":model"), model);
        update.bindValue(QStringLiteral(":now"), SqlDialect::timestampValue(QDateTime::currentDateTimeUtc()));
        update.bindValue(QStringLiteral(":id"), SqlDialect::idValue(row.itemId, m_schema.idKind));
        if (!update.exec()) {
            *err = sqlError(update);
            return false;
        }
        *affected += qMax(0, update.numRowsAffected());
    }
    return true;
}

bool SqlVectorWriter::write(const QVector<VectorWrite>& rows, const QString& model, int dimensions, bool full,
                            qint64* affectedRows, QString* error)
{
    const SqlDialect sql(false);
    const QString now = SqlDialect::timestampValue(QDateTime::currentDateTimeUtc());
    QString begun;
    if (!beginWriteTransaction(m_db, false, &begun)) {
        *error = QStringLiteral("cannot begin the write: ") + begun;
        return false;
    }
    auto fail = [&](const QString& message) {
        *error = message;
        m_db.rollback();
        return false;
    };

    QSqlQuery update(m_db);
    if (!update.prepare(QStringLiteral("UPDATE ") + sql.table(m_table.table) + QStringLiteral(" SET ") +
                        sql.name(m_table.embeddingColumn) + QStringLiteral(" = :vec, ") +
                        sql.name(m_table.modelColumn) + QStringLiteral(" = :model, ") +
                        sql.name(m_table.embeddedAtColumn) + QStringLiteral(" = :now WHERE ") +
                        sql.name(m_table.idColumn) + QStringLiteral(" = :id")))
        return fail(QStringLiteral("cannot prepare the vector update: ") + sqlError(update));
    QSqlQuery state(m_db);
    QSqlQuery failures(m_db);
    QSqlQuery leases(m_db);
    if (full) {
        const QString catalog = SqlDialect::catalogLiteral(m_table.table);
        if (!state.prepare(
                QStringLiteral("INSERT INTO embedding_item_state "
                               "(item_table, item_id, content_hash, model, dimensions, tokens, "
                               "truncated, embedded_at) VALUES (") +
                catalog +
                QStringLiteral(", :id, :hash, :model, :dims, :tokens, :truncated, :now) "
                               "ON CONFLICT (item_id, item_table) DO UPDATE SET "
                               "content_hash = excluded.content_hash, model = excluded.model, "
                               "dimensions = excluded.dimensions, tokens = excluded.tokens, "
                               "truncated = excluded.truncated, embedded_at = excluded.embedded_at")))
            return fail(QStringLiteral("cannot prepare the item state update: ") + sqlError(state));
        if (!failures.prepare(QStringLiteral("DELETE FROM embedding_failures WHERE item_table = ") + catalog +
                              QStringLiteral(" AND item_id = :id")))
            return fail(QStringLiteral("cannot prepare the failure cleanup: ") + sqlError(failures));
        if (!leases.prepare(QStringLiteral("DELETE FROM embedding_leases WHERE item_table = ") + catalog +
                            QStringLiteral(" AND item_id = :id")))
            return fail(QStringLiteral("cannot prepare the lease cleanup: ") + sqlError(leases));
    }

    qint64 affected = 0;
    for (const VectorWrite& row : rows) {
        update.bindValue(QStringLiteral(":vec"), VectorCodec::toBlob(row.vector));
        update.bindValue(QStringLiteral(":model"), model);
        update.bindValue(QStringLiteral(":now"), now);
        update.bindValue(QStringLiteral(":id"), SqlDialect::idValue(row.itemId, m_schema.idKind));
        if (!update.exec())
            return fail(QStringLiteral("cannot write the vector of item %1: ").arg(row.itemId) +
                        sqlError(update));
        const int changed = update.numRowsAffected();
        if (changed <= 0 || !full) {
            affected += qMax(0, changed);
            continue;
        }
        affected += changed;
        state.bindValue(QStringLiteral(":id"), row.itemId);
        state.bindValue(QStringLiteral(":hash"), QString::fromLatin1(row.contentHash));
        state.bindValue(QStringLiteral(":model"), model);
        state.bindValue(QStringLiteral(":dims"), dimensions);
        state.bindValue(QStringLiteral(":tokens"), row.tokens);
        state.bindValue(QStringLiteral(":truncated"), row.truncated ? 1 : 0);
        state.bindValue(QStringLiteral(":now"), now);
        if (!state.exec())
            return fail(QStringLiteral("cannot record the state of item %1: ").arg(row.itemId) +
                        sqlError(state));
        failures.bindValue(QStringLiteral(":id"), row.itemId);
        leases.bindValue(QStringLiteral(":id"), row.itemId);
        if (!failures.exec() || !leases.exec())
            return fail(QStringLiteral("cannot clear the failure or lease of item %1: ").arg(row.itemId) +
                        sqlError(failures.lastError().isValid() ? failures : leases));
    }
    update.finish();
    state.finish();
    failures.finish();
    leases.finish();
    if (!m_db.commit())
        return fail(QStringLiteral("cannot commit the vectors: ") + firstLine(m_db.lastError().text()));
    *affectedRows = affected;
    return true;
}

bool SqlVectorWriter::markCurrent(const QVector<QString>& ids, qint64* affectedRows, QString* error)
{
    QString* err = error;
    const SqlDialect sql(false);
    const QString catalog = SqlDialect::catalogLiteral(m_table.table);
    const QString now = SqlDialect::timestampValue(QDateTime::currentDateTimeUtc());
    QString begun;
    if (!beginWriteTransaction(m_db, false, &begun)) {
        *err = QStringLiteral("cannot begin marking items current: ") + begun;
        return false;
    }
    QSqlQuery update(m_db);
    QSqlQuery state(m_db);
    QSqlQuery failures(m_db);
    QSqlQuery leases(m_db);
    bool ok = update.prepare(QStringLiteral("UPDATE ") + sql.table(m_table.table) + QStringLiteral(" SET ") +
                             sql.name(m_table.embeddedAtColumn) + QStringLiteral(" = :now WHERE ") +
                             sql.name(m_table.idColumn) + QStringLiteral(" = :id")) &&
              state.prepare(
                  QStringLiteral("UPDATE embedding_item_state SET embedded_at = :now WHERE item_table = ") +
                  catalog + QStringLiteral(" AND item_id = :id")) &&
              failures.prepare(QStringLiteral("DELETE FROM embedding_failures WHERE item_table = ") +
                               catalog + QStringLiteral(" AND item_id = :id")) &&
              leases.prepare(QStringLiteral("DELETE FROM embedding_leases WHERE item_table = ") + catalog +
                             QStringLiteral(" AND item_id = :id"));
    qint64 affected = 0;
    for (qsizetype i = 0; ok && i < ids.size(); ++i) {
        update.bindValue(QStringLiteral(":now"), now);
        update.bindValue(QStringLiteral(":id"), SqlDialect::idValue(ids.at(i), m_schema.idKind));
        ok = update.exec();
        if (!ok || update.numRowsAffected() <= 0)
            continue;
        ++affected;
        state.bindValue(QStringLiteral(":now"), now);
        state.bindValue(QStringLiteral(":id"), ids.at(i));
        failures.bindValue(QStringLiteral(":id"), ids.at(i));
        leases.bindValue(QStringLiteral(":id"), ids.at(i));
        ok = state.exec() && failures.exec() && leases.exec();
    }
    if (!ok) {
        QString message;
        for (const QSqlQuery* q : {&update, &state, &failures, &leases}) {
            if (q->lastError().isValid()) {
                message = sqlError(*q);
                break;
            }
        }
        *err = QStringLiteral("cannot mark items current: ") + message;
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        *err = QStringLiteral("cannot commit marking items current: ") + firstLine(m_db.lastError().text());
        m_db.rollback();
        return false;
    }
    *affectedRows = affected;
    return true;
}

} // namespace ec
