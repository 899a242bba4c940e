#include "store/MigrationStore.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "store/TextDecoding.h"
#include "store/VectorCodec.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

namespace {

constexpr int kChunkRows = 200;

QString queryError(const QSqlQuery& query)
{
    return firstLine(query.lastError().databaseText().isEmpty() ? query.lastError().text()
                                                                : query.lastError().databaseText());
}

/// Runs sql with the bindings; the query stays positioned for reading.
bool exec(QSqlQuery& query, const QString& sql, const QVector<std::pair<QString, QVariant>>& bindings,
          const QString& what, QString* error)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        *error = QStringLiteral("cannot %1: %2").arg(what, queryError(query));
        return false;
    }
    for (const auto& [name, value] : bindings)
        query.bindValue(name, value);
    if (!query.exec()) {
        *error = QStringLiteral("cannot %1: %2").arg(what, queryError(query));
        return false;
    }
    return true;
}

/// A transaction that rolls back unless committed.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db)
        : m_db(db)
    {}
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    bool begin(QString* error)
    {
        m_open = m_db.transaction();
        if (!m_open)
            *error = QStringLiteral("cannot begin a transaction: ") + firstLine(m_db.lastError().text());
        return m_open;
    }
    bool commit(QString* error)
    {
        m_open = false;
        if (m_db.commit())
            return true;
        *error = QStringLiteral("cannot commit: ") + firstLine(m_db.lastError().text());
        m_db.rollback();
        return false;
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace

MigrationStore::MigrationStore(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(db)
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

QString MigrationStore::catalog() const
{
    return SqlDialect::catalogLiteral(m_table.table);
}

QString MigrationStore::idText() const
{
    const SqlDialect sql(m_schema.postgres);
    return sql.idAsText(QStringLiteral("t.") + sql.name(m_table.idColumn));
}

QString MigrationStore::updatedNewer() const
{
    const SqlDialect sql(m_schema.postgres);
    const QString updated = QStringLiteral("t.") + sql.name(m_table.updatedAtColumn);
    return QStringLiteral("(%1 IS NOT NULL AND %2 > %3)")
        .arg(updated, sql.comparableTimestamp(updated),
             sql.comparableTimestamp(QStringLiteral("m.staged_asof")));
}

static const char* kRecordColumns = "id, state, from_model, from_dimensions, to_model, dimensions, tokens, "
                                    "cost_usd, %1, %2, %3";

Result<std::optional<MigrationRecord>> MigrationStore::active() const
{
    return newest(QStringLiteral(" AND state IN ('staging', 'swapped')"),
                  QStringLiteral("read the table's migration"));
}

Result<std::optional<MigrationRecord>> MigrationStore::latest() const
{
    return newest(QString(), QStringLiteral("read the table's migrations"));
}

Result<std::optional<MigrationRecord>> MigrationStore::newest(const QString& andWhere,
                                                              const QString& what) const
{
    const SqlDialect sql(m_schema.postgres);
    QSqlQuery query(m_db);
    QString error;
    const QString columns = QString::fromLatin1(kRecordColumns)
                                .arg(sql.timestampSelect(QStringLiteral("started_at")),
                                     sql.timestampSelect(QStringLiteral("swapped_at")),
                                     sql.timestampSelect(QStringLiteral("rolled_back_at")));
    if (!exec(query,
              QStringLiteral(
                  "SELECT %1 FROM embedding_migrations WHERE item_table = %2%3 ORDER BY id DESC LIMIT 1")
                  .arg(columns, catalog(), andWhere),
              {}, what, &error))
        return fail(error);
    if (!query.next())
        return std::optional<MigrationRecord>();
    MigrationRecord record;
    record.id = query.value(0).toLongLong();
    record.state = query.value(1).toString();
    record.fromModel = query.value(2).toString();
    record.fromDimensions = query.value(3).toInt();
    record.toModel = query.value(4).toString();
    record.dimensions = query.value(5).toInt();
    record.tokens = query.value(6).toLongLong();
    record.costUsd = query.value(7).toDouble();
    record.startedAt = sql.readTimestamp(query.value(8));
    record.swappedAt = sql.readTimestamp(query.value(9));
    record.rolledBackAt = sql.readTimestamp(query.value(10));
    return std::optional<MigrationRecord>(record);
}

Result<qint64> MigrationStore::create(const QString& fromModel, int fromDimensions, const QString& toModel,
                                      int dimensions)
{
    QSqlQuery query(m_db);
    QString error;
    const QString returning = m_schema.postgres ? QStringLiteral(" RETURNING id") : QString();
    if (!exec(query,
              QStringLiteral(
                  "INSERT INTO embedding_migrations (item_table, state, from_model, from_dimensions, "
                  "to_model, dimensions) VALUES (%1, 'staging', :from, :from_dims, :to, :dims)")
                      .arg(catalog()) +
                  returning,
              {{QStringLiteral(":from"), fromModel},
               {QStringLiteral(":from_dims"), fromDimensions},
               {QStringLiteral(":to"), toModel},
               {QStringLiteral(":dims"), dimensions}},
              QStringLiteral("record the migration"), &error))
        return fail(error);
    if (m_schema.postgres)
        return query.next() ? query.value(0).toLongLong() : qint64(0);
    return query.lastInsertId().toLongLong();
}

Result<void> MigrationStore::addSpend(qint64 id, qint64 tokens, double costUsd)
{
    QSqlQuery query(m_db);
    QString error;
    if (!exec(query,
              QStringLiteral("UPDATE embedding_migrations SET tokens = tokens + :tokens, cost_usd = cost_usd "
                             "+ :cost WHERE id = :id"),
              {{QStringLiteral(":tokens"), tokens},
               {QStringLiteral(":cost"), costUsd},
               {QStringLiteral(":id"), id}},
              QStringLiteral("record the migration's spend"), &error))
        return fail(error);
    return {};
}

Result<MigrationCounts> MigrationStore::counts() const
{
    const SqlDialect sql(m_schema.postgres);
    QSqlQuery query(m_db);
    QString error;
    const QString text =
        QStringLiteral(
            "SELECT count(*), count(m.item_id), "
            "COALESCE(SUM(CASE WHEN m.item_id IS NOT NULL AND m.vector IS NULL THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN m.item_id IS NOT NULL AND %1 THEN 1 ELSE 0 END), 0) "
            "FROM %2 t LEFT JOIN embedding_migration_items m ON m.item_table = %3 AND m.item_id = %4")
            .arg(updatedNewer(), sql.table(m_table.table), catalog(), idText());
    if (!exec(query, text, {}, QStringLiteral("count the staged rows"), &error) || !query.next())
        return fail(error.isEmpty() ? QStringLiteral("cannot count the staged rows") : error);
    MigrationCounts counts;
    counts.rows = query.value(0).toLongLong();
    counts.staged = query.value(1).toLongLong();
    counts.remaining = counts.rows - counts.staged;
    counts.failed = query.value(2).toLongLong();
    counts.stale = query.value(3).toLongLong();
    return counts;
}

Result<void> MigrationStore::openStaging(int dimensions)
{
    const auto migration = active();
    if (!migration)
        return fail(migration.error());
    if (!*migration)
        return fail(
            QStringLiteral("no migration of %1 is underway: start one with embedctl migrate --to-model")
                .arg(m_table.table));
    const MigrationRecord& record = **migration;
    if (record.state != QLatin1String("staging"))
        return fail(QStringLiteral("the migration of %1 to %2 is swapped already: nothing is staged any more "
                                   "(embedctl migrate --finish or --rollback)")
                        .arg(m_table.table, record.toModel));
    if (dimensions > 0 && record.dimensions > 0 && dimensions != record.dimensions)
        return fail(QStringLiteral("the migration of %1 stages %2-dimensional vectors, not %3")
                        .arg(m_table.table)
                        .arg(record.dimensions)
                        .arg(dimensions));
    QSqlQuery query(m_db);
    QString error;
    const QString now = m_schema.postgres ? QStringLiteral("SELECT CAST(now() AS text)")
                                          : QStringLiteral("SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now')");
    if (!exec(query, now, {}, QStringLiteral("read the database's clock"), &error) || !query.next())
        return fail(error.isEmpty() ? QStringLiteral("cannot read the database's clock") : error);
    m_asOf = query.value(0).toString();
    m_stagingId = record.id;
    m_stagingDimensions = record.dimensions;
    return {};
}

bool MigrationStore::write(const QVector<VectorWrite>& rows, QString* error)
{
    if (rows.isEmpty())
        return true;
    if (m_stagingId <= 0) {
        *error = QStringLiteral("internal error: no staging session");
        return false;
    }
    const SqlDialect sql(m_schema.postgres);
    const VectorCodec codec(m_schema.postgres ? VectorColumnKind::PgRealArray : VectorColumnKind::SqliteBlob);
    const QString asOf =
        m_schema.postgres ? QStringLiteral("CAST(:asof AS timestamptz)") : QStringLiteral(":asof");
    Transaction transaction(m_db);
    if (!transaction.begin(error))
        return false;
    for (qsizetype start = 0; start < rows.size(); start += kChunkRows) {
        const qsizetype end = std::min<qsizetype>(rows.size(), start + kChunkRows);
        QStringList values;
        QVector<std::pair<QString, QVariant>> bindings{{QStringLiteral(":asof"), m_asOf},
                                                       {QStringLiteral(":mig"), m_stagingId}};
        for (qsizetype i = start; i < end; ++i) {
            const VectorWrite& row = rows[i];
            if (m_stagingDimensions > 0 && row.vector.size() != m_stagingDimensions) {
                *error =
                    QStringLiteral("cannot stage the vector of item %1: it has %2 dimensions, expected %3")
                        .arg(row.itemId)
                        .arg(row.vector.size())
                        .arg(m_stagingDimensions);
                return false;
            }
            QString encodeError;
            const QVariant vector = codec.encode(row.vector, &encodeError);
            if (!vector.isValid()) {
                *error =
                    QStringLiteral("cannot stage the vector of item %1: %2").arg(row.itemId, encodeError);
                return false;
            }
            const QString n = QString::number(i - start);
            values << QStringLiteral("(%1, :i%2, :mig, :h%2, %3, :k%2, %4, NULL, %5)")
                          .arg(catalog(), n,
                               sql.vectorParam(QStringLiteral(":v") + n, m_schema.postgres
                                                                             ? VectorColumnKind::PgRealArray
                                                                             : VectorColumnKind::SqliteBlob),
                               sql.boolean(row.truncated), asOf);
            bindings.append({QStringLiteral(":i") + n, row.itemId});
            bindings.append({QStringLiteral(":h") + n, QString::fromLatin1(row.contentHash)});
            bindings.append({QStringLiteral(":v") + n, vector});
            bindings.append({QStringLiteral(":k") + n, row.tokens});
        }
        QSqlQuery query(m_db);
        const QString text =
            QStringLiteral(
                "INSERT INTO embedding_migration_items (item_table, item_id, migration_id, content_hash, "
                "vector, tokens, truncated, error, staged_asof) VALUES %1 "
                "ON CONFLICT (item_id, item_table) DO UPDATE SET migration_id = excluded.migration_id, "
                "content_hash = excluded.content_hash, vector = excluded.vector, tokens = excluded.tokens, "
                "truncated = excluded.truncated, error = NULL, staged_asof = excluded.staged_asof")
                .arg(values.join(QStringLiteral(", ")));
        if (!exec(query, text, bindings, QStringLiteral("stage vectors"), error))
            return false;
    }
    return transaction.commit(error);
}

bool MigrationStore::markFresh(const QVector<QString>& ids, QString* error)
{
    if (ids.isEmpty())
        return true;
    Transaction transaction(m_db);
    if (!transaction.begin(error))
        return false;
    const QString asOf =
        m_schema.postgres ? QStringLiteral("CAST(:asof AS timestamptz)") : QStringLiteral(":asof");
    for (qsizetype start = 0; start < ids.size(); start += kChunkRows) {
        const qsizetype end = std::min<qsizetype>(ids.size(), start + kChunkRows);
        QStringList holders;
        QVector<std::pair<QString, QVariant>> bindings{{QStringLiteral(":asof"), m_asOf}};
        for (qsizetype i = start; i < end; ++i) {
            holders << QStringLiteral(":i%1").arg(i - start);
            bindings.append({holders.last(), ids[i]});
        }
        QSqlQuery query(m_db);
        if (!exec(query,
                  QStringLiteral(
                      "UPDATE embedding_migration_items SET staged_asof = %1 WHERE item_table = %2 AND "
                      "item_id IN (%3)")
                      .arg(asOf, catalog(), holders.join(QStringLiteral(", "))),
                  bindings, QStringLiteral("mark staged rows fresh"), error))
            return false;
    }
    return transaction.commit(error);
}

bool MigrationStore::recordFailed(const QVector<FailureRecord>& failures, QString* error)
{
    if (failures.isEmpty())
        return true;
    Transaction transaction(m_db);
    if (!transaction.begin(error))
        return false;
    const QString asOf =
        m_schema.postgres ? QStringLiteral("CAST(:asof AS timestamptz)") : QStringLiteral(":asof");
    for (const FailureRecord& failure : failures) {
        // A transient failure (the endpoint down, retries used up) leaves the row to the next
        // staging; only a text that cannot be embedded is staged without a vector.
        if (!failure.permanent && !failure.skipped) {
            ++m_transientFailures;
            continue;
        }
        QSqlQuery query(m_db);
        if (!exec(
                query,
                QStringLiteral(
                    "INSERT INTO embedding_migration_items (item_table, item_id, migration_id, "
                    "content_hash, vector, error, staged_asof) VALUES (%1, :id, :mig, NULL, NULL, "
                    ":error, %2) ON CONFLICT (item_id, item_table) DO UPDATE SET migration_id = "
                    "excluded.migration_id, content_hash = NULL, vector = NULL, error = excluded.error, "
                    "staged_asof = excluded.staged_asof")
                    .arg(catalog(), asOf),
                {{QStringLiteral(":id"), failure.itemId},
                 {QStringLiteral(":mig"), m_stagingId},
                 {QStringLiteral(":error"), failure.message.isEmpty() ? failure.errorCode : failure.message},
                 {QStringLiteral(":asof"), m_asOf}},
                QStringLiteral("record a row that cannot be staged"), error))
            return false;
    }
    return transaction.commit(error);
}

Result<MigrationStore::Applied> MigrationStore::swap(const MigrationRecord& migration)
{
    const SqlDialect sql(m_schema.postgres);
    const QString table = sql.table(m_table.table);
    const QString embedding = sql.name(m_table.embeddingColumn);
    const QString model = sql.name(m_table.modelColumn);
    const QString embeddedAt = sql.name(m_table.embeddedAtColumn);
    const bool pgvector = m_schema.vectorKind == VectorColumnKind::PgVector;
    const QString oldVector =
        pgvector ? QStringLiteral("CAST(t.%1 AS real[])").arg(embedding) : QStringLiteral("t.") + embedding;
    const QString newVector =
        pgvector ? QStringLiteral("CAST(m.vector AS vector)") : QStringLiteral("m.vector");
    const QString now = sql.now();
    QString error;
    Applied applied;
    QElapsedTimer timer;
    timer.start();
    Transaction transaction(m_db);
    if (!transaction.begin(&error))
        return fail(error);
    QSqlQuery query(m_db);
    // The old vectors first, for --rollback.
    if (!exec(query,
              QStringLiteral(
                  "UPDATE embedding_migration_items AS m SET swapped = %1, old_vector = %2, old_model = "
                  "t.%3, old_embedded_at = t.%4, old_hash = s.content_hash, old_state_model = s.model, "
                  "old_state_dimensions = s.dimensions FROM %5 AS t LEFT JOIN embedding_item_state s ON "
                  "s.item_table = %6 AND s.item_id = %7 WHERE m.item_table = %6 AND m.item_id = %7")
                  .arg(sql.boolean(true), oldVector, model, embeddedAt, table, catalog(), idText()),
              {}, QStringLiteral("keep the old vectors"), &error))
        return fail(error);
    if (!exec(query,
              QStringLiteral("UPDATE %1 AS t SET %2 = %3, %4 = :model, %5 = m.staged_asof FROM "
                             "embedding_migration_items AS m WHERE m.item_table = %6 AND m.item_id = %7")
                  .arg(table, embedding, newVector, model, embeddedAt, catalog(), idText()),
              {{QStringLiteral(":model"), migration.toModel}}, QStringLiteral("write the staged vectors"),
              &error))
        return fail(error);
    applied.rows = query.numRowsAffected();
    // What each vector was made from, so the next run knows them current.
    if (!exec(
            query,
            QStringLiteral(
                "INSERT INTO embedding_item_state (item_table, item_id, content_hash, model, dimensions, "
                "tokens, truncated, embedded_at) SELECT item_table, item_id, content_hash, :model, "
                ":dims, tokens, truncated, staged_asof FROM embedding_migration_items WHERE "
                "item_table = %1 AND swapped = %2 AND vector IS NOT NULL ON CONFLICT (item_id, "
                "item_table) DO UPDATE SET content_hash = excluded.content_hash, model = excluded.model, "
                "dimensions = excluded.dimensions, tokens = excluded.tokens, truncated = "
                "excluded.truncated, embedded_at = excluded.embedded_at")
                .arg(catalog(), sql.boolean(true)),
            {{QStringLiteral(":model"), migration.toModel}, {QStringLiteral(":dims"), migration.dimensions}},
            QStringLiteral("record the staged vectors' state"), &error))
        return fail(error);
    if (!exec(query,
              QStringLiteral(
                  "DELETE FROM embedding_item_state WHERE item_table = %1 AND item_id IN (SELECT item_id "
                  "FROM embedding_migration_items WHERE item_table = %1 AND vector IS NULL)")
                  .arg(catalog()),
              {}, QStringLiteral("forget the state of rows without a vector"), &error))
        return fail(error);
    if (!exec(query,
              QStringLiteral(
                  "SELECT count(*) FROM embedding_migration_items WHERE item_table = %1 AND swapped = %2 "
                  "AND vector IS NULL")
                  .arg(catalog(), sql.boolean(true)),
              {}, QStringLiteral("count the rows without a vector"), &error) ||
        !query.next())
        return fail(error);
    applied.emptied = query.value(0).toLongLong();
    applied.rows -= applied.emptied;
    if (!exec(query,
              QStringLiteral(
                  "UPDATE embedding_migrations SET state = 'swapped', swapped_at = %1 WHERE id = :id")
                  .arg(now),
              {{QStringLiteral(":id"), migration.id}}, QStringLiteral("record the swap"), &error))
        return fail(error);
    query.finish();
    if (!transaction.commit(&error))
        return fail(error);
    applied.lockSeconds = timer.nsecsElapsed() / 1e9;
    return applied;
}

Result<MigrationStore::Applied> MigrationStore::rollback(const MigrationRecord& migration)
{
    const SqlDialect sql(m_schema.postgres);
    const QString table = sql.table(m_table.table);
    const QString embedding = sql.name(m_table.embeddingColumn);
    const QString model = sql.name(m_table.modelColumn);
    const QString embeddedAt = sql.name(m_table.embeddedAtColumn);
    const bool pgvector = m_schema.vectorKind == VectorColumnKind::PgVector;
    const QString oldVector =
        pgvector ? QStringLiteral("CAST(m.old_vector AS vector)") : QStringLiteral("m.old_vector");
    QString error;
    Applied applied;
    QElapsedTimer timer;
    timer.start();
    Transaction transaction(m_db);
    if (!transaction.begin(&error))
        return fail(error);
    QSqlQuery query(m_db);
    if (!exec(
            query,
            QStringLiteral("UPDATE %1 AS t SET %2 = %3, %4 = m.old_model, %5 = m.old_embedded_at FROM "
                           "embedding_migration_items AS m WHERE m.item_table = %6 AND m.swapped = %7 AND "
                           "m.item_id = %8")
                .arg(table, embedding, oldVector, model, embeddedAt, catalog(), sql.boolean(true), idText()),
            {}, QStringLiteral("restore the old vectors"), &error))
        return fail(error);
    applied.rows = query.numRowsAffected();
    if (!exec(query,
              QStringLiteral(
                  "DELETE FROM embedding_item_state WHERE item_table = %1 AND item_id IN (SELECT item_id "
                  "FROM embedding_migration_items WHERE item_table = %1 AND swapped = %2)")
                  .arg(catalog(), sql.boolean(true)),
              {}, QStringLiteral("forget the new state"), &error) ||
        !exec(query,
              QStringLiteral(
                  "INSERT INTO embedding_item_state (item_table, item_id, content_hash, model, dimensions, "
                  "embedded_at) SELECT item_table, item_id, old_hash, old_state_model, "
                  "old_state_dimensions, COALESCE(old_embedded_at, %3) FROM embedding_migration_items "
                  "WHERE item_table = %1 AND swapped = %2 AND old_hash IS NOT NULL AND old_state_model "
                  "IS NOT NULL")
                  .arg(catalog(), sql.boolean(true), sql.now()),
              {}, QStringLiteral("restore the old state"), &error) ||
        !exec(query,
              QStringLiteral(
                  "UPDATE embedding_migration_items SET swapped = %2, old_vector = NULL, old_model = NULL, "
                  "old_embedded_at = NULL, old_hash = NULL, old_state_model = NULL, "
                  "old_state_dimensions = NULL WHERE item_table = %1")
                  .arg(catalog(), sql.boolean(false)),
              {}, QStringLiteral("clear the old vectors"), &error) ||
        !exec(query,
              QStringLiteral(
                  "UPDATE embedding_migrations SET state = 'staging', swapped_at = NULL, rolled_back_at = "
                  "%1 WHERE id = :id")
                  .arg(sql.now()),
              {{QStringLiteral(":id"), migration.id}}, QStringLiteral("record the rollback"), &error))
        return fail(error);
    query.finish();
    if (!transaction.commit(&error))
        return fail(error);
    applied.lockSeconds = timer.nsecsElapsed() / 1e9;
    return applied;
}

Result<qint64> MigrationStore::finish(const MigrationRecord& migration)
{
    const SqlDialect sql(m_schema.postgres);
    QString error;
    Transaction transaction(m_db);
    if (!transaction.begin(&error))
        return fail(error);
    QSqlQuery query(m_db);
    if (!exec(query,
              QStringLiteral("DELETE FROM embedding_migration_items WHERE item_table = %1").arg(catalog()),
              {}, QStringLiteral("drop the staged vectors"), &error))
        return fail(error);
    const qint64 rows = query.numRowsAffected();
    const QString state = migration.state == QLatin1String("swapped") ? QStringLiteral("finished")
                                                                      : QStringLiteral("rolled_back");
    if (!exec(
            query,
            QStringLiteral("UPDATE embedding_migrations SET state = :state, finished_at = %1 WHERE id = :id")
                .arg(sql.now()),
            {{QStringLiteral(":state"), state}, {QStringLiteral(":id"), migration.id}},
            QStringLiteral("record the end of the migration"), &error))
        return fail(error);
    query.finish();
    if (!transaction.commit(&error))
        return fail(error);
    return rows;
}

Result<QVector<QVector<SearchHit>>>
MigrationStore::nearestStaged(const QVector<QVector<float>>& queries, int k,
                              const std::function<bool(qint64)>& progress) const
{
    const SqlDialect sql(m_schema.postgres);
    const VectorCodec codec(m_schema.postgres ? VectorColumnKind::PgRealArray : VectorColumnKind::SqliteBlob);
    QSqlQuery query(m_db);
    QString error;
    const QString text =
        QStringLiteral(
            "SELECT m.item_id, %1, %2 FROM embedding_migration_items m JOIN %3 t ON %4 = m.item_id "
            "WHERE m.item_table = %5 AND m.vector IS NOT NULL")
            .arg(m_schema.postgres ? QStringLiteral("t.") + sql.name(m_table.titleColumn)
                                   : QStringLiteral("CAST(t.%1 AS BLOB)").arg(sql.name(m_table.titleColumn)),
                 m_schema.postgres ? QStringLiteral("array_send(m.vector)") : QStringLiteral("m.vector"),
                 sql.table(m_table.table), idText(), catalog());
    if (!exec(query, text, {}, QStringLiteral("read the staged vectors"), &error))
        return fail(error);
    std::vector<TopK> best;
    best.reserve(queries.size());
    for (qsizetype i = 0; i < queries.size(); ++i)
        best.emplace_back(k);
    qint64 rows = 0;
    QVector<float> vector;
    while (query.next()) {
        bool ok = false;
        if (m_schema.postgres) {
            ok = VectorScan::fromArraySend(query.value(2).toByteArray(), &vector);
        } else {
            const auto decoded = codec.decode(query.value(2));
            ok = decoded.has_value();
            if (ok)
                vector = *decoded;
        }
        ++rows;
        if (ok) {
            QString title;
            bool titleRead = false;
            for (qsizetype i = 0; i < queries.size(); ++i) {
                if (queries[i].size() != vector.size())
                    continue;
                const double score =
                    VectorScan::cosine(queries[i].constData(), vector.constData(), int(vector.size()));
                if (!best[size_t(i)].wouldTake(score))
                    continue;
                if (!titleRead) {
                    QString ignored;
                    title = readText(query.value(1), m_table.titleColumn, &ignored);
                    titleRead = true;
                }
                best[size_t(i)].offer(SearchHit{query.value(0).toString(), title, score, QString()});
            }
        }
        if (progress && rows % 1000 == 0 && !progress(rows))
            return fail(QStringLiteral("cancelled"));
    }
    if (query.lastError().isValid())
        return fail(QStringLiteral("cannot read the staged vectors: ") + queryError(query));
    QVector<QVector<SearchHit>> result;
    for (TopK& top : best)
        result.append(top.take());
    return result;
}

} // namespace ec
