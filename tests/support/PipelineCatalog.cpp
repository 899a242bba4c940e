#include "PipelineCatalog.h"

#include "PgCluster.h"
#include "store/Database.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace ec::test {

namespace {
/// A short-lived connection of its own, so the test's own SQL never shares the pipeline's.
/// Opened like the store's (which waits for PGlite's one session to be free).
class Connection
{
public:
    /// searchPath: schemas to look in first (PGlite), empty for the default.
    Connection(const QString& url, const QString& searchPath = QString())
    {
        QString error;
        m_connection = DatabaseConnection::open(url, QString(), &error);
        if (!m_connection)
            qWarning("cannot open %s: %s", qPrintable(url), qPrintable(error));
        else if (!searchPath.isEmpty())
            QSqlQuery(db()).exec(QStringLiteral("SET search_path TO %1, public").arg(searchPath));
    }
    QSqlDatabase db() const { return m_connection ? m_connection->database() : QSqlDatabase(); }

private:
    std::unique_ptr<DatabaseConnection> m_connection;
};
} // namespace

PipelineCatalog::PipelineCatalog(const QString& backend, const QString& serverUrl)
    : m_backend(backend)
    , m_postgres(backend != QLatin1String("sqlite"))
{
    if (backend == QLatin1String("pglite")) {
        const QString url = PgCluster::pgliteUrl();
        if (url.isEmpty()) {
            m_error = QStringLiteral("no PGlite fixture");
            return;
        }
        m_schema = PgCluster::uniqueName(QStringLiteral("pipe"));
        if (!PgCluster::exec(
                url,
                QStringLiteral("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public; CREATE SCHEMA %1")
                    .arg(m_schema),
                &m_error))
            return;
        m_url = url;
    } else if (m_postgres) {
        if (PgCluster::url().isEmpty() && serverUrl.isEmpty()) {
            m_error = QStringLiteral("no PostgreSQL fixture");
            return;
        }
        const QString options = backend == QLatin1String("postgres-sql_ascii")
                                    ? QStringLiteral("ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' "
                                                     "LC_CTYPE 'C'")
                                    : QString();
        m_scratch = std::make_unique<ScratchDatabase>(QStringLiteral("pipe"), options, serverUrl);
        if (!m_scratch->isValid()) {
            m_error = m_scratch->error();
            return;
        }
        m_url = m_scratch->url();
    } else {
        m_url = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("catalog.db"));
    }
}

PipelineCatalog::~PipelineCatalog()
{
    if (m_schema.isEmpty() || m_url.isEmpty())
        return;
    // PGlite's one database outlives the test: drop the catalog and what the console keeps of it.
    QString ignored;
    PgCluster::exec(m_url, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(m_schema), &ignored);
    for (const char* table : {"embedding_item_state", "embedding_failures", "embedding_leases"})
        PgCluster::exec(
            m_url,
            QStringLiteral("DELETE FROM %1 WHERE item_table LIKE '%2.%'").arg(QLatin1String(table), m_schema),
            &ignored);
}

QString PipelineCatalog::table(const QString& name) const
{
    return m_schema.isEmpty() ? name : m_schema + QLatin1Char('.') + name;
}

bool PipelineCatalog::exec(const QString& sql)
{
    Connection connection(m_url, m_schema);
    QSqlQuery query(connection.db());
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

std::optional<QString> PipelineCatalog::scalar(const QString& sql)
{
    Connection connection(m_url, m_schema);
    QSqlQuery query(connection.db());
    if (!query.exec(sql) || !query.next()) {
        m_error = query.lastError().text();
        return std::nullopt;
    }
    return query.value(0).toString();
}

qint64 PipelineCatalog::count(const QString& where, const QString& table)
{
    return scalar(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(table, where))
        .value_or(QStringLiteral("-1"))
        .toLongLong();
}

bool PipelineCatalog::create(int items, int distinct, const QString& table, const QString& titlePrefix)
{
    if (m_postgres) {
        return exec(QStringLiteral(
                        "CREATE TABLE %1 (id text PRIMARY KEY, title text NOT NULL, summary text, "
                        "tags text[], embedding %2, embedding_model text, "
                        "embedding_updated_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now())")
                        .arg(table,
                             m_schema.isEmpty() ? QStringLiteral("real[]") : QStringLiteral("vector(64)"))) &&
               exec(QStringLiteral("INSERT INTO %3 (id, title, summary, tags) "
                                   "SELECT 'item-' || lpad(g::text, 6, '0'), '%4' || (g % %2), "
                                   "'검색용 요약 summary', ARRAY['ai', '도구'] FROM generate_series(1, %1) g")
                        .arg(items)
                        .arg(distinct)
                        .arg(table, titlePrefix));
    }
    return exec(QStringLiteral("CREATE TABLE %1 (id TEXT PRIMARY KEY, title TEXT NOT NULL, summary TEXT, "
                               "tags TEXT, embedding BLOB, embedding_model TEXT, embedding_updated_at TEXT, "
                               "updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))")
                    .arg(table)) &&
           exec(QStringLiteral(
                    "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %1) "
                    "INSERT INTO %3 (id, title, summary, tags) "
                    "SELECT 'item-' || substr('000000' || g, -6), '%4' || (g % %2), '검색용 요약 summary', "
                    "'[\"ai\",\"도구\"]' FROM s")
                    .arg(items)
                    .arg(distinct)
                    .arg(table, titlePrefix));
}

QString PipelineCatalog::now() const
{
    return m_postgres ? QStringLiteral("now()") : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ','now')");
}

AppConfig PipelineCatalog::config() const
{
    AppConfig config;
    config.databaseUrl = m_url;
    config.table.table = table(QStringLiteral("ai_items"));
    config.embedding.model = QStringLiteral("text-embedding-3-small");
    config.embedding.dimensions = 64; // small vectors keep the suite fast; 3-small accepts `dimensions`
    config.batch.batchSize = 50;
    config.api.concurrency = 4;
    config.run.pageSize = 200;
    return config;
}

} // namespace ec::test
