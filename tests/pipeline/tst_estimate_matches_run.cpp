// The estimate is what a run sends: on the demo catalog (duplicates, long and empty texts),
// with rows already embedded, touched rows whose text did not change, and rows whose vector was
// cleared while their text stays in the cache, the pre-run estimate's items, tokens, inputs and
// requests equal what the run then sends to the API and what it finds it need not send.

#include "PipelineRun.h"
#include "SimulatorFixture.h"

#include "ops/CostEstimator.h"
#include "store/DatabaseUrl.h"
#include "store/DemoCatalog.h"
#include "store/ItemStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ec;
using namespace ec::test;

class EstimateMatchesRunTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void estimateEqualsWhatTheRunSends_data();
    void estimateEqualsWhatTheRunSends();
};

void EstimateMatchesRunTest::estimateEqualsWhatTheRunSends_data()
{
    QTest::addColumn<int>("batchSize");
    QTest::newRow("batch 100 (default)") << 100;
    QTest::newRow("batch 7") << 7;
}

void EstimateMatchesRunTest::estimateEqualsWhatTheRunSends()
{
    QFETCH(int, batchSize);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    AppConfig config;
    config.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("catalog.db"));
    config.api = sim.apiSettings();
    config.api.apiKey = QStringLiteral("sk-test");
    config.batch.batchSize = batchSize;
    DemoOptions demo;
    demo.items = 1500;
    demo.seed = 20261124;
    QString error;
    QVERIFY2(DemoCatalog::create(config, demo, &error), qPrintable(error));

    // Part of it embedded; then 100 embedded rows touched with the same text (unchanged) and
    // 60 cleared (their texts are in the cache).
    RunOptions part;
    part.limit = 600;
    QCOMPARE(runToEnd(config, part).progress.processed, 600);
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("estimate-test"));
        db.setDatabaseName(dir.filePath(QStringLiteral("catalog.db")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "UPDATE ai_items SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id IN "
            "(SELECT id FROM ai_items WHERE embedding IS NOT NULL ORDER BY id LIMIT 100)")));
        QVERIFY(
            q.exec(QStringLiteral("UPDATE ai_items SET embedding = NULL WHERE id IN (SELECT id FROM ai_items "
                                  "WHERE embedding IS NOT NULL ORDER BY id DESC LIMIT 60)")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("estimate-test"));

    std::optional<CostEstimate> estimate;
    {
        auto store = ItemStore::open(config, QStringLiteral("estimate-test-store"), &error);
        QVERIFY2(store, qPrintable(error));
        const Result<CostEstimate> estimated = CostEstimator(config).estimatePending(*store);
        QVERIFY2(estimated, qPrintable(estimated.error()));
        estimate = *estimated;
    }
    qInfo(
        "estimate: items %lld unchanged %lld cached %lld duplicates %lld skipped %lld texts %lld calls %lld",
        estimate->items, estimate->unchangedItems, estimate->cachedItems, estimate->duplicateItems,
        estimate->skippedItems, estimate->textsToSend, estimate->apiCalls);
    QVERIFY(estimate->unchangedItems >= 100);
    QVERIFY(estimate->cachedItems > 0);
    QVERIFY(estimate->duplicateItems > 0);
    QVERIFY(estimate->skippedItems > 0);

    sim.resetStats();
    const RunSummary run = runToEnd(config);
    const RunProgress& p = run.progress;
    QVERIFY2(p.state == RunState::Completed, qPrintable(run.error));
    QCOMPARE(p.total, estimate->pendingTotal());
    QCOMPARE(p.unchanged, estimate->unchangedItems);
    QCOMPARE(p.cached, estimate->cachedItems);
    QCOMPARE(p.deduped, estimate->duplicateItems);
    QCOMPARE(p.skipped, estimate->skippedItems);
    QCOMPARE(p.truncated, estimate->truncatedItems);
    QCOMPARE(p.apiInputs, estimate->textsToSend);
    QCOMPARE(qint64(sim.stats().inputsAccepted), estimate->textsToSend);
    QCOMPARE(p.tokens, estimate->tokensAfterDedupe);
    QCOMPARE(p.apiRequests, estimate->apiCalls);
}

QTEST_GUILESS_MAIN(EstimateMatchesRunTest)
#include "tst_estimate_matches_run.moc"
