// The search check (ops/VectorSearch, store/VectorScan, embedctl search) on every backend:
// SQLite BLOBs and PostgreSQL real[] (a streamed top-k scan in C++) and PGlite's pgvector (the
// database's <=>). A catalog is embedded by the pipeline against the simulator; searching an
// item's own exact text must return that item first with a score of about 1, and the top k must
// equal an exact brute-force ranking computed here from the stored vectors.
#include "ops/VectorSearch.h"

#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "store/ItemStore.h"
#include "text/ItemTextBuilder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace ec;
using namespace ec::test;

namespace {

double exactCosine(const QVector<float>& a, const QVector<float>& b)
{
    long double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.size(); ++i) {
        dot += (long double)a[i] * b[i];
        na += (long double)a[i] * a[i];
        nb += (long double)b[i] * b[i];
    }
    return double(dot / (std::sqrt(na) * std::sqrt(nb)));
}

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    /// Searches with SearchJob to its end.
    static std::optional<SearchResult> search(const AppConfig& config, const QString& query, int k,
                                              QString* error)
    {
        SearchJob job;
        QSignalSpy done(&job, &SearchJob::finished);
        QSignalSpy failed(&job, &StoreJob::failed);
        if (!job.start(config, query, k)) {
            *error = QStringLiteral("not started");
            return std::nullopt;
        }
        QElapsedTimer waited;
        waited.start();
        while (done.count() + failed.count() == 0 && waited.elapsed() < 60000)
            QTest::qWait(20);
        if (!failed.isEmpty()) {
            *error = failed.first().at(0).toString();
            return std::nullopt;
        }
        if (done.isEmpty()) {
            *error = QStringLiteral("timed out");
            return std::nullopt;
        }
        return done.first().at(0).value<SearchResult>();
    }

    struct Row
    {
        QString id;
        QString title;
        QString text;
        QVector<float> vector;
    };

    /// Every embedded row with its text and stored vector, read item by item.
    static QVector<Row> readAll(const AppConfig& config, QString* error)
    {
        QVector<Row> rows;
        auto store = ItemStore::open(config, QString(), error);
        if (!store)
            return rows;
        const ItemTextBuilder builder(config.batch);
        ItemsQuery query;
        query.model = config.embedding.model;
        query.dimensions = config.embedding.dimensions;
        query.limit = 1000;
        for (;;) {
            const QVector<CatalogItem> page = store->itemsPage(query, error);
            if (page.isEmpty())
                break;
            for (const CatalogItem& item : page) {
                const auto vector = store->vector(item.id, error);
                if (vector)
                    rows.push_back(
                        {item.id, item.title, builder.build(item.title, item.summary, item.tags), *vector});
            }
            query.afterId = page.last().id;
        }
        return rows;
    }

    void searchFindsItselfAndMatchesBruteForce(const QString& backend, bool pgvector)
    {
        PipelineCatalog catalog(backend);
        if (!catalog.isValid())
            QSKIP(qPrintable(catalog.error()));
        QVERIFY(catalog.create(157, 157, QStringLiteral("ai_items"), QStringLiteral("Gadget ")));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const AppConfig config = configFor(catalog, sim);
        const RunSummary run = runToEnd(config);
        QCOMPARE(run.progress.state, RunState::Completed);
        // A row of another model with the same length: never ranked.
        QVERIFY(catalog.exec(QStringLiteral("UPDATE ai_items SET embedding_model = 'other-model' WHERE id = "
                                            "'item-000003'")));

        QString error;
        const QVector<Row> rows = readAll(config, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(rows.size(), 157);
        const Row& target = rows.at(41);

        const int k = 10;
        const auto result = search(config, target.text, k, &error);
        QVERIFY2(result, qPrintable(error));
        QCOMPARE(result->scan.method, pgvector ? QStringLiteral("pgvector") : QStringLiteral("scan"));
        QCOMPARE(result->hits.size(), k);
        QCOMPARE(result->hits.first().id, target.id);
        QCOMPARE(result->hits.first().title, target.title);
        QVERIFY2(std::abs(result->hits.first().score - 1.0) < 1e-5,
                 qPrintable(QString::number(result->hits.first().score)));
        QVERIFY(result->tokens > 0);
        QVERIFY(result->costUsd > 0);
        if (!pgvector)
            QCOMPARE(result->scan.scanned, qint64(156));

        // The exact ranking, computed here: cosine in long double, best first, ties by id.
        struct Scored
        {
            QString id;
            double score;
        };
        QVector<Scored> all;
        for (const Row& row : rows)
            if (row.id != QLatin1String("item-000003"))
                all.push_back({row.id, exactCosine(target.vector, row.vector)});
        std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
            return a.score > b.score || (a.score == b.score && a.id < b.id);
        });
        for (int i = 0; i < k; ++i) {
            QCOMPARE(result->hits.at(i).id, all.at(i).id);
            QVERIFY2(
                std::abs(result->hits.at(i).score - all.at(i).score) < 1e-5,
                qPrintable(QStringLiteral("%1 vs %2").arg(result->hits.at(i).score).arg(all.at(i).score)));
        }

        // Small keyset pages give the same ranking (the scan crosses many pages).
        if (!pgvector) {
            auto store = ItemStore::open(config, QString(), &error);
            QVERIFY2(store, qPrintable(error));
            ScanStats stats;
            const auto paged =
                VectorScan::nearest(*store, target.vector, k, config.embedding.model, &stats, &error, {}, 7);
            QVERIFY2(paged, qPrintable(error));
            QCOMPARE(stats.pages, 157 / 7 + 1);
            for (int i = 0; i < k; ++i)
                QCOMPARE(paged->at(i).id, all.at(i).id);
        }

        // embedctl search --json, pointed at the same simulator.
        if (backend == QLatin1String("sqlite")) {
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "EMBEDCTL_DB"})
                env.remove(QString::fromLatin1(name));
            env.insert(QStringLiteral("HOME"), m_home.path());
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral(".config")));
            process.setProcessEnvironment(env);
            process.start(QStringLiteral(EC_BINARY_DIR "/app/embedctl"),
                          {QStringLiteral("search"), target.text, QStringLiteral("--k"), QStringLiteral("5"),
                           QStringLiteral("--json"), QStringLiteral("--db"), config.databaseUrl,
                           QStringLiteral("--dimensions"), QStringLiteral("64"), QStringLiteral("--api-base"),
                           sim.baseUrl().toString()});
            QVERIFY(process.waitForFinished(60000));
            const QByteArray err = process.readAllStandardError();
            QVERIFY2(process.exitCode() == 0, err.constData());
            const QJsonObject o = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
            QCOMPARE(o.value(QStringLiteral("query")).toString(), target.text);
            QCOMPARE(o.value(QStringLiteral("model")).toString(), config.embedding.model);
            const QJsonArray results = o.value(QStringLiteral("results")).toArray();
            QCOMPARE(results.size(), 5);
            for (int i = 0; i < 5; ++i) {
                const QJsonObject hit = results.at(i).toObject();
                QCOMPARE(hit.value(QStringLiteral("id")).toString(), all.at(i).id);
                QVERIFY(hit.contains(QStringLiteral("title")));
                QVERIFY(std::abs(hit.value(QStringLiteral("score")).toDouble() - all.at(i).score) < 1e-5);
            }
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void topKKeepsTheBestInOrder()
    {
        QRandomGenerator random(13);
        QVector<SearchHit> all;
        TopK top(25);
        for (int i = 0; i < 5000; ++i) {
            // Scores repeat, so ties are ranked by id.
            SearchHit hit{QStringLiteral("id-%1").arg(i, 5, 10, QLatin1Char('0')), QString(),
                          double(random.bounded(400)) / 400.0, QString()};
            all.push_back(hit);
            if (top.wouldTake(hit.score))
                top.offer(hit);
        }
        std::sort(all.begin(), all.end(), TopK::better);
        const QVector<SearchHit> kept = top.take();
        QCOMPARE(kept.size(), 25);
        for (int i = 0; i < 25; ++i)
            QCOMPARE(kept.at(i).id, all.at(i).id);
    }

    void arraySendDecodes()
    {
        // ndim 1, no nulls, float4 (oid 700), 3 elements from 1: 1.5, -2, 0.25
        QByteArray bytes = QByteArray::fromHex("00000001"
                                               "00000000"
                                               "000002bc"
                                               "00000003"
                                               "00000001"
                                               "00000004"
                                               "3fc00000"
                                               "00000004"
                                               "c0000000"
                                               "00000004"
                                               "3e800000");
        QVector<float> out;
        QVERIFY(VectorScan::fromArraySend(bytes, &out));
        QCOMPARE(out, (QVector<float>{1.5f, -2.0f, 0.25f}));
        QVERIFY(!VectorScan::fromArraySend(bytes.left(30), &out));
    }

    void sqliteBlobs() { searchFindsItselfAndMatchesBruteForce(QStringLiteral("sqlite"), false); }
    void postgresRealArray() { searchFindsItselfAndMatchesBruteForce(QStringLiteral("postgres"), false); }
    void pgliteVector() { searchFindsItselfAndMatchesBruteForce(QStringLiteral("pglite"), true); }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_ops_search.moc"
