// `embedctl run --watch` as the systemd template runs it: four workers against one PostgreSQL
// catalog and one simulated endpoint. 2,000 rows arrive in batches while they run; every row
// must end embedded, by exactly one request input (the simulator counts what it served, per
// text), within a generous bound; SIGTERM then ends each worker with exit code 0.
#include "PgCluster.h"
#include "PipelineCatalog.h"
#include "SimulatorFixture.h"
#include "store/ChangeListener.h"

#include <QProcess>
#include <QtTest>

#include <memory>
#include <vector>

using namespace ec;
using namespace ec::test;

namespace {

constexpr int kWorkers = 4;
constexpr int kRows = 2000;
constexpr int kBatch = 100;

QString workerLog(QProcess& worker)
{
    return QString::fromUtf8(worker.readAllStandardError()).right(4000);
}

} // namespace

class TestCliWatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fourWorkersEmbedEveryRowOnceAndStopOnSigterm()
    {
        if (PgCluster::url().isEmpty())
            QSKIP("no PostgreSQL test cluster (run through ctest)");
        PipelineCatalog catalog(QStringLiteral("postgres"));
        QVERIFY2(catalog.isValid(), qPrintable(catalog.error()));
        QVERIFY(catalog.create(1, 1));
        QVERIFY(catalog.exec(QStringLiteral("DELETE FROM ai_items")));
        QString error;
        QVERIFY2(PgCluster::exec(catalog.url(), ChangeListener::triggerSql(TableSpec()), &error),
                 qPrintable(error));

        SimulatorOptions options;
        options.recordServedTexts = true;
        SimulatorFixture simulator(options);
        QVERIFY2(simulator.isRunning(), qPrintable(simulator.error()));

        std::vector<std::unique_ptr<QProcess>> workers;
        for (int i = 1; i <= kWorkers; ++i) {
            auto worker = std::make_unique<QProcess>();
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("OPENAI_API_KEY"));
            env.insert(QStringLiteral("HOME"), QDir::tempPath()); // no console settings
            worker->setProcessEnvironment(env);
            worker->start(QStringLiteral(EC_EMBEDCTL),
                          {QStringLiteral("run"), QStringLiteral("--watch"), QStringLiteral("--interval"),
                           QStringLiteral("30s"), QStringLiteral("--worker"), QStringLiteral("w%1").arg(i),
                           QStringLiteral("--db"), catalog.url(), QStringLiteral("--api-base"),
                           simulator.baseUrl().toString(), QStringLiteral("--batch-size"),
                           QStringLiteral("50"), QStringLiteral("--config"), QStringLiteral("/dev/null")});
            QVERIFY(worker->waitForStarted(10000));
            workers.push_back(std::move(worker));
        }
        auto cleanup = qScopeGuard([&] {
            for (auto& worker : workers) {
                if (worker->state() != QProcess::NotRunning) {
                    worker->kill();
                    worker->waitForFinished(10000);
                }
            }
        });

        // The rows arrive while the workers run; each INSERT wakes them through the trigger
        // (the 30 s polling interval alone would not finish within the bound below).
        for (int first = 1; first <= kRows; first += kBatch) {
            QVERIFY2(PgCluster::exec(
                         catalog.url(),
                         QStringLiteral("INSERT INTO ai_items (id, title, summary, tags) "
                                        "SELECT 'watch-' || lpad(g::text, 6, '0'), 'Watched item ' || g, "
                                        "'Summary ' || g, ARRAY['t' || (g % 7)] "
                                        "FROM generate_series(%1, %2) g")
                             .arg(first)
                             .arg(first + kBatch - 1),
                         &error),
                     qPrintable(error));
            QTest::qWait(20);
        }

        // Bounded, generous: on a loaded 2-core machine under ASan this takes seconds.
        QTRY_VERIFY2_WITH_TIMEOUT(catalog.count(QStringLiteral("embedding IS NOT NULL")) == kRows,
                                  qPrintable(QStringLiteral("%1 of %2 rows embedded")
                                                 .arg(catalog.count(QStringLiteral("embedding IS NOT NULL")))
                                                 .arg(kRows)),
                                  180000);

        // Exactly once: the simulator answered each text once, and nothing more.
        const SimulatorStats stats = simulator.stats();
        QCOMPARE(stats.inputsAccepted, quint64(kRows));
        QCOMPARE(stats.servedCount.size(), kRows);
        for (auto it = stats.servedCount.cbegin(); it != stats.servedCount.cend(); ++it)
            QVERIFY2(it.value() == 1, it.key().constData());
        const auto succeeded = catalog.scalar(QStringLiteral("SELECT sum(succeeded) FROM embedding_runs"));
        QVERIFY(succeeded);
        QCOMPARE(succeeded->toInt(), kRows);
        // How the leases shared the work (not asserted: one worker may win every race).
        const auto workersSeen = catalog.scalar(
            QStringLiteral("SELECT count(DISTINCT worker) FROM embedding_runs WHERE succeeded > 0"));
        QVERIFY(workersSeen);
        qInfo("%d rows embedded by %s worker processes", kRows, qPrintable(*workersSeen));
        const auto provenance = catalog.scalar(QStringLiteral(
            "SELECT count(*) FROM embedding_runs WHERE app_version IS NULL OR git_commit IS NULL"));
        QVERIFY(provenance);
        QCOMPARE(provenance->toInt(), 0);

        for (auto& worker : workers)
            worker->terminate(); // SIGTERM
        for (auto& worker : workers) {
            QVERIFY2(worker->waitForFinished(60000), qPrintable(workerLog(*worker)));
            QCOMPARE(worker->exitStatus(), QProcess::NormalExit);
            QVERIFY2(worker->exitCode() == 0, qPrintable(workerLog(*worker)));
        }
    }

    void sigtermWithinARunStopsItAndExitsZero()
    {
        // SQLite (no notifications: polling), a slow endpoint: the signal lands mid-run.
        PipelineCatalog catalog(QStringLiteral("sqlite"));
        QVERIFY2(catalog.isValid(), qPrintable(catalog.error()));
        QVERIFY(catalog.create(1000, 1000));
        SimulatorOptions options;
        options.latencyMs = 400;
        SimulatorFixture simulator(options);
        QVERIFY2(simulator.isRunning(), qPrintable(simulator.error()));
        QProcess worker;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("OPENAI_API_KEY"));
        worker.setProcessEnvironment(env);
        worker.start(QStringLiteral(EC_EMBEDCTL),
                     {QStringLiteral("run"), QStringLiteral("--watch"), QStringLiteral("--interval"),
                      QStringLiteral("1s"), QStringLiteral("--db"), catalog.url(),
                      QStringLiteral("--api-base"), simulator.baseUrl().toString(),
                      QStringLiteral("--batch-size"), QStringLiteral("10"), QStringLiteral("--concurrency"),
                      QStringLiteral("2"), QStringLiteral("--config"), QStringLiteral("/dev/null")});
        QVERIFY(worker.waitForStarted(10000));
        auto cleanup = qScopeGuard([&] {
            if (worker.state() != QProcess::NotRunning) {
                worker.kill();
                worker.waitForFinished(10000);
            }
        });
        // 100 requests of 400 ms, two at a time: about 20 s. Stop once the first are written.
        QTRY_VERIFY_WITH_TIMEOUT(catalog.count(QStringLiteral("embedding IS NOT NULL")) > 0, 60000);
        worker.terminate();
        QVERIFY2(worker.waitForFinished(60000), qPrintable(workerLog(worker)));
        QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
        QVERIFY2(worker.exitCode() == 0, qPrintable(workerLog(worker)));
        const auto status =
            catalog.scalar(QStringLiteral("SELECT status FROM embedding_runs ORDER BY id DESC LIMIT 1"));
        QVERIFY(status);
        QCOMPARE(*status, QStringLiteral("stopped"));
        QVERIFY(catalog.count(QStringLiteral("embedding IS NOT NULL")) < 1000);
    }

    void sigtermBetweenRunsExitsZero()
    {
        PipelineCatalog catalog(QStringLiteral("sqlite"));
        QVERIFY2(catalog.isValid(), qPrintable(catalog.error()));
        QVERIFY(catalog.create(20, 20));
        SimulatorFixture simulator;
        QVERIFY2(simulator.isRunning(), qPrintable(simulator.error()));
        QProcess worker;
        worker.start(QStringLiteral(EC_EMBEDCTL),
                     {QStringLiteral("run"), QStringLiteral("--watch"), QStringLiteral("--interval"),
                      QStringLiteral("1h"), QStringLiteral("--db"), catalog.url(),
                      QStringLiteral("--api-base"), simulator.baseUrl().toString(),
                      QStringLiteral("--config"), QStringLiteral("/dev/null")});
        QVERIFY(worker.waitForStarted(10000));
        // The first run embeds the 20 rows, then the worker waits an hour for the next.
        QTRY_COMPARE_WITH_TIMEOUT(catalog.count(QStringLiteral("embedding IS NOT NULL")), qint64(20), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(
            catalog.scalar(QStringLiteral("SELECT count(*) FROM embedding_runs WHERE status = 'completed'"))
                    .value_or(QString()) == QLatin1String("1"),
            60000);
        worker.terminate();
        QVERIFY2(worker.waitForFinished(30000), qPrintable(workerLog(worker)));
        QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
        QVERIFY2(worker.exitCode() == 0, qPrintable(workerLog(worker)));
    }

    void badIntervalIsRefused()
    {
        QProcess worker;
        worker.start(QStringLiteral(EC_EMBEDCTL),
                     {QStringLiteral("run"), QStringLiteral("--watch"), QStringLiteral("--interval"),
                      QStringLiteral("soon"), QStringLiteral("--config"), QStringLiteral("/dev/null")});
        QVERIFY(worker.waitForFinished(30000));
        QCOMPARE(worker.exitCode(), 1);
        QVERIFY(
            QString::fromUtf8(worker.readAllStandardError()).contains(QStringLiteral("--interval needs")));
    }
};

QTEST_GUILESS_MAIN(TestCliWatch)
#include "tst_cli_watch.moc"
