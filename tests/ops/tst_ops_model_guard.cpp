// The model never changes by accident (ops/ModelGuard, embedctl run/status): with no model
// configured, a run embeds a table's new rows with the model its vectors already have; a
// configured model of another space is refused before anything is sent and leaves every vector
// as it was; a vector(N) column that cannot hold the model's vectors is refused before any
// request. embedctl runs as a process against a simulator in this test, whose request count
// says whether anything was sent.
#include "ops/ModelGuard.h"

#include "PgCluster.h"
#include "SimulatorFixture.h"
#include "store/Database.h"
#include "store/ItemStore.h"
#include "store/VectorWriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;
using namespace ec::test;

namespace {

const QString kAda = QStringLiteral("text-embedding-ada-002");
const QString kSmall = QStringLiteral("text-embedding-3-small");
const QString kLarge = QStringLiteral("text-embedding-3-large");

struct Cli
{
    int exitCode = -1;
    QString out;
    QString err;
};

QVector<float> someVector(int seed, int dims)
{
    QVector<float> v(dims);
    for (int i = 0; i < dims; ++i)
        v[i] = float(((seed * 7919 + i * 104729) % 2001) - 1000) / 1000.0f;
    return v;
}

} // namespace

class TestModelGuard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    Cli embedctl(const QString& url, const QString& table, const QUrl& api, const QStringList& args)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY",
                                 "AZURE_OPENAI_ENDPOINT", "EMBEDCTL_DB", "EMBEDCTL_WEBHOOK_URL"})
            env.remove(QString::fromLatin1(name));
        // No console settings: no model configured unless --model says so.
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral(".config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral(".local/share")));
        process.setProcessEnvironment(env);
        QStringList all = args;
        all << QStringLiteral("--db") << url << QStringLiteral("--table") << table;
        if (api.isValid())
            all << QStringLiteral("--api-base") << api.toString();
        process.start(QStringLiteral(EC_BINARY_DIR "/app/embedctl"), all);
        Cli result;
        if (!process.waitForStarted(30000))
            return result;
        process.closeWriteChannel();
        process.waitForFinished(180000);
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    static AppConfig configFor(const QString& url, const QString& table)
    {
        AppConfig config;
        config.databaseUrl = url;
        config.table.table = table;
        return config;
    }

    /// `rows` items, the first `embedded` of them with vectors of `model` (dims floats).
    static bool buildCatalog(const QString& url, const QString& table, const QString& embeddingType, int rows,
                             int embedded, const QString& model, int dims, QString* error)
    {
        const bool postgres = !url.startsWith(QLatin1String("sqlite:"));
        {
            auto connection =
                DatabaseConnection::open(url, DatabaseConnection::uniqueName(QStringLiteral("mg")), error);
            if (!connection)
                return false;
            QSqlDatabase db = connection->database();
            QSqlQuery q(db);
            const QString create =
                postgres
                    ? QStringLiteral("CREATE TABLE %1 (id bigint PRIMARY KEY, title text NOT NULL, summary "
                                     "text, tags text[], embedding %2, embedding_model text, "
                                     "embedding_updated_at timestamptz, updated_at timestamptz NOT NULL "
                                     "DEFAULT '2024-01-01')")
                    : QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, title TEXT NOT NULL, summary "
                                     "TEXT, tags TEXT, embedding %2, embedding_model TEXT, "
                                     "embedding_updated_at TEXT, updated_at TEXT NOT NULL DEFAULT "
                                     "'2024-01-01T00:00:00.000Z')");
            if (!q.exec(create.arg(table, embeddingType))) {
                *error = q.lastError().text();
                return false;
            }
            for (int i = 1; i <= rows; ++i) {
                if (!q.exec(QStringLiteral("INSERT INTO %1 (id, title) VALUES (%2, 'item number %2 of the "
                                           "catalog')")
                                .arg(table)
                                .arg(i))) {
                    *error = q.lastError().text();
                    return false;
                }
            }
        }
        if (embedded == 0)
            return true;
        auto store = ItemStore::open(configFor(url, table), QString(), error);
        if (!store)
            return false;
        QVector<VectorWrite> writes;
        for (int i = 1; i <= embedded; ++i)
            writes.push_back(
                {QString::number(i), someVector(i, dims), QByteArray::number(i).toHex(), 5, false});
        VectorWriter writer(store->database(), store->table(), store->schema());
        return writer.write(writes, model, dims, error);
    }

    /// Every row's vector bytes, model and embedded-at, in id order (SQLite).
    static QString dump(const QString& url, const QString& table)
    {
        auto connection =
            DatabaseConnection::open(url, DatabaseConnection::uniqueName(QStringLiteral("dump")), nullptr);
        if (!connection)
            return QStringLiteral("<no connection>");
        QSqlQuery q(connection->database());
        if (!q.exec(QStringLiteral("SELECT id, hex(embedding), embedding_model, embedding_updated_at FROM %1 "
                                   "ORDER BY id")
                        .arg(table)))
            return q.lastError().text();
        QString text;
        while (q.next())
            text += QStringLiteral("%1|%2|%3|%4\n")
                        .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toString());
        return text;
    }

    static QMap<QString, int> modelCounts(const QString& url, const QString& table)
    {
        QMap<QString, int> counts;
        auto connection =
            DatabaseConnection::open(url, DatabaseConnection::uniqueName(QStringLiteral("count")), nullptr);
        if (!connection)
            return counts;
        QSqlQuery q(connection->database());
        q.exec(QStringLiteral("SELECT coalesce(embedding_model, '(none)'), count(*) FROM %1 GROUP BY 1")
                   .arg(table));
        while (q.next())
            counts[q.value(0).toString()] = q.value(1).toInt();
        return counts;
    }

    QString sqliteUrl(const QString& name) const
    {
        return QStringLiteral("sqlite://") + m_home.filePath(name + QStringLiteral(".db"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(EC_BINARY_DIR "/app/embedctl")).isExecutable(),
                 "embedctl is not built");
    }

    void choosesTheTablesModelWhenNoneIsConfigured()
    {
        TableModels models;
        models.models = {{kAda, 90}, {kSmall, 10}, {QString(), 3}};
        models.embeddedRows = 103;
        models.dominantDimensions = 1536;
        EmbeddingSettings unset;
        const ModelChoice table = ModelGuard::choose(unset, models, QStringLiteral("ai_items"));
        QCOMPARE(table.embedding.model, kAda);
        QVERIFY(table.source == ModelChoice::Source::Table);
        QVERIFY(!table.mismatch);
        QVERIFY2(table.reason().contains(QLatin1String("90 of the 103 embedded rows")),
                 qPrintable(table.reason()));

        const ModelChoice empty = ModelGuard::choose(unset, TableModels{}, QStringLiteral("ai_items"));
        QCOMPARE(empty.embedding.model, kSmall);
        QVERIFY(empty.source == ModelChoice::Source::Default);

        EmbeddingSettings small;
        small.model = kSmall;
        small.modelConfigured = true;
        const ModelChoice mismatch = ModelGuard::choose(small, models, QStringLiteral("ai_items"));
        QCOMPARE(mismatch.embedding.model, kSmall);
        QVERIFY(mismatch.mismatch);
        const QString message = mismatch.mismatchMessage();
        for (const QString& part : {kAda, kSmall, QStringLiteral("--model text-embedding-ada-002"),
                                    QStringLiteral("embedctl migrate --to-model text-embedding-3-small")})
            QVERIFY2(message.contains(part), qPrintable(message));

        // A shortened text-embedding-3-small table keeps its length without a --dimensions.
        TableModels short512;
        short512.models = {{kSmall, 5}};
        short512.embeddedRows = 5;
        short512.dominantDimensions = 512;
        const ModelChoice kept = ModelGuard::choose(unset, short512, QStringLiteral("ai_items"));
        QCOMPARE(kept.embedding.effectiveDimensions(), 512);
        QVERIFY(!kept.mismatch);
        // ... and a configured different length is a mismatch.
        EmbeddingSettings full = small;
        full.dimensions = 1536;
        QVERIFY(ModelGuard::choose(full, short512, QStringLiteral("ai_items")).mismatch);
    }

    void columnProblemNamesTheFittingDimensionsAndTheAlter()
    {
        CatalogSchema schema;
        schema.postgres = true;
        schema.vectorKind = VectorColumnKind::PgVector;
        schema.declaredDimensions = 1536;
        TableSpec spec;
        EmbeddingSettings large;
        large.model = kLarge;
        const QString problem = ModelGuard::columnProblem(schema, spec, large);
        QVERIFY2(problem.contains(QLatin1String("--dimensions 1536")), qPrintable(problem));
        QVERIFY2(
            problem.contains(QLatin1String("ALTER TABLE ai_items ALTER COLUMN embedding TYPE vector(3072)")),
            qPrintable(problem));
        large.dimensions = 1536;
        QVERIFY(ModelGuard::columnProblem(schema, spec, large).isEmpty());
        EmbeddingSettings ada;
        ada.model = kAda;
        schema.declaredDimensions = 768;
        QVERIFY2(ModelGuard::columnProblem(schema, spec, ada).contains(QLatin1String("no --dimensions")),
                 qPrintable(ModelGuard::columnProblem(schema, spec, ada)));
        schema.vectorKind = VectorColumnKind::PgRealArray;
        QVERIFY(ModelGuard::columnProblem(schema, spec, ada).isEmpty());
    }

    void plainRunKeepsTheTablesModel()
    {
        const QString url = sqliteUrl(QStringLiteral("plain"));
        const QString table = QStringLiteral("ai_items");
        QString error;
        QVERIFY2(buildCatalog(url, table, QStringLiteral("BLOB"), 30, 20, kAda, 1536, &error),
                 qPrintable(error));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const QString before = dump(url, table);

        const Cli status = embedctl(url, table, QUrl(), {QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(status.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(status.out.toUtf8()).object();
        QCOMPARE(s.value(QStringLiteral("model")).toString(), kAda);
        QCOMPARE(
            s.value(QStringLiteral("model_choice")).toObject().value(QStringLiteral("source")).toString(),
            QStringLiteral("table"));
        QCOMPARE(s.value(QStringLiteral("pending_items")).toInt(-1), 10);

        const Cli run = embedctl(url, table, sim.baseUrl(), {QStringLiteral("run")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
        QVERIFY2(run.err.contains(
                     QLatin1String("model text-embedding-ada-002: the model of 20 of the 20 embedded")),
                 qPrintable(run.err));
        const QMap<QString, int> counts = modelCounts(url, table);
        QCOMPARE(counts.value(kAda), 30);
        QCOMPARE(counts.size(), 1);
        // The 20 vectors already there were not touched.
        const QStringList was = before.split(QLatin1Char('\n'));
        const QStringList now = dump(url, table).split(QLatin1Char('\n'));
        for (int i = 0; i < 20; ++i)
            QCOMPARE(now.at(i), was.at(i));
        QVERIFY(sim.stats().requests > 0);
    }

    void otherModelIsRefusedAndChangesNothing()
    {
        const QString url = sqliteUrl(QStringLiteral("refused"));
        const QString table = QStringLiteral("ai_items");
        QString error;
        QVERIFY2(buildCatalog(url, table, QStringLiteral("BLOB"), 30, 20, kAda, 1536, &error),
                 qPrintable(error));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const QString before = dump(url, table);

        const Cli run =
            embedctl(url, table, sim.baseUrl(), {QStringLiteral("run"), QStringLiteral("--model"), kSmall});
        QCOMPARE(run.exitCode, 1);
        for (const QString& part :
             {kAda, kSmall, QStringLiteral("--model text-embedding-ada-002"),
              QStringLiteral("embedctl migrate"), QStringLiteral("--allow-mixed-models")})
            QVERIFY2(run.err.contains(part), qPrintable(run.err));
        QCOMPARE(dump(url, table), before);
        QCOMPARE(sim.stats().requests, quint64(0));

        // status: a warning, and the table's pending rows only (not 20 "other model" ones).
        const Cli status =
            embedctl(url, table, QUrl(), {QStringLiteral("status"), QStringLiteral("--model"), kSmall});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(QLatin1String("WARNING")), qPrintable(status.out));
        QVERIFY2(status.out.contains(QLatin1String("Pending    10: 10 missing, 0 outdated, 0 other model")),
                 qPrintable(status.out));

        // --allow-mixed-models: today's behaviour, every row re-embedded with the new model.
        const Cli mixed = embedctl(url, table, sim.baseUrl(),
                                   {QStringLiteral("run"), QStringLiteral("--model"), kSmall,
                                    QStringLiteral("--allow-mixed-models")});
        QVERIFY2(mixed.exitCode == 0, qPrintable(mixed.err + mixed.out));
        QCOMPARE(modelCounts(url, table).value(kSmall), 30);
    }

    void vectorsThatDoNotFitTheColumnAreRefusedBeforeAnyRequest()
    {
        const QString url = PgCluster::pgliteUrl();
        if (url.isEmpty())
            QSKIP("no PGlite server (run through ctest: fixture 'pglite')");
        QVERIFY(PgCluster::exec(url, QStringLiteral("CREATE EXTENSION IF NOT EXISTS vector")));
        const QString table = PgCluster::uniqueName(QStringLiteral("mg_fit"));
        QString error;
        QVERIFY2(buildCatalog(url, table, QStringLiteral("vector(1536)"), 12, 0, QString(), 0, &error),
                 qPrintable(error));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const Cli run =
            embedctl(url, table, sim.baseUrl(), {QStringLiteral("run"), QStringLiteral("--model"), kLarge});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("--dimensions 1536")), qPrintable(run.err));
        QVERIFY2(run.err.contains(
                     QStringLiteral("ALTER TABLE %1 ALTER COLUMN embedding TYPE vector(3072)").arg(table)),
                 qPrintable(run.err));
        QCOMPARE(sim.stats().requests, quint64(0));
        const auto embedded =
            PgCluster::queryRow(url, QStringLiteral("SELECT count(embedding) FROM %1").arg(table));
        QVERIFY(embedded);
        QCOMPARE(embedded->value(0), QStringLiteral("0"));

        // With the --dimensions it names, the run goes through.
        const Cli fits = embedctl(url, table, sim.baseUrl(),
                                  {QStringLiteral("run"), QStringLiteral("--model"), kLarge,
                                   QStringLiteral("--dimensions"), QStringLiteral("1536")});
        QVERIFY2(fits.exitCode == 0, qPrintable(fits.err + fits.out));
        PgCluster::exec(url, QStringLiteral("DROP TABLE %1").arg(table));
    }
};

QTEST_GUILESS_MAIN(TestModelGuard)
#include "tst_ops_model_guard.moc"
