// Measures the brute-force search of store/VectorScan (what `embedctl search` does on real[]
// and SQLite BLOB columns): fills a scratch table with --items random vectors of --dims floats,
// then ranks all of them against a random query, --repeat times, and prints rows scanned per
// second and the peak resident set of the scan (VmHWM reset before it), beside the baseline.
// Not a test: timings belong in docs/performance.md, not in assertions.
//
//   search_bench --db sqlite:///tmp/bench.db|postgresql://… [--items 100000] [--dims 1536]
//                [--repeat 3] [--keep]      (--keep: reuse the table if it has --items rows)

#include "store/Database.h"
#include "store/ItemStore.h"
#include "store/VectorCodec.h"
#include "store/VectorScan.h"
#include "util/ProcessStats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

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
        return run(db,
                   QStringLiteral(
                       "CREATE TABLE %1 (id bigint PRIMARY KEY, title text NOT NULL, summary text, "
                       "tags text[], embedding real[], embedding_model text, embedding_updated_at "
                       "timestamptz, updated_at timestamptz NOT NULL DEFAULT now())")
                       .arg(table),
                   error) &&
               run(db,
                   QStringLiteral(
                       "INSERT INTO %1 (id, title, embedding, embedding_model, embedding_updated_at) "
                       "SELECT g, 'item ' || g, ARRAY(SELECT (random() * 2 - 1)::real FROM "
                       "generate_series(1, %3) d WHERE g > 0), 'text-embedding-3-small', now() "
                       "FROM generate_series(1, %2) g")
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
                       "updated_at) VALUES (?, ?, ?, 'text-embedding-3-small', '2026-01-01', '2025-01-01')")
            .arg(table));
    QRandomGenerator random(7);
    QVector<float> v(dims);
    for (int i = 1; i <= items; ++i) {
        for (float& x : v)
            x = float(random.generateDouble() * 2 - 1);
        insert.addBindValue(i);
        insert.addBindValue(QStringLiteral("item %1").arg(i));
        insert.addBindValue(VectorCodec::toBlob(v));
        if (!insert.exec()) {
            *error = insert.lastError().text();
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("db"), QStringLiteral("Database URL."), QStringLiteral("url")},
                  {QStringLiteral("items"), QStringLiteral("Rows (default 100000)."), QStringLiteral("n")},
                  {QStringLiteral("dims"), QStringLiteral("Dimensions (default 1536)."), QStringLiteral("n")},
                  {QStringLiteral("repeat"), QStringLiteral("Searches (default 3)."), QStringLiteral("n")},
                  {QStringLiteral("keep"), QStringLiteral("Reuse a filled table.")}});
    p.process(app);
    QTextStream out(stdout);
    const QString url = p.value(QStringLiteral("db"));
    const int items = p.isSet(QStringLiteral("items")) ? p.value(QStringLiteral("items")).toInt() : 100000;
    const int dims = p.isSet(QStringLiteral("dims")) ? p.value(QStringLiteral("dims")).toInt() : 1536;
    const int repeat = p.isSet(QStringLiteral("repeat")) ? p.value(QStringLiteral("repeat")).toInt() : 3;
    const QString table = QStringLiteral("search_bench_%1").arg(items);
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
        const bool postgres = !url.startsWith(QLatin1String("sqlite:"));
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
    StoreOptions options;
    options.migrate = false;
    auto store = ItemStore::open(config, QStringLiteral("bench-search"), &error, options);
    if (!store) {
        out << "cannot open: " << error << Qt::endl;
        return 1;
    }
    QRandomGenerator random(11);
    QVector<float> query(dims);
    for (float& x : query)
        x = float(random.generateDouble() * 2 - 1);
    out << "backend " << store->schema().serverVersion << ", column " << store->schema().embeddingType
        << Qt::endl;
    for (int r = 0; r < repeat; ++r) {
        const qint64 baseline = ProcessStats::current().rssBytes;
        resetPeakRss();
        ScanStats stats;
        const auto hits =
            VectorScan::nearest(*store, query, 10, QStringLiteral("text-embedding-3-small"), &stats, &error);
        const qint64 peak = ProcessStats::current().peakRssBytes;
        if (!hits) {
            out << "search failed: " << error << Qt::endl;
            return 1;
        }
        out << QStringLiteral(
                   "search %1: %2 rows in %3 s = %4 rows/s (%5 MB/s of vectors); RSS before %6 MiB, "
                   "peak during %7 MiB; best %8 (%9)")
                   .arg(r + 1)
                   .arg(stats.scanned)
                   .arg(stats.seconds, 0, 'f', 3)
                   .arg(stats.scanned / stats.seconds, 0, 'f', 0)
                   .arg(stats.scanned * dims * 4.0 / 1e6 / stats.seconds, 0, 'f', 0)
                   .arg(baseline / 1048576.0, 0, 'f', 1)
                   .arg(peak / 1048576.0, 0, 'f', 1)
                   .arg(hits->value(0).id)
                   .arg(hits->value(0).score, 0, 'f', 4)
            << Qt::endl;
    }
    return 0;
}
