#include "PipelineCatalog.h"

#include "PgCluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ec::test {

namespace {
/// A short-lived connection of its own, so the test's own SQL never shares the pipeline's.
class Connection
{
public:
    Connection(const QString& url, bool postgres)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
        const QUrl parsed(url);
        if (postgres) {
            db.setHostName(parsed.host());
            db.setPort(parsed.port(5432));
            db.setUserName(parsed.userName());
            db.setPassword(parsed.password());
            db.setDatabaseName(parsed.path().mid(1));
        } else {
            db.setDatabaseName(parsed.path());
        }
        db.open();
    }
    ~Connection() { QSqlDatabase::removeDatabase(m_name); }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};
} // namespace

PipelineCatalog::PipelineCatalog(const QString& backend)
    : m_backend(backend)
    , m_postgres(backend == QLatin1String("postgres"))
{
    if (m_postgres) {
        if (PgCluster::url().isEmpty()) {
            m_error = QStringLiteral("no PostgreSQL fixture");
            return;
        }
        m_scratch = std::make_unique<ScratchDatabase>(QStringLiteral("pipe"));
        if (!m_scratch->isValid()) {
            m_error = m_scratch->error();
            return;
        }
        m_url = m_scratch->url();
    } else {
        m_url = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("catalog.db"));
    }
}

PipelineCatalog::~PipelineCatalog() = default;

bool PipelineCatalog::exec(const QString& sql)
{
    Connection connection(m_url, m_postgres);
    QSqlQuery query(connection.db());
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

std::optional<QString> PipelineCatalog::scalar(const QString& sql)
{
    Connection connection(m_url, m_postgres);
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
                        "tags text[], embedding real[], embedding_model text, "
                        "embedding_updated_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now())")
                        .arg(table)) &&
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
    config.embedding.model = QStringLiteral("text-embedding-3-small");
    config.embedding.dimensions = 64; // small vectors keep the suite fast; 3-small accepts `dimensions`
    config.batch.batchSize = 50;
    config.api.concurrency = 4;
    config.run.pageSize = 200;
    return config;
}

} // namespace ec::test
