#include "store/FailureLog.h"

#include "store/Database.h"
#include "store/SqlDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

namespace {

constexpr int kMaxMessageLength = 2000;

QString jsonList(const QStringList& ids)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

QString queryError(const QSqlQuery& query)
{
    return firstLine(query.lastError().text());
}

} // namespace

FailureLog::FailureLog(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

qint64 FailureLog::backoffSeconds(int attempts, const RunSettings& settings)
{
    const qint64 base = qMax(0, settings.failureBackoffSeconds);
    const qint64 cap = qMax(base, kMaxBackoffSeconds);
    qint64 wait = base;
    for (int i = 1; i < attempts && wait < cap; ++i)
        wait *= 2;
    return qMin(wait, cap);
}

QString FailureLog::idListSql(const QString& placeholder) const
{
    return m_schema.postgres
               ? QStringLiteral("SELECT jsonb_array_elements_text(CAST(%1 AS jsonb))").arg(placeholder)
               : QStringLiteral("SELECT value FROM json_each(%1)").arg(placeholder);
}

bool FailureLog::record(const QVector<FailureRecord>& failures, const RunSettings& settings, QString* error)
{
    if (failures.isEmpty())
        return true;
    const SqlDialect sql(m_schema.postgres);
    const int parkAfter = qMax(1, settings.maxPermanentFailures);
    auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        m_db.rollback();
        return false;
    };
    QString begun;
    if (!beginWriteTransaction(m_db, m_schema.postgres, &begun)) {
        if (error)
            *error = QStringLiteral("cannot record failures: ") + begun;
        return false;
    }
    QSqlQuery read(m_db);
    QSqlQuery write(m_db);
    const QString catalog = SqlDialect::catalogLiteral(m_table.table);
    if (!read.prepare(QStringLiteral("SELECT attempts, permanent_attempts FROM embedding_failures "
                                     "WHERE item_table = ") +
                      catalog + QStringLiteral(" AND item_id = :id") +
                      (m_schema.postgres ? QStringLiteral(" FOR UPDATE") : QString())))
        return fail(QStringLiteral("cannot record failures: ") + queryError(read));
    if (!write.prepare(
            QStringLiteral(
                "INSERT INTO embedding_failures (item_table, item_id, run_id, attempts, permanent_attempts, "
                "http_status, error_code, message, first_seen, last_seen, next_retry_at, parked, skipped) "
                "VALUES (") +
            catalog + QStringLiteral(", :id, :run, :attempts, :permanent, :status, :code, :message, ") +
            sql.now() + QStringLiteral(", ") + sql.now() + QStringLiteral(", ") +
            sql.nowPlusSeconds(QStringLiteral(":delay")) +
            QStringLiteral(", :parked, :skipped) ON CONFLICT (item_id, item_table) DO UPDATE SET "
                           "run_id = excluded.run_id, "
                           "attempts = excluded.attempts, permanent_attempts = excluded.permanent_attempts, "
                           "http_status = excluded.http_status, error_code = excluded.error_code, "
                           "message = excluded.message, last_seen = excluded.last_seen, "
                           "next_retry_at = excluded.next_retry_at, parked = excluded.parked, "
                           "skipped = excluded.skipped")))
        return fail(QStringLiteral("cannot record failures: ") + queryError(write));

    auto boolValue = [&](bool value) {
        return m_schema.postgres ? QVariant(value) : QVariant(value ? 1 : 0);
    };
    for (const FailureRecord& failure : failures) {
        read.bindValue(QStringLiteral(":id"), failure.itemId);
        if (!read.exec())
            return fail(QStringLiteral("cannot read the failure record of item %1: ").arg(failure.itemId) +
                        queryError(read));
        int attempts = 0;
        int permanentAttempts = 0;
        if (read.next()) {
            attempts = read.value(0).toInt();
            permanentAttempts = read.value(1).toInt();
        }
        read.finish();
        attempts += 1;
        if (failure.permanent || failure.skipped)
            permanentAttempts += 1;
        const bool parked = failure.skipped || permanentAttempts >= parkAfter;

        write.bindValue(QStringLiteral(":id"), failure.itemId);
        write.bindValue(QStringLiteral(":run"), failure.runId > 0
                                                    ? QVariant(failure.runId)
                                                    : QVariant(QMetaType::fromType<qlonglong>()));
        write.bindValue(QStringLiteral(":attempts"), attempts);
        write.bindValue(QStringLiteral(":permanent"), permanentAttempts);
        write.bindValue(QStringLiteral(":status"), failure.httpStatus);
        write.bindValue(QStringLiteral(":code"), failure.errorCode);
        write.bindValue(QStringLiteral(":message"), failure.message.left(kMaxMessageLength));
        write.bindValue(QStringLiteral(":delay"), backoffSeconds(attempts, settings));
        write.bindValue(QStringLiteral(":parked"), boolValue(parked));
        write.bindValue(QStringLiteral(":skipped"), boolValue(failure.skipped));
        if (!write.exec())
            return fail(QStringLiteral("cannot record the failure of item %1: ").arg(failure.itemId) +
                        queryError(write));
    }
    read.finish();
    write.finish();
    if (!m_db.commit())
        return fail(QStringLiteral("cannot commit the failure records: ") +
                    firstLine(m_db.lastError().text()));
    return true;
}

QVector<FailureEntry> FailureLog::list(qint64 runId, bool parkedOnly, QString* error) const
{
    const SqlDialect sql(m_schema.postgres);
    QString text = QStringLiteral("SELECT f.item_id, t.") + sql.name(m_table.titleColumn) +
                   QStringLiteral(", f.run_id, f.attempts, f.http_status, f.error_code, f.message, f.parked, "
                                  "f.skipped, ") +
                   sql.timestampSelect(QStringLiteral("f.first_seen")) + QStringLiteral(", ") +
                   sql.timestampSelect(QStringLiteral("f.last_seen")) + QStringLiteral(", ") +
                   sql.timestampSelect(QStringLiteral("f.next_retry_at")) +
                   QStringLiteral(" FROM embedding_failures f LEFT JOIN ") + sql.table(m_table.table) +
                   QStringLiteral(" t ON t.") + sql.name(m_table.idColumn) + QStringLiteral(" = ") +
                   sql.idParam(QStringLiteral("f.item_id"), m_schema.idKind) +
                   QStringLiteral(" WHERE f.item_table = ") + SqlDialect::catalogLiteral(m_table.table);
    if (runId > 0)
        text += QStringLiteral(" AND f.run_id = :run");
    if (parkedOnly)
        text += QStringLiteral(" AND f.parked = ") + sql.boolean(true);
    text += QStringLiteral(" ORDER BY f.last_seen DESC, f.item_id");

    QVector<FailureEntry> entries;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(text)) {
        if (error)
            *error = QStringLiteral("cannot list failures: ") + queryError(query);
        return entries;
    }
    if (runId > 0)
        query.bindValue(QStringLiteral(":run"), runId);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot list failures: ") + queryError(query);
        return entries;
    }
    while (query.next()) {
        FailureEntry entry;
        entry.itemId = query.value(0).toString();
        entry.title = query.value(1).toString();
        entry.runId = query.value(2).toLongLong();
        entry.attempts = query.value(3).toInt();
        entry.httpStatus = query.value(4).toInt();
        entry.errorCode = query.value(5).toString();
        entry.message = query.value(6).toString();
        entry.parked = query.value(7).toBool();
        entry.skipped = query.value(8).toBool();
        entry.firstSeen = sql.readTimestamp(query.value(9));
        entry.lastSeen = sql.readTimestamp(query.value(10));
        entry.nextRetryAt = sql.readTimestamp(query.value(11));
        entries.append(entry);
    }
    if (error && query.lastError().isValid())
        *error = QStringLiteral("cannot list failures: ") + queryError(query);
    return entries;
}

int FailureLog::retry(const QStringList& ids, QString* error)
{
    const SqlDialect sql(m_schema.postgres);
    QString text = QStringLiteral("UPDATE embedding_failures SET parked = ") + sql.boolean(false) +
                   QStringLiteral(", next_retry_at = NULL, permanent_attempts = 0 WHERE item_table = ") +
                   SqlDialect::catalogLiteral(m_table.table);
    if (!ids.isEmpty())
        text += QStringLiteral(" AND item_id IN (") + idListSql(QStringLiteral(":ids")) + QLatin1Char(')');
    QSqlQuery query(m_db);
    if (!query.prepare(text)) {
        if (error)
            *error = QStringLiteral("cannot retry failures: ") + queryError(query);
        return -1;
    }
    if (!ids.isEmpty())
        query.bindValue(QStringLiteral(":ids"), jsonList(ids));
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot retry failures: ") + queryError(query);
        return -1;
    }
    return query.numRowsAffected();
}

int FailureLog::clear(const QStringList& ids, QString* error)
{
    if (ids.isEmpty())
        return 0;
    QSqlQuery query(m_db);
    if (!query.prepare(QStringLiteral("DELETE FROM embedding_failures WHERE item_table = ") +
                       SqlDialect::catalogLiteral(m_table.table) + QStringLiteral(" AND item_id IN (") +
                       idListSql(QStringLiteral(":ids")) + QLatin1Char(')'))) {
        if (error)
            *error = QStringLiteral("cannot clear failures: ") + queryError(query);
        return -1;
    }
    query.bindValue(QStringLiteral(":ids"), jsonList(ids));
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot clear failures: ") + queryError(query);
        return -1;
    }
    return query.numRowsAffected();
}

int FailureLog::clearAll(QString* error)
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("DELETE FROM embedding_failures WHERE item_table = ") +
                    SqlDialect::catalogLiteral(m_table.table))) {
        if (error)
            *error = QStringLiteral("cannot clear failures: ") + queryError(query);
        return -1;
    }
    return query.numRowsAffected();
}

} // namespace ec
