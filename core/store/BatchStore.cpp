#include "store/BatchStore.h"

#include "store/Database.h"
#include "store/SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ec {

namespace {

const QString kColumns = QStringLiteral(
    "id, run_id, state, status, batch_id, input_file_id, output_file_id, error_file_id, model, dimensions, "
    "requests, inputs, items, tokens, total, completed, failed, written, returned, item_failures, "
    "billed_tokens, cost_usd, errors, migration_id");

bool fail(const QSqlQuery& query, const QString& what, QString* error)
{
    if (error)
        *error = what + QStringLiteral(": ") +
                 firstLine(query.lastError().databaseText().isEmpty() ? query.lastError().text()
                                                                      : query.lastError().databaseText());
    return false;
}

} // namespace

BatchStore::BatchStore(QSqlDatabase db, bool postgres, const QString& catalogTable)
    : m_db(std::move(db))
    , m_postgres(postgres)
    , m_catalog(SqlDialect::catalogKey(catalogTable))
{}

QString BatchStore::leaseOwner(qint64 row)
{
    return QStringLiteral("batch:%1").arg(row);
}

qint64 BatchStore::insert(const BatchRecord& r, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO embedding_batches (item_table, run_id, state, model, dimensions, "
                             "migration_id) VALUES (:t, :run, :state, :model, :dims, :migration)") +
              (m_postgres ? QStringLiteral(" RETURNING id") : QString()));
    q.bindValue(QStringLiteral(":t"), m_catalog);
    q.bindValue(QStringLiteral(":run"), r.runId);
    q.bindValue(QStringLiteral(":state"), r.state);
    q.bindValue(QStringLiteral(":model"), r.model);
    q.bindValue(QStringLiteral(":dims"), r.dimensions);
    q.bindValue(QStringLiteral(":migration"),
                r.migrationId > 0 ? QVariant(r.migrationId) : QVariant(QMetaType::fromType<qint64>()));
    if (!q.exec())
        return fail(q, QStringLiteral("cannot record the batch"), error), 0;
    if (m_postgres)
        return q.next() ? q.value(0).toLongLong() : 0;
    return q.lastInsertId().toLongLong();
}

bool BatchStore::addItems(qint64 row, const QVector<BatchItemRecord>& items, QString* error)
{
    QSqlQuery q(m_db);
    if (!q.exec(m_postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return fail(q, QStringLiteral("cannot list the batch's items"), error);
    // Multi-row inserts, 200 rows a statement.
    constexpr int kChunk = 200;
    for (qsizetype start = 0; start < items.size(); start += kChunk) {
        const qsizetype end = std::min<qsizetype>(items.size(), start + kChunk);
        QString sql =
            QStringLiteral("INSERT INTO embedding_batch_items (batch_row, item_table, item_id, custom_id, "
                           "input_index, content_hash, tokens, truncated) VALUES ");
        for (qsizetype i = start; i < end; ++i) {
            if (i > start)
                sql += QLatin1Char(',');
            sql += QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?)");
        }
        QSqlQuery insert(m_db);
        insert.prepare(sql);
        for (qsizetype i = start; i < end; ++i) {
            const BatchItemRecord& it = items[i];
            insert.addBindValue(row);
            insert.addBindValue(m_catalog);
            insert.addBindValue(it.itemId);
            insert.addBindValue(it.customId);
            insert.addBindValue(it.inputIndex);
            insert.addBindValue(QString::fromLatin1(it.contentHash));
            insert.addBindValue(it.tokens);
            insert.addBindValue(m_postgres ? QVariant(it.truncated) : QVariant(it.truncated ? 1 : 0));
        }
        if (!insert.exec()) {
            fail(insert, QStringLiteral("cannot list the batch's items"), error);
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        fail(q, QStringLiteral("cannot list the batch's items"), error);
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

bool BatchStore::update(const BatchRecord& r, QString* error)
{
    const SqlDialect sql(m_postgres);
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE embedding_batches SET run_id = :run, state = :state, status = :status, "
                       "batch_id = :batch, input_file_id = :input, output_file_id = :output, "
                       "error_file_id = :errfile, requests = :requests, inputs = :inputs, items = :items, "
                       "tokens = :tokens, total = :total, completed = :completed, failed = :failed, "
                       "written = :written, returned = :returned, item_failures = :ifail, "
                       "billed_tokens = :billed, cost_usd = :cost, errors = :errors, updated_at = ") +
        sql.now() + QStringLiteral(", ended_at = ") +
        (r.open() ? QStringLiteral("NULL")
                  : QStringLiteral("COALESCE(ended_at, ") + sql.now() + QLatin1Char(')')) +
        QStringLiteral(" WHERE id = :id"));
    auto text = [](const QString& s) {
        return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
    };
    q.bindValue(QStringLiteral(":run"), r.runId);
    q.bindValue(QStringLiteral(":state"), r.state);
    q.bindValue(QStringLiteral(":status"), text(r.status));
    q.bindValue(QStringLiteral(":batch"), text(r.batchId));
    q.bindValue(QStringLiteral(":input"), text(r.inputFileId));
    q.bindValue(QStringLiteral(":output"), text(r.outputFileId));
    q.bindValue(QStringLiteral(":errfile"), text(r.errorFileId));
    q.bindValue(QStringLiteral(":requests"), r.requests);
    q.bindValue(QStringLiteral(":inputs"), r.inputs);
    q.bindValue(QStringLiteral(":items"), r.items);
    q.bindValue(QStringLiteral(":tokens"), r.tokens);
    q.bindValue(QStringLiteral(":total"), r.total);
    q.bindValue(QStringLiteral(":completed"), r.completed);
    q.bindValue(QStringLiteral(":failed"), r.failed);
    q.bindValue(QStringLiteral(":written"), r.written);
    q.bindValue(QStringLiteral(":returned"), r.returned);
    q.bindValue(QStringLiteral(":ifail"), r.itemFailures);
    q.bindValue(QStringLiteral(":billed"), r.billedTokens);
    q.bindValue(QStringLiteral(":cost"), r.costUsd);
    q.bindValue(QStringLiteral(":errors"), text(r.errors));
    q.bindValue(QStringLiteral(":id"), r.row);
    if (!q.exec())
        return fail(q, QStringLiteral("cannot update the batch record"), error);
    return true;
}

bool BatchStore::removeIfEmpty(qint64 row, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("DELETE FROM embedding_batches WHERE id = :id AND batch_id IS NULL AND NOT EXISTS "
                       "(SELECT 1 FROM embedding_batch_items WHERE batch_row = :id2)"));
    q.bindValue(QStringLiteral(":id"), row);
    q.bindValue(QStringLiteral(":id2"), row);
    if (!q.exec())
        return fail(q, QStringLiteral("cannot remove the empty batch record"), error);
    return true;
}

BatchRecord BatchStore::read(const QSqlQuery& q) const
{
    const SqlDialect sql(m_postgres);
    BatchRecord r;
    int c = 0;
    r.row = q.value(c++).toLongLong();
    r.runId = q.value(c++).toLongLong();
    r.state = q.value(c++).toString();
    r.status = q.value(c++).toString();
    r.batchId = q.value(c++).toString();
    r.inputFileId = q.value(c++).toString();
    r.outputFileId = q.value(c++).toString();
    r.errorFileId = q.value(c++).toString();
    r.model = q.value(c++).toString();
    r.dimensions = q.value(c++).toInt();
    r.requests = q.value(c++).toLongLong();
    r.inputs = q.value(c++).toLongLong();
    r.items = q.value(c++).toLongLong();
    r.tokens = q.value(c++).toLongLong();
    r.total = q.value(c++).toLongLong();
    r.completed = q.value(c++).toLongLong();
    r.failed = q.value(c++).toLongLong();
    r.written = q.value(c++).toLongLong();
    r.returned = q.value(c++).toLongLong();
    r.itemFailures = q.value(c++).toLongLong();
    r.billedTokens = q.value(c++).toLongLong();
    r.costUsd = q.value(c++).toDouble();
    r.errors = q.value(c++).toString();
    r.migrationId = q.value(c++).toLongLong();
    r.createdAt = sql.readTimestamp(q.value(c++));
    r.endedAt = sql.readTimestamp(q.value(c++));
    return r;
}

std::optional<QVector<BatchRecord>> BatchStore::list(bool onlyOpen, QString* error, int limit) const
{
    const SqlDialect sql(m_postgres);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(", ") +
              sql.timestampSelect(QStringLiteral("created_at")) + QStringLiteral(", ") +
              sql.timestampSelect(QStringLiteral("ended_at")) +
              QStringLiteral(" FROM embedding_batches WHERE item_table = :t") +
              (onlyOpen ? QStringLiteral(" AND state NOT IN ('collected', 'abandoned')") : QString()) +
              QStringLiteral(" ORDER BY id DESC LIMIT :limit"));
    q.bindValue(QStringLiteral(":t"), m_catalog);
    q.bindValue(QStringLiteral(":limit"), limit);
    if (!q.exec()) {
        fail(q, QStringLiteral("cannot read the batches"), error);
        return std::nullopt;
    }
    QVector<BatchRecord> out;
    while (q.next())
        out.append(read(q));
    return out;
}

std::optional<BatchRecord> BatchStore::find(const QString& rowOrBatchId, QString* error) const
{
    const auto all = list(false, error, 100000);
    if (!all)
        return std::nullopt;
    for (const BatchRecord& r : *all) {
        if (r.batchId == rowOrBatchId || QString::number(r.row) == rowOrBatchId)
            return r;
    }
    if (error)
        *error = QStringLiteral("no batch \"%1\" is recorded").arg(rowOrBatchId);
    return std::nullopt;
}

std::optional<QVector<BatchItemRecord>> BatchStore::items(qint64 row, QString* error) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT item_id, custom_id, input_index, content_hash, tokens, truncated "
                             "FROM embedding_batch_items WHERE batch_row = :row AND item_table = :t"));
    q.bindValue(QStringLiteral(":row"), row);
    q.bindValue(QStringLiteral(":t"), m_catalog);
    if (!q.exec()) {
        fail(q, QStringLiteral("cannot read the batch's items"), error);
        return std::nullopt;
    }
    QVector<BatchItemRecord> out;
    while (q.next()) {
        BatchItemRecord it;
        it.itemId = q.value(0).toString();
        it.customId = q.value(1).toString();
        it.inputIndex = q.value(2).toInt();
        it.contentHash = q.value(3).toString().toLatin1();
        it.tokens = q.value(4).toInt();
        it.truncated = q.value(5).toBool();
        out.append(it);
    }
    return out;
}

std::optional<qint64> BatchStore::openTokens(const QString& model, QString* error) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT COALESCE(SUM(tokens), 0) FROM embedding_batches WHERE model = :model "
                       "AND state NOT IN ('collected', 'abandoned') AND "
                       "(status IS NULL OR status NOT IN ('failed', 'completed', 'expired', 'cancelled'))"));
    q.bindValue(QStringLiteral(":model"), model);
    if (!q.exec() || !q.next()) {
        fail(q, QStringLiteral("cannot count the enqueued tokens"), error);
        return std::nullopt;
    }
    return q.value(0).toLongLong();
}

std::optional<BatchStore::OpenStaging> BatchStore::openStaging(qint64 migrationId, QString* error) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(items), 0) FROM embedding_batches WHERE "
                             "item_table = :t AND migration_id = :migration AND "
                             "state NOT IN ('collected', 'abandoned')"));
    q.bindValue(QStringLiteral(":t"), m_catalog);
    q.bindValue(QStringLiteral(":migration"), migrationId);
    if (!q.exec() || !q.next()) {
        fail(q, QStringLiteral("cannot count the open staging batches"), error);
        return std::nullopt;
    }
    return OpenStaging{q.value(0).toLongLong(), q.value(1).toLongLong()};
}

std::optional<BatchTotals> BatchStore::totals(QString* error) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT COALESCE(SUM(CASE WHEN state NOT IN ('collected', 'abandoned') THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN state = 'collected' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN state = 'collected' THEN billed_tokens ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN state = 'collected' THEN cost_usd ELSE 0 END), 0) "
        "FROM embedding_batches WHERE item_table = :t"));
    q.bindValue(QStringLiteral(":t"), m_catalog);
    if (!q.exec() || !q.next()) {
        fail(q, QStringLiteral("cannot count the batches"), error);
        return std::nullopt;
    }
    BatchTotals t;
    t.open = q.value(0).toLongLong();
    t.collected = q.value(1).toLongLong();
    t.collectedTokens = q.value(2).toLongLong();
    t.collectedCostUsd = q.value(3).toDouble();
    return t;
}

} // namespace ec
