#include "store/ItemStore.h"

#include "store/CatalogSql.h"
#include "store/Migrations.h"
#include "store/SchemaInspector.h"
#include "store/TextDecoding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

struct ItemStore::Selection
{
    /// SQLite: only the rows whose id is stored as a BLOB (they cannot be bound by text, so
    /// the console cannot address them); otherwise such rows are left out of the scan.
    bool blobIdsOnly = false;
    bool withBlobIds = false; ///< SQLite: rows of every id type (counts)
    QString model;
    int dimensions = 0;
    QString afterId;
    int limit = 500;
    QStringList onlyIds;
    bool onlyPending = false;
    bool applyExclusions = false;
    bool includeParked = false;
    bool ignoreBackoff = false;
    bool ignoreLeases = false;
    QString leaseOwner;
    bool staging = false;        ///< PendingQuery::staging
    qint64 stagingBatchesOf = 0; ///< PendingQuery::stagingBatchesOf
};

namespace {

constexpr int kMaxPageSize = 100000;
constexpr int kMaxOnlyIds = 1000;

using Bindings = QVector<std::pair<QString, QVariant>>;

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

bool execQuery(QSqlQuery& query, const QString& sql, const Bindings& bindings, const QString& what,
               QString* error)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fail(error,
                    QStringLiteral("cannot %1: %2").arg(what, firstLine(query.lastError().databaseText())));
    for (const auto& [name, value] : bindings)
        query.bindValue(name, value);
    if (!query.exec())
        return fail(error,
                    QStringLiteral("cannot %1: %2").arg(what, firstLine(query.lastError().databaseText())));
    return true;
}

} // namespace

ItemStore::ItemStore(std::unique_ptr<DatabaseConnection> connection, TableSpec table, CatalogSchema schema)
    : m_connection(std::move(connection))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
    , m_dialect(m_schema.postgres)
    , m_codec(m_schema.vectorKind)
{}

ItemStore::~ItemStore()
{
    // PGlite serves every connection from one session: what a read-only session set up must
    // not outlive it there (elsewhere it ends with the session anyway).
    if (!m_consoleTables.isEmpty() && m_schema.pglite) {
        QSqlQuery query(database());
        query.exec(QStringLiteral("DISCARD TEMP"));
        query.exec(QStringLiteral("RESET default_transaction_read_only"));
    }
}

bool ItemStore::consoleTableKnown(const QString& table) const
{
    for (const ConsoleTableAccess& access : m_consoleTables) {
        if (access.table == table)
            return access.known();
    }
    return true;
}

std::unique_ptr<ItemStore> ItemStore::open(const AppConfig& config, const QString& connectionName,
                                           QString* error, const StoreOptions& options)
{
    if (!config.table.validate(error))
        return nullptr;
    ConnectOptions connect = options.connect;
    if (!options.migrate)
        connect.sqliteReadOnly = true;
    auto connection = DatabaseConnection::open(config.effectiveDatabaseUrl(), connectionName, error, connect);
    if (!connection)
        return nullptr;
    return attach(std::move(connection), config.table, error, options);
}

std::unique_ptr<ItemStore> ItemStore::attach(std::unique_ptr<DatabaseConnection> connection,
                                             const TableSpec& table, QString* error,
                                             const StoreOptions& options)
{
    if (!connection) {
        fail(error, QStringLiteral("internal error: no database connection"));
        return nullptr;
    }
    QSqlDatabase db = connection->database();
    const bool postgres = connection->isPostgres();
    auto schema = SchemaInspector::inspect(db, postgres, table, connection->serverVersion(), error);
    if (!schema)
        return nullptr;
    if (options.migrate && !Migrations::apply(db, postgres, SqlDialect::catalogKey(table.table), error))
        return nullptr;
    QVector<ConsoleTableAccess> consoleTables;
    if (!options.migrate) {
        consoleTables = ConsoleTables::standIn(db, postgres);
        // From here on nothing of this session writes (temporary tables are made already).
        if (postgres) {
            QSqlQuery readOnly(db);
            readOnly.exec(QStringLiteral("SET default_transaction_read_only = on"));
        }
    }
    db = QSqlDatabase();
    std::unique_ptr<ItemStore> store(new ItemStore(std::move(connection), table, *schema));
    store->m_consoleTables = std::move(consoleTables);
    return store;
}

Result<StatusCounts> ItemStore::status(const EmbeddingSettings& embedding) const
{
    QString errorText;
    QString* error = &errorText;
    const CatalogSql c(m_dialect, m_table, m_schema);
    const int dims = embedding.effectiveDimensions();
    // Read-only sessions where even a stand-in for it could not be made count no failures.
    bool failures = true;
    for (const ConsoleTableAccess& access : m_consoleTables)
        failures = failures && (access.table != QLatin1String("embedding_failures") || access.queryable());
    const QString sql =
        QStringLiteral("SELECT count(*), count(%1), round(count(%1) * 100.0 / NULLIF(count(*), 0), 2), %2, "
                       "COALESCE(SUM(CASE WHEN %3 THEN 1 ELSE 0 END), 0), "
                       "COALESCE(SUM(CASE WHEN %1 IS NOT NULL AND NOT %3 AND %4 THEN 1 ELSE 0 END), 0), "
                       "%6, %7 FROM %5")
            .arg(c.embedding(),
                 m_dialect.timestampSelect(QStringLiteral("max(%1)").arg(c.col(m_table.embeddedAtColumn))),
                 c.otherModel(dims), c.outdated(), c.from(),
                 failures ? QStringLiteral("(SELECT count(*) FROM embedding_failures WHERE item_table = %1)")
                                .arg(SqlDialect::catalogLiteral(m_table.table))
                          : QStringLiteral("0"),
                 failures ? QStringLiteral("(SELECT count(*) FROM embedding_failures WHERE item_table = %1 "
                                           "AND parked = %2)")
                                .arg(SqlDialect::catalogLiteral(m_table.table), m_dialect.boolean(true))
                          : QStringLiteral("0"));
    QSqlQuery query(database());
    if (!execQuery(query, sql, {{QStringLiteral(":model"), embedding.model}},
                   QStringLiteral("read the status"), error))
        return Result<StatusCounts>::failure(errorText);
    if (!query.next()) {
        fail(error, QStringLiteral("cannot read the status: no result"));
        return Result<StatusCounts>::failure(errorText);
    }
    StatusCounts counts;
    counts.totalItems = query.value(0).toLongLong();
    counts.embeddedItems = query.value(1).toLongLong();
    counts.progressPercent = query.value(2).isNull() ? 0.0 : query.value(2).toDouble();
    counts.lastUpdate = m_dialect.readTimestamp(query.value(3));
    counts.pendingMissing = counts.totalItems - counts.embeddedItems;
    counts.pendingOtherModel = query.value(4).toLongLong();
    counts.pendingOutdated = query.value(5).toLongLong();
    counts.failedItems = query.value(6).toLongLong();
    counts.parkedItems = query.value(7).toLongLong();
    return counts;
}

bool ItemStore::buildFilter(const Selection& s, PageFilter* filter, QString* error) const
{
    if (error)
        error->clear();
    if (s.limit < 1 || s.limit > kMaxPageSize)
        return fail(error, QStringLiteral("page size must be between 1 and %1").arg(kMaxPageSize));
    if (s.onlyIds.size() > kMaxOnlyIds)
        return fail(error, QStringLiteral("at most %1 ids can be selected at once").arg(kMaxOnlyIds));
    const CatalogSql c(m_dialect, m_table, m_schema);
    Bindings& bindings = filter->bindings;
    bindings = {{QStringLiteral(":model"), s.model}};
    QStringList where;
    if (!s.afterId.isEmpty()) {
        where << c.id() + QStringLiteral(" > ") +
                     m_dialect.idParam(QStringLiteral(":after"), m_schema.idKind);
        bindings.append({QStringLiteral(":after"), SqlDialect::idValue(s.afterId, m_schema.idKind)});
    }
    if (!s.onlyIds.isEmpty()) {
        QStringList holders;
        for (qsizetype i = 0; i < s.onlyIds.size(); ++i) {
            const QString holder = QStringLiteral(":id%1").arg(i);
            holders << m_dialect.idParam(holder, m_schema.idKind);
            bindings.append({holder, SqlDialect::idValue(s.onlyIds[i], m_schema.idKind)});
        }
        where << c.id() + QStringLiteral(" IN (") + holders.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    if (!m_schema.postgres && !s.withBlobIds)
        where << QStringLiteral("typeof(%1) %2 'blob'")
                     .arg(c.id(), s.blobIdsOnly ? QStringLiteral("=") : QStringLiteral("<>"));
    if (s.onlyPending && !s.staging)
        where << c.pending(s.dimensions);
    QStringList eligible;
    if (s.staging)
        eligible << QStringLiteral("(m.item_id IS NULL OR %1)").arg(stagedStale());
    if (s.staging && s.stagingBatchesOf > 0) {
        // Not behind an open staging batch of the migration (BatchRunner): the batch stages it.
        eligible << QStringLiteral(
                        "NOT EXISTS (SELECT 1 FROM embedding_batch_items bi JOIN embedding_batches b "
                        "ON b.id = bi.batch_row WHERE bi.item_table = %2 AND bi.item_id = %1 AND "
                        "b.migration_id = :stagingmigration AND b.state NOT IN ('collected', "
                        "'abandoned'))")
                        .arg(c.idText(), SqlDialect::catalogLiteral(m_table.table));
        bindings.append({QStringLiteral(":stagingmigration"), s.stagingBatchesOf});
    }
    if (s.applyExclusions) {
        const QString now = m_dialect.comparableTimestamp(m_dialect.now());
        if (!s.ignoreLeases) {
            // not held by another worker (the lease join of stateJoins())
            eligible << QStringLiteral("l.item_id IS NULL");
            bindings.append({QStringLiteral(":owner"), s.leaseOwner});
        }
        if (!s.ignoreBackoff)
            eligible << QStringLiteral("(f.next_retry_at IS NULL OR %1 <= %2)")
                            .arg(m_dialect.comparableTimestamp(QStringLiteral("f.next_retry_at")), now);
        if (!s.includeParked)
            eligible << QStringLiteral("(f.parked IS NULL OR f.parked = %1 OR %2 > %3)")
                            .arg(m_dialect.boolean(false),
                                 m_dialect.comparableTimestamp(c.col(m_table.updatedAtColumn)),
                                 m_dialect.comparableTimestamp(QStringLiteral("f.last_seen")));
    }
    filter->where =
        where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "));
    filter->eligible = eligible.join(QStringLiteral(" AND "));
    filter->withLeases = s.applyExclusions && !s.ignoreLeases;
    filter->staging = s.staging;
    return true;
}

QString ItemStore::stagedStale() const
{
    const CatalogSql c(m_dialect, m_table, m_schema);
    const QString updated = c.col(m_table.updatedAtColumn);
    return QStringLiteral("(%1 IS NOT NULL AND %2 > %3)")
        .arg(updated, m_dialect.comparableTimestamp(updated),
             m_dialect.comparableTimestamp(QStringLiteral("m.staged_asof")));
}

QString ItemStore::stateJoins(bool withLeases, JoinStyle style, bool staging) const
{
    const CatalogSql c(m_dialect, m_table, m_schema);
    const QString id = c.idText();
    const QString catalog = SqlDialect::catalogLiteral(m_table.table);
    if (staging) {
        // A migration's staging reads the staged row of each item, nothing of a run's state.
        if (!m_dialect.postgres() || style == JoinStyle::Set)
            return QStringLiteral(
                       "LEFT JOIN embedding_migration_items m ON m.item_table = %2 AND m.item_id = %1")
                .arg(id, catalog);
        return QStringLiteral(
                   "LEFT JOIN LATERAL (SELECT m.item_id, m.content_hash, m.staged_asof FROM "
                   "embedding_migration_items m WHERE m.item_table = %2 AND m.item_id = %1 LIMIT 1) m "
                   "ON true")
            .arg(id, catalog);
    }
    if (!m_dialect.postgres() || style == JoinStyle::Set) {
        // SQLite probes the primary keys row by row on its own; a count over the whole table is
        // best left to the planner.
        QString joins =
            QStringLiteral("LEFT JOIN embedding_item_state s ON s.item_table = %2 AND s.item_id = %1 "
                           "LEFT JOIN embedding_failures f ON f.item_table = %2 AND f.item_id = %1")
                .arg(id, catalog);
        if (withLeases)
            joins +=
                QStringLiteral(" LEFT JOIN embedding_leases l ON l.item_table = %4 AND l.item_id = %1 AND "
                               "%2 > %3 AND l.owner <> :owner")
                    .arg(id, m_dialect.comparableTimestamp(QStringLiteral("l.expires_at")),
                         m_dialect.comparableTimestamp(m_dialect.now()), catalog);
        return joins;
    }
    // One index probe per row; LIMIT 1 keeps each subquery from being pulled up into a join the
    // planner could turn into a hash of the whole (growing) state table.
    QString joins =
        QStringLiteral(
            "LEFT JOIN LATERAL (SELECT s.model, s.dimensions, s.content_hash FROM "
            "embedding_item_state s WHERE s.item_table = %2 AND s.item_id = %1 LIMIT 1) s ON true "
            "LEFT JOIN LATERAL (SELECT f.attempts, f.next_retry_at, f.parked, f.last_seen "
            "FROM embedding_failures f WHERE f.item_table = %2 AND f.item_id = %1 LIMIT 1) f ON true")
            .arg(id, catalog);
    if (withLeases)
        joins += QStringLiteral(" LEFT JOIN LATERAL (SELECT l.item_id FROM embedding_leases l WHERE "
                                "l.item_table = %2 AND l.item_id = %1 AND l.expires_at > now() AND "
                                "l.owner <> :owner LIMIT 1) l ON true")
                     .arg(id, catalog);
    return joins;
}

QVector<CatalogItem> ItemStore::fetchItems(const Selection& selection, QString* error) const
{
    const CatalogSql c(m_dialect, m_table, m_schema);
    Selection s = selection;
    QVector<CatalogItem> items;
    items.reserve(s.limit < 1000 ? s.limit : 1000);
    // Each round reads the next `limit` rows of the table by key (an index range scan that stops
    // at its LIMIT, whatever the planner thinks of the filters below) and only then looks up
    // their state, failures and leases. Rows left out by those come back marked, so the scan
    // moves past them; the round repeats until the page is full or the table ends.
    while (true) {
        PageFilter filter;
        if (!buildFilter(s, &filter, error))
            return {};
        const QString eligible = filter.eligible.isEmpty()
                                     ? QStringLiteral("1")
                                     : QStringLiteral("CASE WHEN %1 THEN 1 ELSE 0 END").arg(filter.eligible);
        const QString sql =
            QStringLiteral("SELECT %1, %2, %3, %4, %5, %6, %7, %14, %8 "
                           "FROM (SELECT t.* FROM %9 %10 ORDER BY %11 LIMIT %12) t %13 ORDER BY %11")
                .arg(c.idText(), c.text(c.col(m_table.titleColumn)), c.text(c.col(m_table.summaryColumn)),
                     c.tags(), m_dialect.timestampSelect(c.col(m_table.updatedAtColumn)),
                     s.staging
                         ? QStringLiteral("CASE WHEN m.item_id IS NULL THEN 0 WHEN %1 THEN 1 ELSE -1 END")
                               .arg(stagedStale())
                         : c.reason(s.dimensions),
                     s.staging ? QStringLiteral("m.content_hash") : c.embeddedHash(s.dimensions), eligible,
                     c.from())
                .arg(filter.where, c.id())
                .arg(s.limit)
                .arg(stateJoins(filter.withLeases, JoinStyle::Probe, s.staging),
                     s.staging ? QStringLiteral("0") : QStringLiteral("COALESCE(f.attempts, 0)"));

        QSqlQuery query(database());
        if (!execQuery(query, sql, filter.bindings, QStringLiteral("read the items of %1").arg(m_table.table),
                       error))
            return {};
        int scanned = 0;
        QString lastScanned;
        while (query.next()) {
            ++scanned;
            lastScanned = query.value(0).toString();
            if (query.value(8).toInt() == 0 || items.size() >= s.limit)
                continue;
            CatalogItem item;
            item.id = lastScanned;
            item.title = readText(query.value(1), m_table.titleColumn, &item.unreadable);
            item.summary = readText(query.value(2), m_table.summaryColumn, &item.unreadable);
            item.tags =
                decodeTags(readText(query.value(3), m_table.tagsColumn, &item.unreadable), m_schema.tagsKind);
            if (s.blobIdsOnly)
                item.unreadable = QStringLiteral("%1 is stored as a BLOB, which the console cannot address: "
                                                 "store it as TEXT or INTEGER to embed this row")
                                      .arg(m_table.idColumn);
            item.updatedAt = m_dialect.readTimestamp(query.value(4));
            const int reason = query.value(5).toInt();
            item.pending = reason >= 0;
            item.reason = reason == 2   ? PendingReason::OtherModel
                          : reason == 1 ? PendingReason::Outdated
                                        : PendingReason::Missing;
            item.embeddedHash = query.value(6).toString().toLatin1();
            item.failedAttempts = query.value(7).toInt();
            items.append(std::move(item));
        }
        if (query.lastError().isValid()) {
            fail(error, QStringLiteral("cannot read the items of %1: %2")
                            .arg(m_table.table, firstLine(query.lastError().databaseText())));
            return {};
        }
        if (items.size() >= s.limit || scanned < s.limit)
            return items;
        s.afterId = lastScanned;
    }
}

ItemStore::Selection ItemStore::selectionFor(const PendingQuery& q)
{
    Selection s;
    s.model = q.model;
    s.dimensions = q.dimensions;
    s.afterId = q.afterId;
    s.limit = q.limit;
    s.onlyIds = q.onlyIds;
    s.onlyPending = true;
    s.applyExclusions = true;
    s.includeParked = q.includeParked;
    s.ignoreBackoff = q.ignoreBackoff;
    s.ignoreLeases = q.ignoreLeases;
    s.leaseOwner = q.leaseOwner;
    s.staging = q.staging;
    s.stagingBatchesOf = q.stagingBatchesOf;
    if (q.staging) {
        s.onlyPending = false; // the staging condition is what the join decides (buildFilter)
        s.ignoreLeases = true;
        s.ignoreBackoff = true;
        s.includeParked = true;
    }
    return s;
}

QVector<CatalogItem> ItemStore::pendingPage(const PendingQuery& q, QString* error) const
{
    return fetchItems(selectionFor(q), error);
}

QVector<CatalogItem> ItemStore::unaddressablePending(const PendingQuery& q, QString* error) const
{
    if (error)
        error->clear();
    if (m_schema.postgres)
        return {};
    Selection s = selectionFor(q);
    s.blobIdsOnly = true;
    s.afterId.clear();
    s.limit = std::min(q.limit, kMaxOnlyIds);
    return fetchItems(s, error);
}

Result<qint64> ItemStore::pendingCount(const PendingQuery& q) const
{
    QString errorText;
    QString* error = &errorText;
    Selection s = selectionFor(q);
    s.afterId.clear();
    s.limit = 1;
    s.withBlobIds = true; // unaddressablePending() reports them: they are part of the run
    PageFilter filter;
    if (!buildFilter(s, &filter, error))
        return Result<qint64>::failure(errorText);
    const CatalogSql c(m_dialect, m_table, m_schema);
    QString where = filter.where;
    if (!filter.eligible.isEmpty())
        where += (where.isEmpty() ? QStringLiteral("WHERE ") : QStringLiteral(" AND ")) + filter.eligible;
    const QString sql =
        QStringLiteral("SELECT count(*) FROM %1 %2 %3")
            .arg(c.from(), stateJoins(filter.withLeases, JoinStyle::Set, filter.staging), where);
    QSqlQuery query(database());
    if (!execQuery(query, sql, filter.bindings, QStringLiteral("count the pending items"), error) ||
        !query.next())
        return Result<qint64>::failure(errorText);
    return query.value(0).toLongLong();
}

QVector<CatalogItem> ItemStore::itemsPage(const ItemsQuery& q, QString* error) const
{
    Selection s;
    s.model = q.model;
    s.dimensions = q.dimensions;
    s.afterId = q.afterId;
    s.limit = q.limit;
    s.onlyPending = q.onlyPending;
    return fetchItems(s, error);
}

std::optional<CatalogItem> ItemStore::item(const QString& id, const EmbeddingSettings& embedding,
                                           QString* error) const
{
    Selection s;
    s.model = embedding.model;
    s.dimensions = embedding.effectiveDimensions();
    s.onlyIds = {id};
    s.limit = 1;
    const QVector<CatalogItem> items = fetchItems(s, error);
    if (items.isEmpty())
        return std::nullopt;
    return items.first();
}

std::optional<QVector<float>> ItemStore::vector(const QString& id, QString* error) const
{
    const CatalogSql c(m_dialect, m_table, m_schema);
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3 = %4")
                            .arg(m_dialect.vectorSelect(c.embedding(), m_schema.vectorKind), c.from(), c.id(),
                                 m_dialect.idParam(QStringLiteral(":id"), m_schema.idKind));
    QSqlQuery query(database());
    if (!execQuery(query, sql, {{QStringLiteral(":id"), SqlDialect::idValue(id, m_schema.idKind)}},
                   QStringLiteral("read the vector of %1").arg(id), error))
        return std::nullopt;
    if (!query.next()) {
        if (error)
            error->clear();
        return std::nullopt;
    }
    return m_codec.decode(query.value(0), error);
}

QStringList ItemStore::idsNotFound(const QStringList& ids, QString* error) const
{
    if (ids.isEmpty())
        return {};
    const QString idText = m_dialect.idAsText(QStringLiteral("t.") + sqlColumn(m_table.idColumn));
    const QString given =
        isPostgres() ? QStringLiteral("SELECT value FROM jsonb_array_elements_text(CAST(:ids AS jsonb))")
                     : QStringLiteral("SELECT value FROM json_each(:ids)");
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + idText + QStringLiteral(" FROM ") + sqlTable() +
                  QStringLiteral(" AS t WHERE ") + idText + QStringLiteral(" IN (") + given +
                  QLatin1Char(')'));
    query.bindValue(
        QStringLiteral(":ids"),
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact)));
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot look up the ids: ") + firstLine(query.lastError().databaseText());
        return {};
    }
    QSet<QString> found;
    while (query.next())
        found.insert(query.value(0).toString());
    QStringList missing;
    for (const QString& id : ids) {
        if (!found.contains(id))
            missing << id;
    }
    return missing;
}

} // namespace ec
