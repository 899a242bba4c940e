// Measures VectorWriter's bulk write rate: for each method and rows-per-call, writes --items
// random vectors into a fresh scratch table, once with write() (vectors + state + failure and
// lease cleanup, what the pipeline does) and once with writeBare() (the vectors only).
// Besides the wall-clock rate it prints the CPU rate: items per second of CPU spent by this
// process plus the server process of its connection (read from /proc when the server runs on
// this machine), which stays meaningful when other work shares the machine's cores.
//
//   storewrite_bench --db postgresql://… [--dims 1536] [--items 5000] [--catalog 50000]
//                    [--rows 100,500] [--methods copy,values] [--vector]
// --catalog: rows in the scratch table (the items written are the first --items of them);
// --vector: a pgvector vector(N) column instead of real[].

#include "store/Database.h"
#include "store/Migrations.h"
#include "store/SchemaInspector.h"
#include "store/SqlDialect.h"
#include "store/VectorWriter.h"
#include "util/ProcessStats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
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
    *error = sql.left(60) + QStringLiteral(": ") + query.lastError().text();
    return false;
}

bool createTable(QSqlDatabase db, bool postgres, const QString& table, int items, int dims, bool pgvector,
                 QString* error)
{
    if (!run(db, QStringLiteral("DROP TABLE IF EXISTS %1").arg(table), error))
        return false;
    const QString vectorType = !postgres  ? QStringLiteral("BLOB")
                               : pgvector ? QStringLiteral("vector(%1)").arg(dims)
                                          : QStringLiteral("real[]");
    const QString ddl = postgres
                            ? QStringLiteral("CREATE TABLE %1 (id bigint PRIMARY KEY, title text NOT NULL, "
                                             "summary text, tags text[], embedding %2, embedding_model text, "
                                             "embedding_updated_at timestamptz, updated_at timestamptz "
                                             "NOT NULL DEFAULT now())")
                            : QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
                                             "summary TEXT, tags TEXT, embedding %2, embedding_model TEXT, "
                                             "embedding_updated_at TEXT, updated_at TEXT)");
    if (!run(db, ddl.arg(table, vectorType), error))
        return false;
    const QString fill =
        postgres ? QStringLiteral("INSERT INTO %1 (id, title, summary) SELECT g, 'item ' || g, "
                                  "'summary of item ' || g FROM generate_series(1, %2) g")
                 : QStringLiteral("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g "
                                  "WHERE n < %2) INSERT INTO %1 (id, title, summary) SELECT n, "
                                  "'item ' || n, 'summary of item ' || n FROM g");
    if (!run(db, fill.arg(table).arg(items), error))
        return false;
    if (!run(db, QStringLiteral("DELETE FROM embedding_item_state"), error))
        return false;
    return !postgres || run(db, QStringLiteral("VACUUM ANALYZE %1").arg(table), error);
}

/// CPU seconds (user + system) of a process of this machine, from /proc; −1 when unreadable.
double processCpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / 100.0; // utime, stime in ticks
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database URL."), QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("dims"), QStringLiteral("Dimensions."), QStringLiteral("n"), QStringLiteral("1536")});
    parser.addOption({QStringLiteral("items"), QStringLiteral("Items per measurement."), QStringLiteral("n"),
                      QStringLiteral("5000")});
    parser.addOption({QStringLiteral("catalog"), QStringLiteral("Rows in the scratch table."),
                      QStringLiteral("n"), QStringLiteral("50000")});
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Rows per call, comma-separated."),
                      QStringLiteral("list"), QStringLiteral("100,500")});
    parser.addOption({QStringLiteral("methods"), QStringLiteral("copy, values, prepared (comma-separated)."),
                      QStringLiteral("list"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("vector"), QStringLiteral("Use a pgvector vector(N) column.")});
    parser.addOption({QStringLiteral("table"), QStringLiteral("Scratch table."), QStringLiteral("name"),
                      QStringLiteral("ec_bench_vectors")});
    parser.process(app);

    QTextStream out(stdout);
    QString error;
    auto connection = DatabaseConnection::open(parser.value(QStringLiteral("db")), QString(), &error);
    if (!connection) {
        out << "cannot connect: " << error << Qt::endl;
        return 1;
    }
    QSqlDatabase db = connection->database();
    const bool postgres = connection->isPostgres();
    if (!Migrations::apply(db, postgres, SqlDialect::catalogKey(parser.value(QStringLiteral("table"))),
                           &error)) {
        out << error << Qt::endl;
        return 1;
    }
    const int dims = parser.value(QStringLiteral("dims")).toInt();
    const int items = parser.value(QStringLiteral("items")).toInt();
    const int catalog = qMax(items, parser.value(QStringLiteral("catalog")).toInt());
    TableSpec spec;
    spec.table = parser.value(QStringLiteral("table"));

    QVector<VectorWrite> rows(items);
    QRandomGenerator random(42);
    for (int i = 0; i < items; ++i) {
        rows[i].itemId = QString::number(i + 1);
        rows[i].vector.resize(dims);
        for (float& value : rows[i].vector)
            value = float(random.generateDouble() * 0.2 - 0.1);
        rows[i].contentHash = QByteArray::number(i).rightJustified(64, '0');
        rows[i].tokens = 42;
    }

    out << connection->serverVersion() << ", " << dims << " dimensions, " << items
        << " items per measurement into a table of " << catalog << " rows\n";
    qint64 serverPid = 0;
    if (postgres && !connection->isPglite()) { // PGlite's backend is no process of its own
        QSqlQuery pid(db);
        if (pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next())
            serverPid = pid.value(0).toLongLong();
    }
    out << QStringLiteral("%1 %2 | %3 %4 %5 | %6 %7 %8\n")
               .arg(QStringLiteral("method"), -9)
               .arg(QStringLiteral("rows/call"), 10)
               .arg(QStringLiteral("write/s"), 9)
               .arg(QStringLiteral("bare/s"), 9)
               .arg(QStringLiteral("ratio"), 6)
               .arg(QStringLiteral("write/cpu-s"), 12)
               .arg(QStringLiteral("bare/cpu-s"), 11)
               .arg(QStringLiteral("ratio"), 6);
    for (const QString& methodName : parser.value(QStringLiteral("methods")).split(QLatin1Char(','))) {
        for (const QString& perCall : parser.value(QStringLiteral("rows")).split(QLatin1Char(','))) {
            const int chunk = perCall.toInt();
            double rates[2] = {0, 0};
            double cpuRates[2] = {0, 0};
            QString effective;
            for (int bare = 0; bare < 2; ++bare) {
                if (!createTable(db, postgres, spec.table, catalog, dims,
                                 parser.isSet(QStringLiteral("vector")), &error)) {
                    out << error << Qt::endl;
                    return 1;
                }
                const std::optional<CatalogSchema> schema =
                    SchemaInspector::inspect(db, postgres, spec, connection->serverVersion(), &error);
                if (!schema) {
                    out << error << Qt::endl;
                    return 1;
                }
                VectorWriter writer(db, spec, *schema);
                writer.setMethod(VectorWriter::methodFromName(methodName));
                effective = VectorWriter::methodName(writer.effectiveMethod());
                const double clientCpu = ProcessStats::current().cpuSeconds;
                const double serverCpu = processCpuSeconds(serverPid);
                QElapsedTimer timer;
                timer.start();
                for (int first = 0; first < items; first += chunk) {
                    const QVector<VectorWrite> batch = rows.mid(first, chunk);
                    const bool ok = bare ? writer.writeBare(batch, QStringLiteral("bench"), dims, &error)
                                         : writer.write(batch, QStringLiteral("bench"), dims, &error);
                    if (!ok) {
                        out << error << Qt::endl;
                        return 1;
                    }
                }
                rates[bare] = items * 1000.0 / qMax<qint64>(1, timer.elapsed());
                double cpu = ProcessStats::current().cpuSeconds - clientCpu;
                if (serverCpu >= 0)
                    cpu += processCpuSeconds(serverPid) - serverCpu;
                cpuRates[bare] = items / qMax(0.001, cpu);
            }
            out << QStringLiteral("%1 %2 | %3 %4 %5 | %6 %7 %8\n")
                       .arg(effective, -9)
                       .arg(chunk, 10)
                       .arg(rates[0], 9, 'f', 0)
                       .arg(rates[1], 9, 'f', 0)
                       .arg(rates[1] / rates[0], 6, 'f', 2)
                       .arg(cpuRates[0], 12, 'f', 0)
                       .arg(cpuRates[1], 11, 'f', 0)
                       .arg(cpuRates[1] / cpuRates[0], 6, 'f', 2);
            out.flush();
        }
    }
    run(db, QStringLiteral("DROP TABLE IF EXISTS %1").arg(spec.table), &error);
    return 0;
}
