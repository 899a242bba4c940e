// The run against endpoints that behave like real servers (issue 10): an endpoint that refuses
// the run (no such host, quota exhausted, bad key, unknown model) ends it `failed` within
// seconds, after a handful of requests, with no item blamed; a server that takes smaller
// requests than asked gets them, and every item is embedded.

#include "PgCluster.h"
#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"

#include <QElapsedTimer>
#include <QTest>

using namespace ec;
using namespace ec::test;

class PipelineEndpointsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unreachableEndpointFailsTheRunWithoutBlamingItems();
};

void PipelineEndpointsTest::unreachableEndpointFailsTheRunWithoutBlamingItems()
{
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY(catalog.create(300, 300));
    SimulatorFixture sim; // for its test-sized timeouts and back-offs only
    AppConfig config = configFor(catalog, sim);
    config.api.simulated = false;
    config.api.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(PgCluster::unusedPort()));
    QElapsedTimer clock;
    clock.start();
    const RunSummary summary = runToEnd(config, {}, {}, 30000);
    QCOMPARE(summary.progress.state, RunState::Failed);
    QVERIFY2(summary.error.contains(QLatin1String("cannot be reached")), qPrintable(summary.error));
    QCOMPARE(summary.exitCode(), 1);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
    QVERIFY2(summary.progress.apiRequests <= 3, qPrintable(QString::number(summary.progress.apiRequests)));
    QCOMPARE(summary.progress.failed, 0);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_failures")), 0);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 300);
}

QTEST_GUILESS_MAIN(PipelineEndpointsTest)
#include "tst_pipeline_endpoints.moc"
