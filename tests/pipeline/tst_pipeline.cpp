// The run pipeline end to end (issue 4's "Done when"): real SQLite, PostgreSQL 15 (real[]) and,
// for the first tests, PGlite (pgvector vector(64)); the simulator over loopback HTTP, the
// embedctl binary for the kill -9 case.

#include "PgCluster.h"
#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "ops/CostEstimator.h"
#include "pipeline/RunController.h"
#include "sim/EmbeddingSimulator.h"
#include "store/FailureLog.h"
#include "store/ItemStore.h"
#include "text/ContentHash.h"
#include "text/ItemTextBuilder.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace ec;
using namespace ec::test;

class PipelineTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backends_data();
    /// backends_data() and PGlite, for the pgvector vector(N) column end to end.
    void allBackends_data();
    void secondRunSendsNothing_data() { allBackends_data(); }
    void secondRunSendsNothing();
    void touchedButUnchangedSendsNothing_data() { allBackends_data(); }
    void touchedButUnchangedSendsNothing();
    void duplicatesAreSentOnce_data() { allBackends_data(); }
    void duplicatesAreSentOnce();
    void faultsAreSurvived_data();
    void faultsAreSurvived();
    void permanentErrorsAreRecordedWithTheApiMessage_data() { backends_data(); }
    void permanentErrorsAreRecordedWithTheApiMessage();
    void firstStopEndsCancelledKeepingFinishedBatches_data() { backends_data(); }
    void firstStopEndsCancelledKeepingFinishedBatches();
    void twoCatalogTablesInOneDatabaseKeepApart_data() { backends_data(); }
    void twoCatalogTablesInOneDatabaseKeepApart();
    void concurrentWorkersNeverShareAnItem();
    void killedRunIsFinishedByTheNextRun();
    void spendCapHoldsAndLeavesTheRestPending_data() { backends_data(); }
    void spendCapHoldsAndLeavesTheRestPending();
};

void PipelineTest::backends_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

void PipelineTest::allBackends_data()
{
    backends_data();
    QTest::newRow("pglite vector(64)") << QStringLiteral("pglite");
}

#define CATALOG(name, items, distinct)                                                                       \
    QFETCH(QString, backend);                                                                                \
    PipelineCatalog name(backend);                                                                           \
    if (!name.isValid())                                                                                     \
        QSKIP(qPrintable(name.error()));                                                                     \
    QVERIFY2(name.create(items, distinct), qPrintable(name.error()))

void PipelineTest::secondRunSendsNothing()
{
    CATALOG(catalog, 300, 300);
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    const AppConfig config = configFor(catalog, sim);

    const RunSummary first = runToEnd(config);
    QCOMPARE(first.progress.state, RunState::Completed);
    QCOMPARE(first.progress.succeeded, 300);
    QCOMPARE(qint64(sim.stats().inputsAccepted), 300);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);

    sim.resetStats();
    const RunSummary second = runToEnd(config);
    QCOMPARE(second.progress.state, RunState::Completed);
    QCOMPARE(second.progress.processed, 0);
    QCOMPARE(sim.stats().inputsReceived, quint64(0));
}

void PipelineTest::touchedButUnchangedSendsNothing()
{
    CATALOG(catalog, 200, 200);
    SimulatorFixture sim;
    const AppConfig config = configFor(catalog, sim);
    QCOMPARE(runToEnd(config).progress.succeeded, 200);

    // updated_at moves past embedding_updated_at (an edit that saved the same text).
    const QString later = catalog.now();
    QVERIFY(catalog.exec(
        QStringLiteral("UPDATE ai_items SET updated_at = %1 WHERE id <= 'item-000100'").arg(later)));
    QCOMPARE(catalog.count(QStringLiteral("embedding_updated_at < updated_at")), 100);

    sim.resetStats();
    const RunSummary touched = runToEnd(config);
    QCOMPARE(touched.progress.unchanged, 100);
    QCOMPARE(touched.progress.apiInputs, 0);
    QCOMPARE(sim.stats().inputsReceived, quint64(0));
    QCOMPARE(catalog.count(QStringLiteral("embedding_updated_at < updated_at")), 0);

    // A real change of text is sent again.
    QVERIFY(catalog.exec(QStringLiteral("UPDATE ai_items SET title = 'Renamed ' || id, updated_at = %1 "
                                        "WHERE id <= 'item-000010'")
                             .arg(later)));
    sim.resetStats();
    const RunSummary changed = runToEnd(config);
    QCOMPARE(changed.progress.succeeded, 10);
    QCOMPARE(sim.stats().inputsAccepted, quint64(10));
}

void PipelineTest::duplicatesAreSentOnce()
{
    CATALOG(catalog, 1000, 900);
    SimulatorFixture sim;
    const RunSummary summary = runToEnd(configFor(catalog, sim));
    QCOMPARE(summary.progress.state, RunState::Completed);
    QCOMPARE(summary.progress.succeeded, 1000);
    QCOMPARE(sim.stats().inputsAccepted, quint64(900));
    QCOMPARE(sim.stats().inputsReceived, quint64(900));
    // Every duplicate holds exactly the vector of its twin.
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    const auto mismatches = catalog.scalar(
        QStringLiteral("SELECT COUNT(*) FROM ai_items a JOIN ai_items b ON a.title = b.title AND a.id < b.id "
                       "WHERE a.embedding <> b.embedding"));
    QCOMPARE(mismatches.value_or(QStringLiteral("?")), QStringLiteral("0"));
}

void PipelineTest::faultsAreSurvived_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("faults");
    QTest::addColumn<double>("failRate");
    const QStringList kinds = {
        QStringLiteral("500:0.3"),   QStringLiteral("503:0.3"),    QStringLiteral("429:0.3"),
        QStringLiteral("hang:0.1"),  QStringLiteral("reset:0.2"),  QStringLiteral("malformed:0.2"),
        QStringLiteral("count:0.2"), QStringLiteral("dims:0.2"),   QStringLiteral("nan:0.2"),
        QStringLiteral("index:0.2"), QStringLiteral("shuffle:0.5")};
    for (const QString& kind : kinds)
        QTest::addRow("sqlite %s", qPrintable(kind)) << QStringLiteral("sqlite") << kind << 0.0;
    QTest::addRow("postgres fail-rate 0.3") << QStringLiteral("postgres") << QString() << 0.3;
}

void PipelineTest::faultsAreSurvived()
{
    QFETCH(QString, faults);
    QFETCH(double, failRate);
    CATALOG(catalog, 300, 300);
    SimulatorOptions options;
    options.faults = faults.isEmpty() ? QStringList() : QStringList{faults};
    options.failRate = failRate;
    options.hangMs = 3000;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    AppConfig config = configFor(catalog, sim);
    config.api.requestTimeoutMs = 1000;
    config.api.maxRetries = 30;
    const RunSummary summary = runToEnd(config);
    QCOMPARE(summary.progress.state, RunState::Completed);
    QCOMPARE(summary.progress.failed, 0);
    QCOMPARE(summary.progress.succeeded, 300);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);

    // Every stored vector is the simulator's vector for that item's text.
    const QString mismatch =
        vectorsMatchTheirTexts(config, {QStringLiteral("item-000001"), QStringLiteral("item-000150"),
                                        QStringLiteral("item-000300")});
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineTest::permanentErrorsAreRecordedWithTheApiMessage()
{
    CATALOG(catalog, 200, 200);
    QVERIFY(catalog.exec(QStringLiteral("UPDATE ai_items SET title = 'POISON ' || id WHERE id IN "
                                        "('item-000007', 'item-000123')")));
    SimulatorOptions options;
    options.faults = {QStringLiteral("bad-input:POISON")};
    SimulatorFixture sim(options);
    AppConfig config = configFor(catalog, sim);
    const RunSummary summary = runToEnd(config);
    QCOMPARE(summary.progress.state, RunState::CompletedWithFailures);
    QCOMPARE(summary.exitCode(), 2);
    QCOMPARE(summary.progress.succeeded, 198);
    QCOMPARE(summary.progress.failed, 2);

    auto store = ItemStore::open(config, QStringLiteral("verify"), nullptr);
    QVERIFY(store);
    FailureLog log(store->database(), store->table(), store->schema());
    const QVector<FailureEntry> failures = log.list();
    QCOMPARE(failures.size(), 2);
    for (const FailureEntry& failure : failures) {
        QVERIFY(failure.itemId == QLatin1String("item-000007") ||
                failure.itemId == QLatin1String("item-000123"));
        QCOMPARE(failure.httpStatus, 400);
        QVERIFY2(failure.message.contains(QLatin1String("Invalid 'input")), qPrintable(failure.message));
    }
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 2);
}

void PipelineTest::firstStopEndsCancelledKeepingFinishedBatches()
{
    CATALOG(catalog, 2000, 2000);
    SimulatorOptions options;
    options.latencyMs = 100;
    SimulatorFixture sim(options);
    AppConfig config = configFor(catalog, sim);
    config.api.concurrency = 2;
    bool stopped = false;
    const RunSummary summary = runToEnd(config, {}, [&](RunController& controller, const RunProgress& p) {
        if (!stopped && p.succeeded >= 200) {
            stopped = true;
            controller.stop();
        }
    });
    QVERIFY(stopped);
    QCOMPARE(summary.progress.state, RunState::Stopped);
    QVERIFY(summary.progress.succeeded >= 200);
    QVERIFY(summary.progress.succeeded < 2000);
    // What the run says it finished is exactly what the table holds: nothing partial, nothing lost.
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NOT NULL")), summary.progress.succeeded);
    QCOMPARE(catalog.scalar(QStringLiteral("SELECT status FROM embedding_runs ORDER BY id DESC LIMIT 1"))
                 .value_or(QString()),
             QStringLiteral("stopped"));
    // No leases are left behind: the next run takes the rest.
    QCOMPARE(catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM embedding_leases")).value_or(QString()),
             QStringLiteral("0"));
    const RunSummary rest = runToEnd(configFor(catalog, sim));
    QCOMPARE(rest.progress.succeeded, 2000 - summary.progress.succeeded);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
}

void PipelineTest::twoCatalogTablesInOneDatabaseKeepApart()
{
    // Two catalogs with the same ids in one database: what the console remembers of one (content
    // hashes, the cache, failures, leases) must never be taken for the other's.
    CATALOG(alpha, 50, 50);
    QVERIFY2(alpha.create(50, 50, QStringLiteral("beta_items"), QStringLiteral("Beta ")),
             qPrintable(alpha.error()));
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    const AppConfig alphaConfig = configFor(alpha, sim);
    AppConfig betaConfig = alphaConfig;
    betaConfig.table.table = alpha.table(QStringLiteral("beta_items"));

    QCOMPARE(runToEnd(betaConfig).progress.succeeded, 50);
    sim.resetStats();
    QCOMPARE(runToEnd(alphaConfig).progress.succeeded, 50);
    QCOMPARE(sim.stats().inputsAccepted, quint64(50));
    QCOMPARE(alpha.scalar(QStringLiteral("SELECT COUNT(*) FROM embedding_item_state")).value_or(QString()),
             QStringLiteral("100"));

    // beta's item 1 now reads like alpha's item 2. Alpha's state knows that text, but the vector
    // it points at lives in alpha's table: beta must ask the API, not read beta's item 2.
    const QString later = alpha.now();
    QVERIFY(alpha.exec(QStringLiteral("UPDATE beta_items SET title = 'Product 2', updated_at = %1 "
                                      "WHERE id = 'item-000001'")
                           .arg(later)));
    sim.resetStats();
    const RunSummary beta = runToEnd(betaConfig);
    QCOMPARE(beta.progress.succeeded, 1);
    QCOMPARE(sim.stats().inputsAccepted, quint64(1));
    const QString mismatch =
        vectorsMatchTheirTexts(betaConfig, {QStringLiteral("item-000001"), QStringLiteral("item-000002")});
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

    // Touching every alpha row without changing its text still sends nothing: beta's runs did
    // not overwrite what alpha's vectors were made from.
    QVERIFY(alpha.exec(QStringLiteral("UPDATE ai_items SET updated_at = %1").arg(later)));
    sim.resetStats();
    const RunSummary touched = runToEnd(alphaConfig);
    QCOMPARE(touched.progress.unchanged, 50);
    QCOMPARE(sim.stats().inputsReceived, quint64(0));
}

void PipelineTest::concurrentWorkersNeverShareAnItem()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY(catalog.create(3000, 3000));
    SimulatorOptions options;
    options.latencyMs = 5;
    SimulatorFixture sim(options);
    const AppConfig config = configFor(catalog, sim);

    RunController a, b;
    QSignalSpy doneA(&a, &RunController::finished), doneB(&b, &RunController::finished);
    a.start(config);
    b.start(config);
    QVERIFY(doneA.wait(240000) || doneA.count() == 1);
    QVERIFY(doneB.count() == 1 || doneB.wait(240000));
    const RunSummary sa = doneA.at(0).at(0).value<RunSummary>();
    const RunSummary sb = doneB.at(0).at(0).value<RunSummary>();
    QCOMPARE(sa.progress.state, RunState::Completed);
    QCOMPARE(sb.progress.state, RunState::Completed);
    QVERIFY2(sa.progress.succeeded > 0 && sb.progress.succeeded > 0, "both workers took a share");
    QCOMPARE(sa.progress.succeeded + sb.progress.succeeded, 3000);
    // No text went to the API twice.
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.inputsAccepted, quint64(3000));
    for (auto it = stats.servedCount.cbegin(); it != stats.servedCount.cend(); ++it)
        QCOMPARE(it.value(), 1);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
}

void PipelineTest::killedRunIsFinishedByTheNextRun()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    const int items = 3000;
    QVERIFY(catalog.create(items, items));
    SimulatorOptions options;
    options.latencyMs = 30;
    SimulatorFixture sim(options);
    const AppConfig config = configFor(catalog, sim);

    QProcess worker;
    worker.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
    worker.setArguments({QStringLiteral("run"), QStringLiteral("--db"), catalog.url(),
                         QStringLiteral("--api-base"), sim.baseUrl().toString(),
                         QStringLiteral("--dimensions"), QStringLiteral("64"), QStringLiteral("--batch-size"),
                         QStringLiteral("50"), QStringLiteral("--concurrency"), QStringLiteral("2"),
                         QStringLiteral("--quiet")});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
    worker.setProcessEnvironment(env);
    worker.start();
    QVERIFY(worker.waitForStarted());
    // Let it commit a few batches, then kill it without warning.
    QTRY_VERIFY_WITH_TIMEOUT(catalog.count(QStringLiteral("embedding IS NOT NULL")) >= 300, 120000);
    worker.kill();
    QVERIFY(worker.waitForFinished());
    // What the dead worker had sent may still sit unread in the simulator's sockets: wait until
    // it has read everything and seen every connection close before counting.
    QTRY_VERIFY_WITH_TIMEOUT(sim.stats().connectionsOpen() == 0 && sim.stats().inFlight == 0, 30000);
    // Likewise a COMMIT the server had already received finishes after the client died: wait
    // until the dead worker's sessions are gone.
    QTRY_COMPARE_WITH_TIMEOUT(
        catalog
            .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                   "current_database() AND pid <> pg_backend_pid()"))
            .value_or(QString()),
        QStringLiteral("0"), 30000);
    const qint64 keptByKilled = catalog.count(QStringLiteral("embedding IS NOT NULL"));
    QVERIFY(keptByKilled < items);
    const quint64 sentBeforeRerun = sim.stats().inputsReceived;

    const RunSummary rerun = runToEnd(config);
    QCOMPARE(rerun.progress.state, RunState::Completed);
    QCOMPARE(rerun.progress.failed, 0);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(
        catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM embedding_runs WHERE status = 'interrupted'"))
            .value_or(QString()),
        QStringLiteral("1"));
    // No more inputs than the items plus the batches that were in flight when it died
    // (concurrency 2 x batch 50).
    const quint64 sent = sim.stats().inputsReceived;
    QVERIFY2(sent <= quint64(items + 2 * 50), qPrintable(QStringLiteral("sent %1").arg(sent)));
    QCOMPARE(sent - sentBeforeRerun, quint64(items - keptByKilled));
    // Nothing corrupt: every vector has the configured length and is the text's vector.
    QCOMPARE(catalog.count(QStringLiteral("array_length(embedding, 1) <> 64")), 0);
    QStringList ids;
    for (int n : {1, items / 2, items})
        ids << QStringLiteral("item-%1").arg(n, 6, 10, QLatin1Char('0'));
    const QString mismatch = vectorsMatchTheirTexts(config, ids);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineTest::spendCapHoldsAndLeavesTheRestPending()
{
    // Issue 12: with --max-cost at half the estimated price, the run spends at most the cap (as
    // the API reports usage: the simulator's billed tokens), ends stopped and leaves the rest pending.
    CATALOG(catalog, 1000, 1000);
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    AppConfig config = configFor(catalog, sim);
    double price = 0;
    {
        QString error;
        auto store = ItemStore::open(config, QStringLiteral("spend-cap-estimate"), &error);
        QVERIFY2(store, qPrintable(error));
        const Result<CostEstimate> estimate = CostEstimator(config).estimatePending(*store);
        QVERIFY2(estimate, qPrintable(estimate.error()));
        price = estimate->configured().afterDedupe.usd;
    }
    QVERIFY(price > 0);
    const double cap = price / 2;
    const double usdPerToken = config.prices.usdPerMillion(config.embedding.model) / 1e6;

    RunOptions options;
    options.maxCostUsd = cap; // the console's start dialog; embedctl --max-cost sets RunSettings
    const RunSummary capped = runToEnd(config, options);
    QCOMPARE(capped.progress.state, RunState::Stopped);
    QCOMPARE(capped.exitCode(), 4);
    QVERIFY2(capped.error.contains(QLatin1String("spend cap reached")), qPrintable(capped.error));
    const double spent = double(sim.stats().tokens) * usdPerToken;
    QVERIFY2(spent <= cap + 1e-12, qPrintable(QStringLiteral("spent %1, cap %2").arg(spent).arg(cap)));
    QVERIFY2(spent >= cap * 0.8, qPrintable(QStringLiteral("spent only %1 of %2").arg(spent).arg(cap)));
    QCOMPARE(capped.progress.costUsd, spent);
    const qint64 left = catalog.count(QStringLiteral("embedding IS NULL"));
    QVERIFY(left > 0);
    QCOMPARE(capped.progress.succeeded + left, 1000);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), 0);

    // The cap is per run; from the settings, as embedctl run --max-cost sets it, it holds too.
    sim.resetStats();
    config.run.maxCostUsd = cap;
    const RunSummary again = runToEnd(config);
    QVERIFY(again.progress.state == RunState::Stopped || again.progress.state == RunState::Completed);
    QVERIFY(double(sim.stats().tokens) * usdPerToken <= cap + 1e-12);
    QVERIFY(sim.stats().tokens > 0);

    // Without a cap the next run finishes the rest.
    config.run.maxCostUsd = 0;
    QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
}

QTEST_GUILESS_MAIN(PipelineTest)
#include "tst_pipeline.moc"
