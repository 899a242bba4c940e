// The run against endpoints that behave like real servers (issue 10): an endpoint that refuses
// the run (no such host, quota exhausted, bad key, unknown model) ends it `failed` within
// seconds, after a handful of requests, with no item blamed; a server that takes smaller
// requests than asked gets them, and every item is embedded.

#include "PgCluster.h"
#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "ops/EndpointDoctor.h"
#include "sim/SimulatorOptions.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace ec;
using namespace ec::test;

namespace {

QStringList itemIds(int count)
{
    QStringList ids;
    for (int n = 1; n <= count; ++n)
        ids << QStringLiteral("item-%1").arg(n, 6, 10, QLatin1Char('0'));
    return ids;
}

/// The catalog's configuration pointed at the simulator as a user would point it at the real
/// server: the run's defaults (batch size 100, concurrency 8), the flavor the profile needs.
AppConfig configForProfile(PipelineCatalog& catalog, const SimulatorFixture& sim, ServerProfile profile)
{
    AppConfig config = configFor(catalog, sim);
    config.batch.batchSize = 100;
    config.api.concurrency = 8;
    config.api.apiKey = QStringLiteral("sk-test");
    if (profile == ServerProfile::Azure) {
        config.api.flavor = ApiFlavor::Azure;
        config.api.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(sim.port()));
    }
    return config;
}

} // namespace

class PipelineEndpointsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unreachableEndpointFailsTheRunWithoutBlamingItems();
    void everyProfileEmbedsTheCatalog_data();
    void everyProfileEmbedsTheCatalog();
    void teiAtItsDefaultsLearnsItsBatchLimitOnce();
    void refusedRunEndsFailedWithoutBlamingItems_data();
    void refusedRunEndsFailedWithoutBlamingItems();
    void inputsOverTheContextAreCutAndFlagged();
    void doctorTellsWhatTheEndpointAccepts();
};

void PipelineEndpointsTest::doctorTellsWhatTheEndpointAccepts()
{
    const auto check = [](const SimulatorOptions& options) {
        SimulatorFixture sim(options);
        ApiSettings api = sim.apiSettings();
        api.apiKey = QStringLiteral("sk-test");
        EmbeddingSettings embedding;
        embedding.dimensions = 64;
        EndpointDoctor doctor(api, embedding);
        QSignalSpy finished(&doctor, &EndpointDoctor::finished);
        doctor.start();
        const bool ended = finished.wait(20000);
        return std::make_pair(ended ? finished.at(0).at(0).value<EndpointReport>() : EndpointReport{},
                              sim.stats().inputsReceived);
    };

    SimulatorOptions tei;
    tei.profile = ServerProfile::Tei;
    auto [teiReport, teiInputs] = check(tei);
    QVERIFY(teiReport.works);
    QCOMPARE(teiReport.exitCode(), 0);
    QCOMPARE(teiReport.dimensions, 64);
    QVERIFY(teiReport.base64Honoured);
    QVERIFY(!teiReport.limits.any());
    QCOMPARE(teiReport.largestBatchAccepted, 32);
    QCOMPARE(teiReport.smallestBatchRefused, 64);
    QCOMPARE(teiReport.statedMaxBatch, 32);
    QVERIFY(teiReport.inputsSent <= 127);
    QCOMPARE(quint64(teiReport.inputsSent), teiInputs);

    SimulatorOptions openai;
    openai.rpm = 600;
    openai.tpm = 600000;
    auto [openaiReport, openaiInputs] = check(openai);
    QVERIFY(openaiReport.works);
    QCOMPARE(openaiReport.limits.limitRequests.value_or(0), 600.0);
    QCOMPARE(openaiReport.limits.limitTokens.value_or(0), 600000.0);
    QCOMPARE(openaiReport.largestBatchAccepted, EndpointDoctor::kLargestProbe);
    QCOMPARE(openaiReport.smallestBatchRefused, 0);

    SimulatorOptions quota;
    quota.quotaExhausted = true;
    auto [quotaReport, quotaInputs] = check(quota);
    QVERIFY(quotaReport.reachable);
    QVERIFY(!quotaReport.works);
    QCOMPARE(quotaReport.exitCode(), 1);
    QCOMPARE(quotaReport.error.code, QStringLiteral("insufficient_quota"));
    QCOMPARE(quotaReport.inputsSent, 1);
    Q_UNUSED(openaiInputs);
    Q_UNUSED(quotaInputs);
}

void PipelineEndpointsTest::everyProfileEmbedsTheCatalog_data()
{
    QTest::addColumn<int>("profile");
    QTest::newRow("openai") << int(ServerProfile::OpenAI);
    QTest::newRow("azure") << int(ServerProfile::Azure);
    QTest::newRow("tei") << int(ServerProfile::Tei);
    QTest::newRow("ollama") << int(ServerProfile::Ollama);
    QTest::newRow("vllm") << int(ServerProfile::Vllm);
}

void PipelineEndpointsTest::everyProfileEmbedsTheCatalog()
{
    QFETCH(int, profile);
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    const int items = 500;
    QVERIFY(catalog.create(items, items));
    SimulatorOptions options;
    options.profile = ServerProfile(profile);
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    const AppConfig config = configForProfile(catalog, sim, ServerProfile(profile));
    const RunSummary summary = runToEnd(config);
    QVERIFY2(summary.progress.state == RunState::Completed, qPrintable(summary.error));
    QCOMPARE(summary.progress.succeeded, items);
    QCOMPARE(summary.progress.failed, 0);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    const QString mismatch = vectorsMatchTheirTexts(config, itemIds(items));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void PipelineEndpointsTest::teiAtItsDefaultsLearnsItsBatchLimitOnce()
{
    // TEI refuses more than 32 inputs per request by default; the run's batch size is 100.
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY(catalog.create(500, 500));
    SimulatorOptions options;
    options.profile = ServerProfile::Tei;
    SimulatorFixture sim(options);
    const AppConfig config = configForProfile(catalog, sim, ServerProfile::Tei);
    const RunSummary first = runToEnd(config);
    QVERIFY2(first.progress.state == RunState::Completed, qPrintable(first.error));
    QCOMPARE(first.progress.succeeded, 500);
    QCOMPARE(first.progress.failed, 0);
    // One request in flight until the first success: the first is refused, and everything queued
    // behind it is split to the learned limit before it is sent (whatever the timing).
    QCOMPARE(sim.stats().responses(422), quint64(1));
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_endpoint_limits")), 1);
    QCOMPARE(catalog.scalar(QStringLiteral("SELECT max_inputs FROM embedding_endpoint_limits"))
                 .value_or(QString()),
             QStringLiteral("32"));

    // New rows: the next run starts within the limit and is refused nothing.
    sim.resetStats();
    QVERIFY(catalog.exec(QStringLiteral("UPDATE ai_items SET title = title || ' v2', updated_at = ") +
                         catalog.now()));
    const RunSummary second = runToEnd(config);
    QVERIFY2(second.progress.state == RunState::Completed, qPrintable(second.error));
    QCOMPARE(second.progress.succeeded, 500);
    QVERIFY(sim.stats().embeddingRequests > 0);
    QCOMPARE(sim.stats().responses(422), quint64(0));
}

void PipelineEndpointsTest::refusedRunEndsFailedWithoutBlamingItems_data()
{
    QTest::addColumn<int>("profile");
    QTest::addColumn<QString>("refusal");
    QTest::addColumn<QString>("reason");
    QTest::newRow("openai quota exhausted")
        << int(ServerProfile::OpenAI) << QStringLiteral("quota") << QStringLiteral("insufficient_quota");
    QTest::newRow("openai bad key") << int(ServerProfile::OpenAI) << QStringLiteral("key")
                                    << QStringLiteral("401");
    QTest::newRow("openai unknown model")
        << int(ServerProfile::OpenAI) << QStringLiteral("model") << QStringLiteral("404");
    QTest::newRow("vllm unknown model")
        << int(ServerProfile::Vllm) << QStringLiteral("model") << QStringLiteral("404");
    QTest::newRow("azure bad key") << int(ServerProfile::Azure) << QStringLiteral("key")
                                   << QStringLiteral("401");
}

void PipelineEndpointsTest::refusedRunEndsFailedWithoutBlamingItems()
{
    QFETCH(int, profile);
    QFETCH(QString, refusal);
    QFETCH(QString, reason);
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY(catalog.create(500, 500));
    SimulatorOptions options;
    options.profile = ServerProfile(profile);
    if (refusal == QLatin1String("quota"))
        options.quotaExhausted = true;
    else if (refusal == QLatin1String("key"))
        options.requiredApiKey = QStringLiteral("sk-the-right-one");
    else
        options.knownModels = {QStringLiteral("some-other-model")};
    SimulatorFixture sim(options);
    const AppConfig config = configForProfile(catalog, sim, ServerProfile(profile));
    QElapsedTimer clock;
    clock.start();
    const RunSummary summary = runToEnd(config, {}, {}, 30000);
    QCOMPARE(summary.progress.state, RunState::Failed);
    QCOMPARE(summary.exitCode(), 1);
    QVERIFY2(summary.error.contains(reason), qPrintable(summary.error));
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
    QVERIFY2(sim.stats().embeddingRequests <= 3, qPrintable(QString::number(sim.stats().embeddingRequests)));
    QCOMPARE(summary.progress.failed, 0);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_failures")), 0);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 500);
    QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), 0);
}

void PipelineEndpointsTest::inputsOverTheContextAreCutAndFlagged()
{
    // TEI without auto-truncate refuses inputs over its 512-token context: they are cut to fit.
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY(catalog.create(100, 100));
    QVERIFY(catalog.exec(
        QStringLiteral("UPDATE ai_items SET summary = replace(hex(zeroblob(1000)), '00', ' word') "
                       "WHERE id IN ('item-000010', 'item-000020', 'item-000030')")));
    SimulatorOptions options;
    options.profile = ServerProfile::Tei;
    options.truncateOverlong = false;
    SimulatorFixture sim(options);
    const AppConfig config = configForProfile(catalog, sim, ServerProfile::Tei);
    const RunSummary summary = runToEnd(config);
    QVERIFY2(summary.progress.state == RunState::Completed, qPrintable(summary.error));
    QCOMPARE(summary.progress.succeeded, 100);
    QCOMPARE(summary.progress.failed, 0);
    QCOMPARE(summary.progress.truncated, 3);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(catalog.count(QStringLiteral("truncated = 1"), QStringLiteral("embedding_item_state")), 3);
}

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
