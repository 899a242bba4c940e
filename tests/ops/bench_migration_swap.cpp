// Measures `embedctl migrate --swap` (ops/ModelMigration, store/MigrationStore::swap): fills a
// scratch table with --items rows of --dims floats (the old model) and stages a vector for every
// row (the new model; the values do not change the cost, so the staged vector is the row's own),
// then times the swap — its whole duration and its one transaction, which is how long the
// operator's rows stay locked — and the rollback. Meanwhile a second connection reads rows of
// the table in a loop: how many reads it finished during the swap and the slowest one say whether
// readers were blocked. Not a test: timings belong in docs/performance.md, not in assertions.
//
//   swap_bench --db sqlite:///tmp/bench.db|postgresql://… [--items 100000] [--dims 1536] [--keep]

#include "ops/ModelMigration.h"
#include "store/Database.h"
#include "store/ItemStore.h"
#include "store/MigrationStore.h"
#include "store/VectorCodec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>

#include <atomic>
#include <thread>

using namespace ec;

namespace {

bool run(QSqlDatabase db, const QString& sql, QString* error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = sql.left(80) + QStringLiteral(": ") + query.lastError().text();
    return false;
}

bool fill(QSqlDatabase db, bool postgres, const QString& table, int items, int dims, QString* error)
{
    if (!run(db, QStringLiteral("DROP TABLE IF EXISTS %1").arg(table), error))
        return false;
    if (postgres) {
        // 1,000 random vectors, repeated.
        return run(db,
                   QStringLiteral(
                       "CREATE TABLE %1 (id bigint PRIMARY KEY, title text NOT NULL, summary text, "
                       "tags text[], embedding real[], embedding_model text, embedding_updated_at "
                       "timestamptz, updated_at timestamptz NOT NULL DEFAULT now() - interval '1 day')")
                       .arg(table),
                   error) &&
               run(db,
                   QStringLiteral(
                       "INSERT INTO %1 (id, title, embedding, embedding_model, embedding_updated_at) "
                       "SELECT g, 'item ' || g, v.embedding, 'text-embedding-ada-002', now() FROM "
                       "generate_series(1, %2) g JOIN (SELECT k, ARRAY(SELECT (random() * 2 - 1)::real "
                       "FROM generate_series(1, %3) d WHERE k >= 0) AS embedding FROM "
                       "generate_series(0, 999) k) v ON v.k = g % 1000")
                       .arg(table)
                       .arg(items)
                       .arg(dims),
                   error) &&
               run(db, QStringLiteral("VACUUM ANALYZE %1").arg(table), error);
    }
    if (!run(db,
             QStringLiteral(
                 "CREATE TABLE %1 (id INTEGER PRIMARY KEY, title TEXT NOT NULL, summary TEXT, tags TEXT, "
                 "embedding BLOB, embedding_model TEXT, embedding_updated_at TEXT, updated_at TEXT)")
                 .arg(table),
             error))
        return false;
    db.transaction();
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO %1 (id, title, embedding, embedding_model, embedding_updated_at, "
                       "updated_at) VALUES (?, ?, ?, 'text-embedding-ada-002', '2026-01-01', "
                       "'2025-01-01')")
            .arg(table));
    QRandomGenerator random(7);
    QVector<QByteArray> vectors;
    for (int i = 0; i < 1000; ++i) {
        QVector<float> v(dims);
        for (float& x : v)
            x = float(random.generateDouble() * 2 - 1);
        vectors.append(VectorCodec::toBlob(v));
    }
    for (int i = 1; i <= items; ++i) {
        insert.addBindValue(i);
        insert.addBindValue(QStringLiteral("item %1").arg(i));
        insert.addBindValue(vectors.at(i % 1000));
        if (!insert.exec()) {
            *error = insert.lastError().text();
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

/// Reads single rows on a connection of its own until stopped: reads done, slowest read.
class Reader
{
public:
    Reader(QString url, QString table, int items)
        : m_url(std::move(url))
        , m_table(std::move(table))
        , m_items(items)
    {}
    void start()
    {
        m_thread = std::thread([this] { loop(); });
        while (!m_ready.load())
            std::this_thread::yield();
    }
    /// Counts from now on.
    void mark()
    {
        m_reads.store(0);
        m_slowestNs.store(0);
    }
    void stop()
    {
        m_stop.store(true);
        m_thread.join();
    }
    qint64 reads() const { return m_reads.load(); }
    double slowestMs() const { return m_slowestNs.load() / 1e6; }

private:
    void loop()
    {
        QString error;
        auto connection = DatabaseConnection::open(m_url, QStringLiteral("bench-reader"), &error);
        m_ready.store(true);
        if (!connection)
            return;
        {
            QSqlQuery query(connection->database());
            query.prepare(
                QStringLiteral("SELECT length(CAST(embedding AS text)), embedding_model FROM %1 WHERE id = ?")
                    .arg(m_table));
            QRandomGenerator random(3);
            while (!m_stop.load()) {
                QElapsedTimer timer;
                timer.start();
                query.addBindValue(1 + int(random.bounded(m_items)));
                if (query.exec() && query.next()) {
                    const qint64 ns = timer.nsecsElapsed();
                    m_reads.fetch_add(1);
                    if (ns > m_slowestNs.load())
                        m_slowestNs.store(ns);
                }
                query.finish();
            }
        }
        connection.reset();
    }

    QString m_url;
    QString m_table;
    int m_items;
    std::thread m_thread;
    std::atomic<bool> m_ready{false};
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_reads{0};
    std::atomic<qint64> m_slowestNs{0};
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("db"), QStringLiteral("Database URL."), QStringLiteral("url")},
                  {QStringLiteral("items"), QStringLiteral("Rows (default 100000)."), QStringLiteral("n")},
                  {QStringLiteral("dims"), QStringLiteral("Dimensions (default 1536)."), QStringLiteral("n")},
                  {QStringLiteral("keep"), QStringLiteral("Reuse a filled table.")}});
    p.process(app);
    QTextStream out(stdout);
    const QString url = p.value(QStringLiteral("db"));
    const int items = p.isSet(QStringLiteral("items")) ? p.value(QStringLiteral("items")).toInt() : 100000;
    const int dims = p.isSet(QStringLiteral("dims")) ? p.value(QStringLiteral("dims")).toInt() : 1536;
    const QString table = QStringLiteral("swap_bench_%1").arg(items);
    const bool postgres = !url.startsWith(QLatin1String("sqlite:"));
    QString error;
    AppConfig config;
    config.databaseUrl = url;
    config.table.table = table;
    {
        auto connection = DatabaseConnection::open(url, QStringLiteral("bench-fill"), &error);
        if (!connection) {
            out << "cannot connect: " << error << Qt::endl;
            return 1;
        }
        QSqlDatabase db = connection->database();
        QSqlQuery count(db);
        const bool reuse = p.isSet(QStringLiteral("keep")) &&
                           count.exec(QStringLiteral("SELECT count(*) FROM %1").arg(table)) && count.next() &&
                           count.value(0).toInt() == items;
        count.finish();
        if (!reuse) {
            QElapsedTimer t;
            t.start();
            if (!fill(db, postgres, table, items, dims, &error)) {
                out << "cannot fill: " << error << Qt::endl;
                return 1;
            }
            out << "filled " << items << " x " << dims << " in " << t.elapsed() / 1000.0 << " s" << Qt::endl;
        }
    }
    auto store = ItemStore::open(config, QStringLiteral("bench-swap"), &error);
    if (!store) {
        out << "cannot open: " << error << Qt::endl;
        return 1;
    }
    out << "backend " << store->schema().serverVersion << ", column " << store->schema().embeddingType
        << Qt::endl;
    QSqlDatabase db = store->database();
    const QString catalog = SqlDialect::catalogLiteral(table);
    {
        // A clean migration, every row staged (the staging table filled by SQL: the staging run is
        // not what is measured here).
        QElapsedTimer t;
        t.start();
        MigrationStore migrations(db, store->table(), store->schema());
        if (const auto active = migrations.active(); active && *active)
            (void)migrations.finish(**active);
        const Result<qint64> id = migrations.create(QStringLiteral("text-embedding-ada-002"), dims,
                                                    QStringLiteral("text-embedding-3-small"), dims);
        if (!id ||
            !run(db,
                 QStringLiteral("INSERT INTO embedding_migration_items (item_table, item_id, migration_id, "
                                "content_hash, vector, tokens, staged_asof) SELECT %1, CAST(id AS text), %2, "
                                "'bench', embedding, 10, %3 FROM %4")
                     .arg(catalog)
                     .arg(id.valueOr(0))
                     .arg(store->dialect().now(), table),
                 &error)) {
            out << "cannot stage: " << (id ? error : id.error()) << Qt::endl;
            return 1;
        }
        if (postgres)
            run(db, QStringLiteral("VACUUM ANALYZE embedding_migration_items"), &error);
        out << "staged " << items << " rows in " << t.elapsed() / 1000.0 << " s" << Qt::endl;
    }
    Reader reader(url, store->sqlTable(), items);
    reader.start();
    QThread::msleep(300);
    reader.mark();
    const Result<MigrationSwapResult> swapped = migration::swap(*store);
    const qint64 readsDuringSwap = reader.reads();
    const double slowestDuringSwap = reader.slowestMs();
    if (!swapped) {
        reader.stop();
        out << "swap failed: " << swapped.error() << Qt::endl;
        return 1;
    }
    out << QStringLiteral("swap: %1 rows in %2 s, the transaction (rows locked) %3 s; a reader on another "
                          "connection finished %4 reads meanwhile, the slowest %5 ms")
               .arg(swapped->rows)
               .arg(swapped->seconds, 0, 'f', 2)
               .arg(swapped->lockSeconds, 0, 'f', 2)
               .arg(readsDuringSwap)
               .arg(slowestDuringSwap, 0, 'f', 1)
        << Qt::endl;
    reader.mark();
    const Result<MigrationRollbackResult> rolledBack = migration::rollback(*store);
    const qint64 readsDuringRollback = reader.reads();
    const double slowestDuringRollback = reader.slowestMs();
    reader.stop();
    if (!rolledBack) {
        out << "rollback failed: " << rolledBack.error() << Qt::endl;
        return 1;
    }
    out << QStringLiteral(
               "rollback: %1 rows in %2 s, the transaction %3 s; reads meanwhile %4, the slowest %5 ms")
               .arg(rolledBack->rows)
               .arg(rolledBack->seconds, 0, 'f', 2)
               .arg(rolledBack->lockSeconds, 0, 'f', 2)
               .arg(readsDuringRollback)
               .arg(slowestDuringRollback, 0, 'f', 1)
        << Qt::endl;
    (void)migration::finish(*store);
    return 0;
}
