// Batch API mode (ops/BatchRunner, embedctl run --batch-api / batches) against real PostgreSQL
// and the simulator's Batch API: a backlog in several batches collected with exact vectors at
// half price, each text sent once; kill -9 of embedctl after the upload, after the batch was
// made but before it was recorded, and in the middle of a collection, then collected; a batch
// that expires half done; an item edited while its batch was open; one webhook alert per batch
// collected, from `run --batch-api`'s collection and from `batches --collect`.

#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "WebhookReceiver.h"

#include "ops/BatchRunner.h"
#include "ops/CostModel.h"
#include "pipeline/ItemClassifier.h"
#include "sim/EmbeddingSimulator.h"
#include "store/ItemStore.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ec;
using namespace ec::test;

namespace {

constexpr double kFastClock = 100000; // simulated minutes per real second: 24 h in under 15 ms

SimulatorOptions fastBatches()
{
    SimulatorOptions options;
    options.batch.minutesPerSecond = kFastClock;
    return options;
}

/// Collects until no batch is open (bounded: a batch ends within milliseconds on this clock).
bool collectAll(const AppConfig& config, BatchCollectResult* total = nullptr)
{
    const QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        BatchRunner runner(config);
        QString error;
        if (!runner.open(&error)) {
            qWarning() << error;
            return false;
        }
        const BatchCollectResult r = runner.collect();
        if (!r.errors.isEmpty())
            qWarning() << r.errors;
        if (total)
            total->add(r);
        if (r.open == 0 && r.errors.isEmpty())
            return true;
        QTest::qWait(20);
    }
    return false;
}

/// Every row of ids 1..count holds the simulator's vector of its current text; the failures say which not.
QStringList wrongVectors(const AppConfig& config, int count)
{
    QStringList wrong;
    QString error;
    auto store = ItemStore::open(config, QStringLiteral("batch-check"), &error);
    if (!store)
        return {error};
    ItemClassifier classifier(config.batch, config.embedding.model, config.embedding.dimensions);
    for (int i = 1; i <= count; ++i) {
        const QString id = QStringLiteral("item-%1").arg(i, 6, 10, QLatin1Char('0'));
        const auto item = store->item(id, config.embedding, &error);
        const auto vector = store->vector(id, &error);
        if (!item || !vector) {
            wrong << id + QStringLiteral(": no vector");
            continue;
        }
        const ItemVerdict v = classifier.classify(*item, false);
        if (*vector != EmbeddingSimulator::deterministicVector(v.input.text, config.embedding.dimensions))
            wrong << id + QStringLiteral(": wrong vector");
    }
    return wrong;
}

int postsTo(const SimulatorFixture& sim, const QByteArray& path)
{
    int n = 0;
    for (const SimulatorRequestRecord& r : sim.stats().requestLog)
        n += r.method == "POST" && r.target == path && r.status == 200 ? 1 : 0;
    return n;
}

/// Texts the simulator answered more than once, and how many it answered.
QPair<int, int> servedTwiceAndTotal(const SimulatorFixture& sim)
{
    const SimulatorStats stats = sim.stats();
    int twice = 0;
    for (auto it = stats.servedCount.cbegin(); it != stats.servedCount.cend(); ++it)
        twice += it.value() > 1 ? 1 : 0;
    return {twice, int(stats.servedCount.size())};
}

/// The alerts about batches the webhook received (a synchronous run's summary is another alert).
QStringList batchAlerts(const WebhookReceiver& hook)
{
    return hook.texts().filter(QRegularExpression(QStringLiteral("^Batch API batch ")));
}

} // namespace

class OpsBatchTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backlogInTwoBatchesAtHalfPrice();
    void killedAtEveryStepLosesNothing();
    void expiredHalfDoneReturnsTheRest();
    void editedWhileOpenIsNotOverwritten();
    void spendCapLeavesTheRestPending();
    void collectedBatchesAlertTheWebhook();
    void batchUnknownToTheEndpointIsCancelledBackToPending();
    void simulatedStandInBatchesAreCollectedBeforeExit();

private:
    /// Runs embedctl to its end with the event loop turning (the test's webhook answers).
    int runEmbedctl(const PipelineCatalog& catalog, const SimulatorFixture& sim, const QStringList& args);
    QProcess* startEmbedctl(const PipelineCatalog& catalog, const SimulatorFixture& sim,
                            const QStringList& args, const QString& fault);
    QTemporaryDir m_home;
};

QProcess* OpsBatchTest::startEmbedctl(const PipelineCatalog& catalog, const SimulatorFixture& sim,
                                      const QStringList& args, const QString& fault)
{
    auto* process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "EMBEDCTL_DB", "QT_LOGGING_RULES"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/.config"));
    env.insert(QStringLiteral("EMBEDCTL_FAULT"), fault);
    process->setProcessEnvironment(env);
    QStringList all = args;
    all << QStringLiteral("--db") << catalog.url() << QStringLiteral("--table")
        << catalog.table(QStringLiteral("ai_items")) << QStringLiteral("--dimensions") << QStringLiteral("64")
        << QStringLiteral("--api-base") << sim.baseUrl().toString();
    process->start(QStringLiteral(EC_BINARY_DIR "/app/embedctl"), all);
    process->waitForStarted(30000);
    return process;
}

void OpsBatchTest::backlogInTwoBatchesAtHalfPrice()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY2(catalog.create(10000, 10000), qPrintable(catalog.error()));
    SimulatorFixture sim(fastBatches());
    const AppConfig config = configFor(catalog, sim);

    BatchSubmitOptions options;
    options.maxInputsPerBatch = 6000;
    BatchSubmitResult submitted;
    {
        BatchRunner runner(config);
        QString error;
        QVERIFY2(runner.open(&error), qPrintable(error));
        submitted = runner.submit(options);
    }
    QVERIFY2(submitted.error.isEmpty(), qPrintable(submitted.error));
    QCOMPARE(submitted.batchIds.size(), 2);
    QCOMPARE(submitted.items, 10000);
    QCOMPARE(submitted.inputs, 10000);
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 10000);

    BatchCollectResult collected;
    QVERIFY(collectAll(config, &collected));
    QCOMPARE(collected.collected, 2);
    QCOMPARE(collected.written, 10000);
    QCOMPARE(collected.returned, 0);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(wrongVectors(config, 10000), QStringList());
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 0);

    // Each text sent once; the tokens billed are the exact tokens submitted, at half price.
    QCOMPARE(servedTwiceAndTotal(sim), qMakePair(0, 10000));
    QCOMPARE(collected.tokens, submitted.tokens);
    const CostModel prices(config.prices);
    QVERIFY(qFuzzyCompare(collected.costUsd, prices.usd(config.embedding.model, submitted.tokens) / 2));
    QVERIFY(qFuzzyCompare(submitted.costUsd, collected.costUsd));
    const auto runCost = catalog.scalar(
        QStringLiteral("SELECT cost_usd FROM embedding_runs WHERE id = %1").arg(submitted.runId));
    QVERIFY(runCost && qFuzzyCompare(runCost->toDouble(), collected.costUsd));

    // Nothing is pending: a second submission sends nothing.
    BatchRunner again(config);
    QString error;
    QVERIFY2(again.open(&error), qPrintable(error));
    const BatchSubmitResult none = again.submit(options);
    QVERIFY2(none.error.isEmpty(), qPrintable(none.error));
    QCOMPARE(none.batchIds.size(), 0);
    QCOMPARE(postsTo(sim, "/v1/batches"), 2);
}

void OpsBatchTest::killedAtEveryStepLosesNothing()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY2(catalog.create(3000, 3000), qPrintable(catalog.error()));
    SimulatorFixture sim(fastBatches());
    const AppConfig config = configFor(catalog, sim);
    auto waitFor = [&](const std::function<bool()>& condition) {
        const QDeadlineTimer deadline(60000);
        while (!condition() && !deadline.hasExpired())
            QTest::qWait(20);
        return condition();
    };
    auto rowsIn = [&](const QString& state) {
        return catalog.count(QStringLiteral("state = '%1'").arg(state), QStringLiteral("embedding_batches"));
    };
    const QStringList submit{QStringLiteral("run"), QStringLiteral("--batch-api"),
                             QStringLiteral("--batch-max-inputs"), QStringLiteral("1000")};

    // 1. The batch is made at the API, its id not yet recorded.
    QProcess* first = startEmbedctl(catalog, sim, submit, QStringLiteral("batch-create:1:hang"));
    QVERIFY(
        waitFor([&] { return postsTo(sim, "/v1/batches") == 1 && rowsIn(QStringLiteral("uploaded")) == 1; }));
    first->kill();
    first->waitForFinished();
    QVERIFY(collectAll(config));
    QCOMPARE(postsTo(sim, "/v1/batches"), 1); // found by its input file, not made again
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NOT NULL")), 1000);

    // 2. One batch recorded, the next one's upload recorded, no batch made of it yet.
    QProcess* second = startEmbedctl(catalog, sim, submit, QStringLiteral("batch-upload:2:hang"));
    QVERIFY(waitFor(
        [&] { return rowsIn(QStringLiteral("submitted")) == 1 && rowsIn(QStringLiteral("uploaded")) == 1; }));
    second->kill();
    second->waitForFinished();
    QCOMPARE(postsTo(sim, "/v1/batches"), 2);
    QVERIFY(collectAll(config)); // makes the batch of the recorded upload, then collects both
    QCOMPARE(postsTo(sim, "/v1/batches"), 3);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NOT NULL")), 3000);

    // 3. In the middle of a collection.
    QVERIFY(catalog.exec(QStringLiteral(
        "UPDATE ai_items SET title = 'Renamed ' || id, updated_at = now() + interval '1 second'")));
    BatchRunner runner(config);
    QString error;
    QVERIFY2(runner.open(&error), qPrintable(error));
    const BatchSubmitResult resubmitted = runner.submit({});
    QVERIFY2(resubmitted.error.isEmpty(), qPrintable(resubmitted.error));
    QCOMPARE(resubmitted.items, 3000);
    const QString before =
        catalog.scalar(QStringLiteral("SELECT clock_timestamp()::text")).value_or(QString());
    QProcess* third = startEmbedctl(catalog, sim, {QStringLiteral("batches"), QStringLiteral("--collect")},
                                    QStringLiteral("batch-collect:1:hang"));
    QVERIFY(waitFor([&] {
        return catalog.count(QStringLiteral("embedded_at > '%1'").arg(before),
                             QStringLiteral("embedding_item_state")) >= 1000;
    }));
    QCOMPARE(third->state(), QProcess::Running); // hung between two commits
    QVERIFY(catalog.count(QStringLiteral("embedded_at > '%1'").arg(before),
                          QStringLiteral("embedding_item_state")) < 3000);
    third->kill();
    third->waitForFinished();
    QVERIFY(collectAll(config));

    // Every row right, every text sent once, no batch twice, no lease left.
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(wrongVectors(config, 3000), QStringList());
    QCOMPARE(servedTwiceAndTotal(sim), qMakePair(0, 6000));
    QCOMPARE(postsTo(sim, "/v1/batches"), 4);
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 0);
    QCOMPARE(catalog.count(QStringLiteral("state NOT IN ('collected', 'abandoned')"),
                           QStringLiteral("embedding_batches")),
             0);
}

void OpsBatchTest::expiredHalfDoneReturnsTheRest()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY2(catalog.create(400, 400), qPrintable(catalog.error()));
    SimulatorOptions expiring = fastBatches();
    expiring.batch.expireAtFraction = 0.5;
    SimulatorFixture sim(expiring);
    const AppConfig config = configFor(catalog, sim); // 50 inputs a request: 8 request lines
    {
        BatchRunner runner(config);
        QString error;
        QVERIFY2(runner.open(&error), qPrintable(error));
        const BatchSubmitResult r = runner.submit({});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.requests, 8);
    }
    BatchCollectResult collected;
    QVERIFY(collectAll(config, &collected));
    QCOMPARE(collected.written, 200);
    QCOMPARE(collected.returned, 200);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 200);
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 0);
    QCOMPARE(catalog.scalar(QStringLiteral("SELECT status FROM embedding_batches")).value_or(QString()),
             QStringLiteral("expired"));
    // The submission's run record keeps what was billed (the finished half), at the Batch price.
    QVERIFY(collected.tokens > 0);
    QCOMPARE(
        catalog.scalar(QStringLiteral("SELECT tokens FROM embedding_runs")).value_or(QString()).toLongLong(),
        collected.tokens);
    QVERIFY(qFuzzyCompare(
        catalog.scalar(QStringLiteral("SELECT cost_usd FROM embedding_runs")).value_or(QString()).toDouble(),
        CostModel(config.prices).batchUsd(config.embedding.model, collected.tokens)));

    // The next (synchronous) run finishes them.
    const RunSummary rest = runToEnd(config);
    QCOMPARE(rest.progress.succeeded, 200);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(wrongVectors(config, 400), QStringList());
}

void OpsBatchTest::editedWhileOpenIsNotOverwritten()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY2(catalog.create(300, 300), qPrintable(catalog.error()));
    SimulatorFixture sim(fastBatches());
    const AppConfig config = configFor(catalog, sim);
    {
        BatchRunner runner(config);
        QString error;
        QVERIFY2(runner.open(&error), qPrintable(error));
        QVERIFY(runner.submit({}).error.isEmpty());
    }
    // Edited while its batch is open; a normal run meanwhile leaves the leased items alone.
    QVERIFY(catalog.exec(QStringLiteral("UPDATE ai_items SET title = 'Edited title', updated_at = now() "
                                        "WHERE id = 'item-000005'")));
    const RunSummary meanwhile = runToEnd(config);
    QCOMPARE(meanwhile.progress.succeeded, 0);

    BatchCollectResult collected;
    QVERIFY(collectAll(config, &collected));
    QCOMPARE(collected.written, 299);
    QCOMPARE(collected.returned, 1);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 1);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL AND id = 'item-000005'")), 1);

    const RunSummary after = runToEnd(config);
    QCOMPARE(after.progress.succeeded, 1);
    QCOMPARE(wrongVectors(config, 300), QStringList());
}

void OpsBatchTest::spendCapLeavesTheRestPending()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY2(catalog.create(1000, 1000), qPrintable(catalog.error()));
    SimulatorFixture sim(fastBatches());
    const AppConfig config = configFor(catalog, sim);

    // The estimated price of the whole backlog, from the exact tokens of every text.
    qint64 tokens = 0;
    {
        QString error;
        auto store = ItemStore::open(config, QStringLiteral("cap-estimate"), &error);
        QVERIFY2(store, qPrintable(error));
        ItemClassifier classifier(config.batch, config.embedding.model, config.embedding.dimensions);
        for (int i = 1; i <= 1000; ++i) {
            const auto item = store->item(QStringLiteral("item-%1").arg(i, 6, 10, QLatin1Char('0')),
                                          config.embedding, &error);
            QVERIFY2(item, qPrintable(error));
            tokens += classifier.classify(*item).input.tokens;
        }
    }
    const CostModel prices(config.prices);
    const double cap = prices.batchUsd(config.embedding.model, tokens) / 2;

    BatchSubmitOptions options;
    options.maxCostUsd = cap;
    BatchSubmitResult r;
    {
        BatchRunner runner(config);
        QString error;
        QVERIFY2(runner.open(&error), qPrintable(error));
        r = runner.submit(options);
    }
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.spendCapReached);
    QVERIFY(r.costUsd <= cap);
    QVERIFY(r.items > 400 && r.items < 600);
    QCOMPARE(catalog
                 .scalar(QStringLiteral("SELECT status || ' ' || error FROM embedding_runs WHERE id = %1")
                             .arg(r.runId))
                 .value_or(QString()),
             QStringLiteral("stopped spend cap reached"));

    BatchCollectResult collected;
    QVERIFY(collectAll(config, &collected));
    QVERIFY(collected.costUsd <= cap); // by the tokens the API billed
    QCOMPARE(collected.written, r.items);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 1000 - r.items);
}

int OpsBatchTest::runEmbedctl(const PipelineCatalog& catalog, const SimulatorFixture& sim,
                              const QStringList& args)
{
    QProcess* process = startEmbedctl(catalog, sim, args, QString());
    QSignalSpy finished(process, &QProcess::finished);
    if (process->state() != QProcess::NotRunning && !finished.wait(120000)) {
        process->kill();
        return -1;
    }
    const int code = process->exitCode();
    if (code != 0)
        qWarning().noquote() << process->readAllStandardError();
    process->deleteLater();
    return code;
}

void OpsBatchTest::collectedBatchesAlertTheWebhook()
{
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QVERIFY2(catalog.create(300, 300), qPrintable(catalog.error()));
    SimulatorFixture sim(fastBatches());
    WebhookReceiver hook;
    QVERIFY(hook.isListening());
    const QStringList webhook{QStringLiteral("--webhook"), hook.url().toString()};
    const QStringList half{QStringLiteral("run"), QStringLiteral("--batch-api"), QStringLiteral("--limit"),
                           QStringLiteral("150")};

    // The first half submitted; the second submission collects it first (one alert), then
    // submits the rest; batches --collect collects that (one alert), and again nothing.
    QCOMPARE(runEmbedctl(catalog, sim, half + webhook), 0);
    QCOMPARE(batchAlerts(hook).size(), 0);
    QCOMPARE(runEmbedctl(catalog, sim, half + webhook), 0);
    QCOMPARE(batchAlerts(hook).size(), 1);
    QCOMPARE(runEmbedctl(catalog, sim,
                         QStringList{QStringLiteral("batches"), QStringLiteral("--collect")} + webhook),
             0);
    QCOMPARE(batchAlerts(hook).size(), 2);
    QCOMPARE(runEmbedctl(catalog, sim,
                         QStringList{QStringLiteral("batches"), QStringLiteral("--collect")} + webhook),
             0);
    QCOMPARE(batchAlerts(hook).size(), 2);

    const auto first =
        catalog.scalar(QStringLiteral("SELECT batch_id FROM embedding_batches ORDER BY id LIMIT 1"));
    const auto second =
        catalog.scalar(QStringLiteral("SELECT batch_id FROM embedding_batches ORDER BY id DESC LIMIT 1"));
    QVERIFY(first && second);
    QVERIFY2(batchAlerts(hook)[0].contains(*first), qPrintable(batchAlerts(hook)[0]));
    QVERIFY2(batchAlerts(hook)[1].contains(*second), qPrintable(batchAlerts(hook)[1]));
    for (const QString& alert : batchAlerts(hook)) {
        QVERIFY2(alert.contains(QStringLiteral(" completed: ")), qPrintable(alert));
        QVERIFY2(alert.contains(QStringLiteral("150 items written")), qPrintable(alert));
        QVERIFY2(alert.contains(QStringLiteral("at the Batch API price")), qPrintable(alert));
        QVERIFY2(!alert.contains(hook.token()), qPrintable(alert));
    }
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
}

void OpsBatchTest::batchUnknownToTheEndpointIsCancelledBackToPending()
{
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY2(catalog.create(200, 200), qPrintable(catalog.error()));
    // Submitted to one endpoint (a simulator that then ends), polled at another that never
    // heard of the batch: as after `run --simulate --batch-api` by an older build, or a changed key.
    BatchSubmitResult submitted;
    {
        SimulatorFixture gone(fastBatches());
        BatchRunner runner(configFor(catalog, gone));
        QString error;
        QVERIFY2(runner.open(&error), qPrintable(error));
        submitted = runner.submit({});
    }
    QVERIFY2(submitted.error.isEmpty(), qPrintable(submitted.error));
    QCOMPARE(submitted.batchIds.size(), 1);
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 200);

    SimulatorFixture sim(fastBatches());
    const AppConfig config = configFor(catalog, sim);
    BatchRunner runner(config);
    QString error;
    QVERIFY2(runner.open(&error), qPrintable(error));
    const BatchCollectResult polled = runner.collect();
    QCOMPARE(polled.open, 1);
    QCOMPARE(polled.errors.size(), 1);
    QVERIFY2(polled.errors[0].contains(QStringLiteral("HTTP 404")) &&
                 polled.errors[0].contains(QStringLiteral("embedctl batches --cancel 1")) &&
                 polled.errors[0].contains(QStringLiteral("its 200 items")),
             qPrintable(polled.errors[0]));
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 200); // still its

    // Nothing to submit while they are leased to it, and no empty batch row is left behind.
    const BatchSubmitResult nothing = runner.submit({});
    QVERIFY2(nothing.error.isEmpty(), qPrintable(nothing.error));
    QCOMPARE(nothing.batchIds.size(), 0);
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_batches")), 1);

    const auto cancelled = runner.cancel(QStringLiteral("1"), &error);
    QVERIFY2(cancelled, qPrintable(error));
    QCOMPARE(cancelled->state, QStringLiteral("abandoned"));
    QVERIFY2(cancelled->errors.contains(QStringLiteral("HTTP 404")), qPrintable(cancelled->errors));
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 0);
    QCOMPARE(runner.collect().errors, QStringList()); // no longer polled

    const BatchSubmitResult again = runner.submit({});
    QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
    QCOMPARE(again.items, 200);
    QVERIFY(collectAll(config));
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(wrongVectors(config, 200), QStringList());
}

void OpsBatchTest::simulatedStandInBatchesAreCollectedBeforeExit()
{
    // `--simulate` serves the Batch API from this process only: the run waits for its batches
    // and collects them, or nobody ever could.
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY2(catalog.create(300, 250), qPrintable(catalog.error()));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "EMBEDCTL_DB", "QT_LOGGING_RULES"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/.config"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(EC_BINARY_DIR "/app/embedctl"),
                  {QStringLiteral("run"), QStringLiteral("--batch-api"), QStringLiteral("--simulate"),
                   QStringLiteral("--json"), QStringLiteral("--db"), catalog.url(), QStringLiteral("--table"),
                   catalog.table(QStringLiteral("ai_items")), QStringLiteral("--dimensions"),
                   QStringLiteral("64")});
    QVERIFY(process.waitForFinished(120000));
    const QByteArray out = process.readAllStandardOutput();
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QJsonObject json = QJsonDocument::fromJson(out).object();
    QCOMPARE(json.value(QStringLiteral("items")).toInt(), 300);
    const QJsonObject now = json.value(QStringLiteral("collected_now")).toObject();
    QCOMPARE(now.value(QStringLiteral("collected")).toInt(), 1);
    QCOMPARE(now.value(QStringLiteral("written")).toInt(), 300);
    QCOMPARE(now.value(QStringLiteral("open")).toInt(), 0);
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 0);
    QCOMPARE(catalog.count(QStringLiteral("true"), QStringLiteral("embedding_leases")), 0);
    QCOMPARE(catalog.count(QStringLiteral("state <> 'collected'"), QStringLiteral("embedding_batches")), 0);
}

QTEST_GUILESS_MAIN(OpsBatchTest)
#include "tst_ops_batch.moc"
