// Failure paths and hostile data (issue 11): an error at any database step ends the run within
// seconds with the right status; transient errors (deadlocks, lost connections, a server
// restart) cost a retry, not the run; rows that cannot be decoded or addressed are recorded
// with their reason while every other row is embedded; the third signal ends the process.
// Real SQLite and PostgreSQL 15 (the fixture's cluster, plus a cluster of the suite's own for
// the restart), the simulator over loopback HTTP, the embedctl binary where a process matters.

#include "PgCluster.h"
#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "store/FaultInjection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace ec;
using namespace ec::test;

namespace {

/// Every failure must end the run this soon (the bound).
constexpr int kEndsWithinMs = 10000;

QStringList itemIds(int count)
{
    QStringList ids;
    for (int n = 1; n <= count; ++n)
        ids << QStringLiteral("item-%1").arg(n, 6, 10, QLatin1Char('0'));
    return ids;
}

/// The books of a finished run: every item it found is succeeded, unchanged, failed or skipped,
/// or still pending in the catalog (left for later). Empty when they balance.
QString booksBalance(const RunSummary& summary, PipelineCatalog& catalog)
{
    if (!summary.books.known)
        return QStringLiteral("the run did not count its books");
    const RunProgress& p = summary.progress;
    const qint64 left = catalog.count(QStringLiteral("embedding IS NULL"));
    const qint64 finished = p.succeeded + p.unchanged + p.failed + p.skipped;
    if (p.processed != finished)
        return QStringLiteral("processed %1 <> succeeded+unchanged+failed+skipped %2")
            .arg(p.processed)
            .arg(finished);
    if (p.total != finished + left - (p.failed + p.skipped))
        return QStringLiteral(
                   "found %1 <> done %2 + failed %3 + skipped %4 + left %5 (failed rows stay NULL)")
            .arg(p.total)
            .arg(p.succeeded + p.unchanged)
            .arg(p.failed)
            .arg(p.skipped)
            .arg(left - p.failed - p.skipped);
    return QString();
}

QProcessEnvironment embedctlEnvironment(const QString& fault = QString())
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
    if (!fault.isEmpty())
        env.insert(QStringLiteral("EMBEDCTL_FAULT"), fault);
    return env;
}

QStringList runArguments(const QString& url, const SimulatorFixture& sim)
{
    return {QStringLiteral("run"),        QStringLiteral("--db"),         url,
            QStringLiteral("--api-base"), sim.baseUrl().toString(),       QStringLiteral("--dimensions"),
            QStringLiteral("64"),         QStringLiteral("--batch-size"), QStringLiteral("20"),
            QStringLiteral("--quiet")};
}

} // namespace

class PipelineFaultsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { FaultInjection::configure(QString()); }

    void injectedErrorAtEachStepEndsTheRun_data();
    void injectedErrorAtEachStepEndsTheRun();
    void injectedDeadlockCostsOneRetry_data();
    void injectedDeadlockCostsOneRetry();
    void lostConnectionsAreReconnected_data();
    void lostConnectionsAreReconnected();
    void pageReadErrorEndsTheProcess();
    void thirdSignalEndsTheProcessAtOnce();
    void postgresRestartIsRiddenOut();
    void sqlAsciiRowsThatAreNotUtf8AreReportedAndTheRestEmbedded();
    void sqliteBlobValuesAreEmbeddedOrReported();
};

void PipelineFaultsTest::injectedErrorAtEachStepEndsTheRun_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("everyRowEmbedded");
    const struct
    {
        const char* fault;
        RunState state;
        bool everyRow;
    } cases[] = {
        {"open:1", RunState::Failed, false},   {"page:2", RunState::Failed, false},
        {"claim:2", RunState::Failed, false},  {"cache:1", RunState::Completed, true},
        {"commit:2", RunState::Failed, false}, {"record:1", RunState::Failed, false},
        {"renew:1", RunState::Failed, false},  {"close:1", RunState::Completed, true},
        {"page:1+", RunState::Failed, false},  {"commit:1+:deadlock", RunState::Failed, false},
    };
    for (const char* backend : {"sqlite", "postgres"}) {
        for (const auto& c : cases)
            QTest::addRow("%s %s", backend, c.fault)
                << QString::fromLatin1(backend) << QString::fromLatin1(c.fault) << int(c.state) << c.everyRow;
    }
}

void PipelineFaultsTest::injectedErrorAtEachStepEndsTheRun()
{
    QFETCH(QString, backend);
    QFETCH(QString, fault);
    QFETCH(int, state);
    QFETCH(bool, everyRowEmbedded);
    PipelineCatalog catalog(backend);
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    const int items = 400;
    QVERIFY2(catalog.create(items, items), qPrintable(catalog.error()));
    SimulatorOptions options;
    // 10 rounds of 300 ms: the run lasts 3 s, past the first lease renewal and run record (every
    // second here), so every step is reached.
    options.latencyMs = 300;
    SimulatorFixture sim(options);
    AppConfig config = configFor(catalog, sim);
    config.batch.batchSize = 20;
    config.api.concurrency = 2;
    config.run.pageSize = 100;
    config.run.leaseSeconds = 3;
    QVERIFY(FaultInjection::configure(fault));

    QElapsedTimer clock;
    clock.start();
    const RunSummary summary = runToEnd(config, {}, {}, 60000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(summary.progress.state != RunState::Idle, "the run never ended");
    QCOMPARE(int(summary.progress.state), state);
    if (RunState(state) == RunState::Failed) {
        QVERIFY2(summary.error.contains(QLatin1String("injected fault")) ||
                     summary.error.contains(QLatin1String("deadlock")),
                 qPrintable(summary.error));
        QCOMPARE(summary.exitCode(), 1);
        // Ended within the bound once the fault hit (the run itself takes about 2 s).
        QVERIFY2(elapsed < kEndsWithinMs + 4000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    }
    FaultInjection::configure(QString());
    if (everyRowEmbedded)
        QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    if (!fault.startsWith(QLatin1String("close")) && !fault.startsWith(QLatin1String("open")))
        QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), 0);
    if (fault.startsWith(QLatin1String("close"))) {
        QVERIFY(!summary.books.known);       // the end could not be recorded, nor counted
    } else if (summary.progress.runId > 0) { // the run opened
        const QString books = booksBalance(summary, catalog);
        QVERIFY2(books.isEmpty(), qPrintable(books));
    }
    // What was written is right, and the next run finishes the rest.
    const RunSummary next = runToEnd(config);
    QCOMPARE(next.progress.state, RunState::Completed);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    const QString mismatch = vectorsMatchTheirTexts(config, itemIds(items));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineFaultsTest::injectedDeadlockCostsOneRetry_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

void PipelineFaultsTest::injectedDeadlockCostsOneRetry()
{
    QFETCH(QString, backend);
    PipelineCatalog catalog(backend);
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    const int items = 300;
    QVERIFY(catalog.create(items, items));
    SimulatorFixture sim;
    const AppConfig config = configFor(catalog, sim);
    QVERIFY(FaultInjection::configure(QStringLiteral("commit:2:deadlock")));
    const RunSummary summary = runToEnd(config);
    QCOMPARE(summary.progress.state, RunState::Completed);
    QCOMPARE(summary.progress.databaseRetries, 1);
    QCOMPARE(catalog
                 .scalar(QStringLiteral("SELECT database_retries FROM embedding_runs WHERE id = %1")
                             .arg(summary.progress.runId))
                 .value_or(QString()),
             QStringLiteral("1"));
    QCOMPARE(summary.progress.succeeded, items);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    const QString books = booksBalance(summary, catalog);
    QVERIFY2(books.isEmpty(), qPrintable(books));
    const QString mismatch = vectorsMatchTheirTexts(config, itemIds(items));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineFaultsTest::lostConnectionsAreReconnected_data()
{
    QTest::addColumn<QString>("fault");
    for (const char* fault : {"page:2:disconnect", "claim:2:disconnect", "commit:2:disconnect",
                              "commit:3:disconnect,page:3:disconnect", "record:1:disconnect"})
        QTest::newRow(fault) << QString::fromLatin1(fault);
}

void PipelineFaultsTest::lostConnectionsAreReconnected()
{
    QFETCH(QString, fault);
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    const int items = 600;
    QVERIFY(catalog.create(items, items));
    SimulatorOptions options;
    options.latencyMs = 100; // a run of a few seconds: the run record is stored every second
    SimulatorFixture sim(options);
    AppConfig config = configFor(catalog, sim);
    config.batch.batchSize = 20;
    config.run.pageSize = 100;
    config.api.concurrency = 2;
    QVERIFY(FaultInjection::configure(fault));
    bool sawReconnecting = false;
    const RunSummary summary = runToEnd(config, {}, [&](RunController&, const RunProgress& p) {
        sawReconnecting = sawReconnecting || p.databaseReconnecting;
    });
    QVERIFY2(summary.progress.state == RunState::Completed, qPrintable(summary.error));
    QVERIFY(summary.progress.databaseRetries >= 1);
    QVERIFY2(sawReconnecting, "the progress never said it was reconnecting");
    QVERIFY(!summary.progress.databaseReconnecting);
    QCOMPARE(summary.progress.succeeded, items);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), 0);
    const QString mismatch = vectorsMatchTheirTexts(config, itemIds(items));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineFaultsTest::pageReadErrorEndsTheProcess()
{
    // The hang that was: a failed page read left the engine waiting for a page forever, and
    // SIGTERM could not end the process.
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY(catalog.create(300, 300));
    SimulatorFixture sim;
    QProcess worker;
    worker.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
    worker.setArguments(runArguments(catalog.url(), sim));
    worker.setProcessEnvironment(embedctlEnvironment(QStringLiteral("page:1")));
    worker.start();
    QVERIFY(worker.waitForStarted());
    QVERIFY2(worker.waitForFinished(kEndsWithinMs), "embedctl did not end after a failed page read");
    QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
    QCOMPARE(worker.exitCode(), 1);
    QVERIFY2(worker.readAllStandardError().contains("injected fault"), "the reason was not printed");
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), 0);
}

void PipelineFaultsTest::thirdSignalEndsTheProcessAtOnce()
{
    // A commit that never returns (a stuck database call): the first signal asks for a stop,
    // the second for an abort, and neither can finish; the third must end the process.
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY(catalog.create(200, 200));
    SimulatorFixture sim;
    QProcess worker;
    worker.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
    QStringList arguments = runArguments(catalog.url(), sim);
    arguments.removeAll(QStringLiteral("--quiet"));
    worker.setArguments(arguments);
    worker.setProcessEnvironment(embedctlEnvironment(QStringLiteral("commit:1:hang")));
    worker.start();
    QVERIFY(worker.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sim.stats().inputsAccepted > 0, 30000);
    const auto pid = pid_t(worker.processId());
    QByteArray printed;
    auto waitFor = [&](const char* text) {
        QElapsedTimer clock;
        clock.start();
        while (!printed.contains(text) && clock.elapsed() < kEndsWithinMs) {
            worker.waitForReadyRead(100);
            printed += worker.readAllStandardError();
        }
        return printed.contains(text);
    };
    ::kill(pid, SIGTERM);
    QVERIFY2(waitFor("stopping"), printed.constData());
    ::kill(pid, SIGTERM);
    QVERIFY2(waitFor("aborting"), printed.constData());
    QCOMPARE(worker.state(), QProcess::Running); // stuck, as it should be for this test
    ::kill(pid, SIGTERM);
    QVERIFY2(worker.waitForFinished(kEndsWithinMs), "three SIGTERMs did not end embedctl");
    QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
    QCOMPARE(worker.exitCode(), 128 + SIGTERM);
}

void PipelineFaultsTest::postgresRestartIsRiddenOut()
{
    // A cluster of the suite's own: restarting the shared one would hit the other suites.
    if (PgCluster::url().isEmpty())
        QSKIP("no PostgreSQL fixture");
    QTemporaryDir dir;
    const QString clusterDir = dir.filePath(QStringLiteral("cluster"));
    const QString script = QStringLiteral(EC_SOURCE_DIR "/scripts/pg-test-cluster.sh");
    QProcess start;
    start.start(QStringLiteral("bash"), {script, QStringLiteral("start"), clusterDir});
    QVERIFY(start.waitForFinished(120000));
    QVERIFY2(start.exitCode() == 0, start.readAllStandardError().constData());
    auto stopCluster = qScopeGuard([&] {
        QProcess::execute(QStringLiteral("bash"), {script, QStringLiteral("stop"), clusterDir});
    });
    QFile urlFile(clusterDir + QStringLiteral("/url"));
    QVERIFY(urlFile.open(QIODevice::ReadOnly));
    const QString serverUrl = QString::fromUtf8(urlFile.readAll()).trimmed();

    PipelineCatalog catalog(QStringLiteral("postgres"), serverUrl);
    QVERIFY2(catalog.isValid(), qPrintable(catalog.error()));
    const int items = 3000;
    QVERIFY(catalog.create(items, items));
    SimulatorOptions options;
    options.latencyMs = 40;
    SimulatorFixture sim(options);
    QProcess worker;
    worker.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
    worker.setArguments(runArguments(catalog.url(), sim)
                        << QStringLiteral("--concurrency") << QStringLiteral("2"));
    worker.setProcessEnvironment(embedctlEnvironment());
    worker.start();
    QVERIFY(worker.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(catalog.count(QStringLiteral("embedding IS NOT NULL")) >= 300, 120000);
    QProcess restart;
    restart.start(QStringLiteral("bash"), {script, QStringLiteral("restart"), clusterDir});
    QVERIFY(restart.waitForFinished(120000));
    QVERIFY2(restart.exitCode() == 0, restart.readAllStandardError().constData());
    QVERIFY2(catalog.count(QStringLiteral("embedding IS NOT NULL")) < items,
             "the run ended before the restart");
    QVERIFY(worker.waitForFinished(180000));
    const QByteArray output = worker.readAllStandardError();
    QVERIFY2(worker.exitCode() == 0, output.constData());
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), 0);
    QCOMPARE(catalog.scalar(QStringLiteral("SELECT status FROM embedding_runs ORDER BY id DESC LIMIT 1"))
                 .value_or(QString()),
             QStringLiteral("completed"));
    AppConfig config = configFor(catalog, sim);
    const QString mismatch = vectorsMatchTheirTexts(config, itemIds(items));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineFaultsTest::sqlAsciiRowsThatAreNotUtf8AreReportedAndTheRestEmbedded()
{
    PipelineCatalog catalog(QStringLiteral("postgres-sql_ascii"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    const int items = 500;
    QVERIFY(catalog.create(items, items));
    // Bytes an SQL_ASCII database stores unchecked and no UTF-8 client can read as text.
    QVERIFY2(catalog.exec(QStringLiteral("UPDATE ai_items SET title = E'bad \\xc3\\x28 title' "
                                         "WHERE id IN ('item-000007', 'item-000250')")),
             qPrintable(catalog.error()));
    QVERIFY(
        catalog.exec(QStringLiteral("UPDATE ai_items SET summary = E'caf\\xe9' WHERE id = 'item-000400'")));
    SimulatorFixture sim;
    const AppConfig config = configFor(catalog, sim);
    const RunSummary summary = runToEnd(config);
    QVERIFY2(summary.progress.state == RunState::CompletedWithFailures, qPrintable(summary.error));
    QCOMPARE(summary.progress.succeeded, items - 3);
    QCOMPARE(summary.progress.failed, 3);
    QCOMPARE(summary.exitCode(), 2);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 3);
    QCOMPARE(
        catalog.scalar(QStringLiteral("SELECT message FROM embedding_failures WHERE item_id = 'item-000007'"))
            .value_or(QString()),
        QStringLiteral("title is not valid UTF-8 (byte 0xc3 at offset 4)"));
    QCOMPARE(
        catalog.scalar(QStringLiteral("SELECT message FROM embedding_failures WHERE item_id = 'item-000400'"))
            .value_or(QString()),
        QStringLiteral("summary is not valid UTF-8 (byte 0xe9 at offset 3)"));
    const QString books = booksBalance(summary, catalog);
    QVERIFY2(books.isEmpty(), qPrintable(books));
    const QString mismatch =
        vectorsMatchTheirTexts(config, {QStringLiteral("item-000001"), QStringLiteral("item-000500")});
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineFaultsTest::sqliteBlobValuesAreEmbeddedOrReported()
{
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY(catalog.create(20, 20));
    // An application that binds byte strings stores BLOBs: valid UTF-8 ones are text all the
    // same, invalid ones and BLOB ids cannot be embedded and are reported.
    const QStringList rows = {
        QStringLiteral("('blob-title-1', CAST('Blob title one' AS BLOB), 'summary', '[]')"),
        QStringLiteral("('blob-title-2', X'ED959CEAB5ADEC96B4', CAST('요약' AS BLOB), '[]')"),
        QStringLiteral("('nul-title', 'before' || char(0) || 'after', 'summary', '[]')"),
        QStringLiteral("('bad-title', X'666F6FFF626172', 'summary', '[]')"),
        QStringLiteral("('bad-summary', 'fine title', X'C328', '[]')"),
        QStringLiteral("('bad-tags', 'fine title', 'summary', X'5B2280225D')"),
        QStringLiteral("(X'626C6F622D6964', 'title of a blob id', 'summary', '[]')"),
        QStringLiteral("(X'FF00FF', 'title of a binary blob id', 'summary', '[]')"),
    };
    QVERIFY2(catalog.exec(QStringLiteral("INSERT INTO ai_items (id, title, summary, tags) VALUES ") +
                          rows.join(QStringLiteral(", "))),
             qPrintable(catalog.error()));
    SimulatorFixture sim;
    const AppConfig config = configFor(catalog, sim);
    const RunSummary summary = runToEnd(config);
    QVERIFY2(summary.progress.state == RunState::CompletedWithFailures, qPrintable(summary.error));
    QCOMPARE(summary.progress.total, 28);
    QCOMPARE(summary.progress.succeeded, 23);
    QCOMPARE(summary.progress.failed, 5);
    QCOMPARE(summary.progress.processed, 28);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 5);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_failures")), 5);
    QCOMPARE(
        catalog.scalar(QStringLiteral("SELECT message FROM embedding_failures WHERE item_id = 'bad-title'"))
            .value_or(QString()),
        QStringLiteral("title is not valid UTF-8 (byte 0xff at offset 3)"));
    QVERIFY(catalog
                .scalar(QStringLiteral(
                    "SELECT message FROM embedding_failures WHERE item_id = 'blob:626C6F622D6964'"))
                .value_or(QString())
                .contains(QLatin1String("BLOB")));
    const QString books = booksBalance(summary, catalog);
    QVERIFY2(books.isEmpty(), qPrintable(books));
    const QString mismatch =
        vectorsMatchTheirTexts(config, {QStringLiteral("item-000001"), QStringLiteral("blob-title-1"),
                                        QStringLiteral("blob-title-2"), QStringLiteral("nul-title")});
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    // The next run does not report the same rows as new work: they wait in their back-off.
    const RunSummary next = runToEnd(config);
    QCOMPARE(next.progress.state, RunState::Completed);
    QCOMPARE(next.progress.processed, 0);
}

QTEST_GUILESS_MAIN(PipelineFaultsTest)
#include "tst_pipeline_faults.moc"
