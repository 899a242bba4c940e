// Zero-downtime model migration (ops/ModelMigration, store/MigrationStore, the run's staging
// target, embedctl migrate) on SQLite BLOBs, PostgreSQL real[] and PGlite's pgvector, against the
// simulator (whose vectors are deterministic: VectorSynth of the item's text and length):
//  - during the staging of 3,000 rows (stopped half-way and resumed, a normal run in between)
//    the operator's embedding and embedding_model stay byte-identical;
//  - rows edited or added during the migration are staged again and end with the vector of
//    their new text;
//  - after the swap every row holds the new model's exact vector and model; --rollback restores
//    every old vector and model byte for byte; --finish drops the staging rows;
//  - vector(1536) to a 3,072-dimension model is refused before any request, with the ALTER TABLE
//    and the fitting --dimensions;
//  - --compare: overlap@k 1.0 against the same model, below 1 against another one;
//  - staging through the Batch API (migrate --batch-api, the simulator's batches on an accelerated
//    clock): nothing leased, the table byte-identical while the batches are open and a normal run
//    embedding meanwhile, no row submitted twice, collection into the staging table (an item
//    edited while its batch was open is staged again), the swap refused while one is open, the
//    cost at the Batch price.
#include "ops/ModelMigration.h"

#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "ops/BatchRunner.h"
#include "ops/CostModel.h"
#include "sim/EmbeddingSimulator.h"
#include "store/ItemStore.h"
#include "text/ItemTextBuilder.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace ec;
using namespace ec::test;

namespace {

/// id → the operator's embedding (as its bytes or text) and embedding_model, exactly as stored.
using Snapshot = QMap<QString, QPair<QString, QString>>;

Snapshot snapshot(const AppConfig& config, bool postgres)
{
    Snapshot rows;
    QString error;
    auto store = ItemStore::open(config, QString(), &error);
    if (!store) {
        qWarning() << error;
        return rows;
    }
    QSqlQuery query(store->database());
    query.setForwardOnly(true);
    const QString embedding =
        postgres ? QStringLiteral("CAST(embedding AS text)") : QStringLiteral("hex(embedding)");
    if (!query.exec(QStringLiteral("SELECT id, %1, COALESCE(embedding_model, '<null>') FROM %2")
                        .arg(embedding, store->sqlTable())))
        qWarning() << query.lastError().text();
    while (query.next())
        rows.insert(query.value(0).toString(), {query.value(1).toString(), query.value(2).toString()});
    return rows;
}

QStringList allIds(PipelineCatalog& catalog)
{
    QStringList ids;
    QString error;
    auto store = ItemStore::open(catalog.config(), QString(), &error);
    QSqlQuery query(store->database());
    query.exec(QStringLiteral("SELECT id FROM %1 ORDER BY id").arg(store->sqlTable()));
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

template <typename T>
Result<T> onStore(const AppConfig& config, const std::function<Result<T>(ItemStore&)>& work)
{
    QString error;
    auto store = ItemStore::open(config, QString(), &error);
    if (!store)
        return fail(error);
    return work(*store);
}

} // namespace

class TestMigration : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QProcessEnvironment embedctlEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "EMBEDCTL_DB"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral(".config")));
        return env;
    }

    /// Runs embedctl with stdin closed (not a terminal); exit code, stdout and stderr.
    struct Ran
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    Ran embedctl(const QStringList& args)
    {
        QProcess process;
        process.setProcessEnvironment(embedctlEnvironment());
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(QStringLiteral(EC_BINARY_DIR "/app/embedctl"), args);
        Ran ran;
        if (!process.waitForFinished(120000))
            return ran;
        ran.code = process.exitCode();
        ran.out = process.readAllStandardOutput();
        ran.err = process.readAllStandardError();
        return ran;
    }

    void migrateWithoutOutage(const QString& backend, int items)
    {
        PipelineCatalog catalog(backend);
        if (!catalog.isValid())
            QSKIP(qPrintable(catalog.error()));
        QVERIFY(catalog.create(items, items));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const AppConfig config = configFor(catalog, sim); // text-embedding-3-small, 64 dimensions
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
        const bool postgres = catalog.postgres();
        const bool pgvector = backend == QLatin1String("pglite");

        // The new model: 3-large at 32 dimensions (another vector for every text); a vector(64)
        // column takes 64 only.
        MigrationTarget target;
        target.toModel = QStringLiteral("text-embedding-3-large");
        target.dimensions = pgvector ? 64 : 32;
        const AppConfig staging = target.configFor(config);
        RunOptions stagingRun;
        stagingRun.target = RunTarget::Staging;

        const Result<MigrationPlan> plan =
            onStore<MigrationPlan>(config, [&](ItemStore& s) { return migration::plan(s, config, target); });
        QVERIFY2(plan, qPrintable(plan.error()));
        QVERIFY2(plan->refusal.isEmpty(), qPrintable(plan->refusal));
        QCOMPARE(plan->fromModel, QStringLiteral("text-embedding-3-small"));
        QCOMPARE(plan->fromDimensions, 64);
        QCOMPARE(plan->rows, qint64(items));
        QCOMPARE(plan->toEmbed, qint64(items));
        QVERIFY(plan->tokens > 0);
        QVERIFY(plan->standardUsd > 0);
        QVERIFY(plan->batchUsd < plan->standardUsd);
        const Result<MigrationStatus> begun =
            onStore<MigrationStatus>(config, [&](ItemStore& s) { return migration::begin(s, *plan); });
        QVERIFY2(begun, qPrintable(begun.error()));
        QCOMPARE(begun->state, MigrationState::Staging);

        const Snapshot before = snapshot(config, postgres);
        QCOMPARE(before.size(), items);

        // Half of it, then a stop: the table is untouched.
        RunOptions half = stagingRun;
        half.limit = items / 2;
        const RunSummary first = runToEnd(staging, half);
        QCOMPARE(first.progress.state, RunState::Completed);
        QCOMPARE(first.progress.succeeded, qint64(items / 2));
        QCOMPARE(snapshot(config, postgres), before);
        Result<MigrationStatus> status =
            onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        QVERIFY2(status, qPrintable(status.error()));
        QCOMPARE(status->staged, qint64(items / 2));
        QCOMPARE(status->remaining, qint64(items - items / 2));

        // Meanwhile: rows edited (staged ones and not yet staged ones) and a row added; a normal
        // run embeds them with the current model, as it would without a migration.
        QVERIFY(catalog.exec(
            QStringLiteral("UPDATE ai_items SET title = title || ' (edited)', updated_at = %1 "
                           "WHERE id IN ('item-000002', 'item-000003', '%2')")
                .arg(catalog.now(), QStringLiteral("item-%1").arg(items - 1, 6, 10, QLatin1Char('0')))));
        QVERIFY(catalog.exec(
            QStringLiteral("INSERT INTO ai_items (id, title, summary) VALUES ('item-new', 'Added "
                           "during the migration', 'new')")));
        const RunSummary normal = runToEnd(config);
        QCOMPARE(normal.progress.state, RunState::Completed);
        QCOMPARE(normal.progress.succeeded, qint64(4));
        const Snapshot during = snapshot(config, postgres);
        QCOMPARE(during.size(), items + 1);
        QCOMPARE(during.value(QStringLiteral("item-000010")), before.value(QStringLiteral("item-000010")));
        QCOMPARE(during.value(QStringLiteral("item-new")).second, QStringLiteral("text-embedding-3-small"));

        // Resumed: the rest, the edited rows and the new one; still nothing of the table moves.
        const RunSummary second = runToEnd(staging, stagingRun);
        QCOMPARE(second.progress.state, RunState::Completed);
        // the unstaged half (an edited row among them), the two edited staged rows and the new one
        QCOMPARE(second.progress.succeeded, qint64(items - items / 2 + 2 + 1));
        QCOMPARE(snapshot(config, postgres), during);
        status = onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        QVERIFY2(status, qPrintable(status.error()));
        QCOMPARE(status->staged, qint64(items + 1));
        QCOMPARE(status->remaining, qint64(0));
        QCOMPARE(status->stale, qint64(0));
        QCOMPARE(status->tokens, qint64(0)); // spend is recorded by the callers (CLI, MigrationJob)
        // The side by side ranks an item's own text first under both: the table's vectors (the
        // backend's scan or pgvector's operator) and the staged ones (the staging table's scan).
        {
            QString error;
            auto store = ItemStore::open(config, QString(), &error);
            QVERIFY2(store, qPrintable(error));
            const auto item = store->item(QStringLiteral("item-000010"), config.embedding, &error);
            QVERIFY2(item, qPrintable(error));
            const QByteArray text =
                ItemTextBuilder::defaultText(item->title, item->summary, item->tags).toUtf8();
            const Result<MigrationCompare> compared = migration::compareVectors(
                *store, config.embedding.model, {QString::fromUtf8(text)},
                {EmbeddingSimulator::deterministicVector(text, 64)},
                {EmbeddingSimulator::deterministicVector(text, target.dimensions)}, 5);
            QVERIFY2(compared, qPrintable(compared.error()));
            QCOMPARE(compared->rows.size(), 1);
            const MigrationCompareRow& row = compared->rows.first();
            QCOMPARE(row.current.size(), 5);
            QCOMPARE(row.staged.size(), 5);
            QCOMPARE(row.current.first().id, QStringLiteral("item-000010"));
            QCOMPARE(row.staged.first().id, QStringLiteral("item-000010"));
            QVERIFY(std::abs(row.staged.first().score - 1.0) < 1e-5);
            QCOMPARE(row.staged.first().title, item->title);
            QVERIFY(row.overlap > 0);
        }
        // A third pass finds nothing to do.
        QCOMPARE(runToEnd(staging, stagingRun).progress.total, qint64(0));

        // Edited after staging: stale, staged again by the swap's re-staging.
        QVERIFY(
            catalog.exec(QStringLiteral("UPDATE ai_items SET summary = 'rewritten', updated_at = %1 WHERE id "
                                        "IN ('item-000004', 'item-000005')")
                             .arg(catalog.now())));
        status = onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        QCOMPARE(status->stale, qint64(2));
        QCOMPARE(runToEnd(config).progress.succeeded, qint64(2)); // the normal run, current model
        const Snapshot beforeSwap = snapshot(config, postgres);
        const RunSummary restage = runToEnd(staging, stagingRun);
        QCOMPARE(restage.progress.succeeded, qint64(2));
        QCOMPARE(snapshot(config, postgres), beforeSwap);

        const Result<MigrationSwapResult> swapped =
            onStore<MigrationSwapResult>(config, [](ItemStore& s) { return migration::swap(s); });
        QVERIFY2(swapped, qPrintable(swapped.error()));
        QCOMPARE(swapped->rows, qint64(items + 1));
        QVERIFY(swapped->lockSeconds > 0);
        // Every row holds the new model's exact vector of its current text.
        QCOMPARE(catalog.count(QStringLiteral("embedding_model = 'text-embedding-3-large'")),
                 qint64(items + 1));
        const QString mismatch = vectorsMatchTheirTexts(staging, allIds(catalog));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        // A normal run now uses the new model and finds nothing to do.
        const RunSummary after = runToEnd(staging);
        QCOMPARE(after.progress.state, RunState::Completed);
        QCOMPARE(after.progress.apiRequests, qint64(0));

        // Rollback: every old vector and model, byte for byte.
        const Result<MigrationRollbackResult> rolledBack =
            onStore<MigrationRollbackResult>(config, [](ItemStore& s) { return migration::rollback(s); });
        QVERIFY2(rolledBack, qPrintable(rolledBack.error()));
        QCOMPARE(rolledBack->rows, qint64(items + 1));
        QCOMPARE(snapshot(config, postgres), beforeSwap);
        QCOMPARE(runToEnd(config).progress.apiRequests, qint64(0)); // the old state is back too

        // Swap again, then finish: the staging rows are gone, the new vectors stay.
        QVERIFY(onStore<MigrationSwapResult>(config, [](ItemStore& s) { return migration::swap(s); }));
        const Result<MigrationFinishResult> finished =
            onStore<MigrationFinishResult>(config, [](ItemStore& s) { return migration::finish(s); });
        QVERIFY2(finished, qPrintable(finished.error()));
        QCOMPARE(finished->state, MigrationState::Finished);
        QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_migration_items")),
                 qint64(0));
        QVERIFY(vectorsMatchTheirTexts(staging, allIds(catalog)).isEmpty());
        status = onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        QVERIFY(!status->active);
        QCOMPARE(status->state, MigrationState::Finished);
    }

    /// Collects until no batch is open (a batch ends within milliseconds on the fast clock), through
    /// `embedctl batches --collect` or BatchRunner::collect; the rows written into staging.
    qint64 collectAll(const AppConfig& config, const QStringList& cli)
    {
        qint64 written = 0;
        const QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired()) {
            int open = 0;
            if (!cli.isEmpty()) {
                const Ran ran =
                    embedctl(QStringList{QStringLiteral("batches"), QStringLiteral("--collect")} + cli);
                if (ran.code != 0) {
                    qWarning() << ran.err;
                    return -1;
                }
                const QJsonObject c =
                    QJsonDocument::fromJson(ran.out).object().value(QStringLiteral("collect")).toObject();
                written += c.value(QStringLiteral("written")).toInteger();
                open = c.value(QStringLiteral("open")).toInt();
            } else {
                BatchRunner runner(config);
                QString error;
                if (!runner.open(&error)) {
                    qWarning() << error;
                    return -1;
                }
                const BatchCollectResult r = runner.collect();
                if (!r.errors.isEmpty()) {
                    qWarning() << r.errors;
                    return -1;
                }
                written += r.written;
                open = r.open;
            }
            if (open == 0)
                return written;
            QTest::qWait(20);
        }
        return -1;
    }

    void stageThroughBatchApi(const QString& backend, int items, bool viaCli)
    {
        PipelineCatalog catalog(backend);
        if (!catalog.isValid())
            QSKIP(qPrintable(catalog.error()));
        QVERIFY(catalog.create(items, items));
        SimulatorOptions fast;
        fast.batch.minutesPerSecond = 100000; // 24 h in under 15 ms
        SimulatorFixture sim(fast);
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const AppConfig config = configFor(catalog, sim); // text-embedding-3-small, 64 dimensions
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
        const bool postgres = catalog.postgres();
        const QStringList common{QStringLiteral("--db"), config.databaseUrl, QStringLiteral("--api-base"),
                                 sim.baseUrl().toString(), QStringLiteral("--json")};
        const QStringList cli = viaCli ? common : QStringList();
        MigrationTarget target{QStringLiteral("text-embedding-3-large"), 32};
        target.batchApi = true;
        const AppConfig staging = target.configFor(config);
        const CostModel prices(config.prices);
        const Snapshot before = snapshot(config, postgres);
        const auto status = [&] {
            return onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        };
        const auto submit = [&]() -> Result<BatchSubmitResult> {
            if (!viaCli)
                return migration::submitStagingBatches(config, target);
            const Ran ran =
                embedctl(QStringList{QStringLiteral("migrate"), QStringLiteral("--to-model"), target.toModel,
                                     QStringLiteral("--dimensions"), QStringLiteral("32"),
                                     QStringLiteral("--batch-api"), QStringLiteral("--yes")} +
                         common);
            if (ran.code != 0)
                return fail(QString::fromUtf8(ran.err));
            const QJsonObject o = QJsonDocument::fromJson(ran.out).object();
            const QJsonObject b = o.value(QStringLiteral("batches")).toObject();
            BatchSubmitResult r; // everything staged already: no "batches"
            r.items = b.value(QStringLiteral("items")).toInteger();
            r.tokens = b.value(QStringLiteral("tokens")).toInteger();
            r.costUsd = b.value(QStringLiteral("cost_usd")).toDouble();
            for (const QJsonValue& id : b.value(QStringLiteral("batch_ids")).toArray())
                r.batchIds << id.toString();
            if (o.value(QStringLiteral("plan")).toObject().value(QStringLiteral("batch_usd")).toDouble() <=
                    0 &&
                r.items > 0)
                return fail(QStringLiteral("the plan shows no Batch price"));
            return r;
        };

        // Submitted: every row, at the Batch price; nothing of the table moves, nothing is leased.
        const Result<BatchSubmitResult> first = submit();
        QVERIFY2(first, qPrintable(first.error()));
        QVERIFY2(first->error.isEmpty(), qPrintable(first->error));
        QCOMPARE(first->items, qint64(items));
        QVERIFY(!first->batchIds.isEmpty());
        QVERIFY(std::abs(first->costUsd - prices.batchUsd(target.toModel, first->tokens)) < 1e-12);
        QCOMPARE(snapshot(config, postgres), before);
        QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases")), qint64(0));
        QCOMPARE(catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_migration_items")),
                 qint64(0));

        // While it is open: an edited row (one of the batch's) and a new one are embedded by a normal
        // run with the current model; the staging batch does not hold them.
        QVERIFY(
            catalog.exec(QStringLiteral("UPDATE ai_items SET title = title || ' (edited)', updated_at = %1 "
                                        "WHERE id = 'item-000002'")
                             .arg(catalog.now())));
        QVERIFY(catalog.exec(QStringLiteral("INSERT INTO ai_items (id, title, summary) VALUES ('item-new', "
                                            "'Added during the migration', 'new')")));
        const RunSummary normal = runToEnd(config);
        QCOMPARE(normal.progress.state, RunState::Completed);
        QCOMPARE(normal.progress.succeeded, qint64(2));
        QCOMPARE(catalog.count(QStringLiteral("id IN ('item-new', 'item-000002') AND embedding_model = "
                                              "'text-embedding-3-small'")),
                 qint64(2));
        const Snapshot during = snapshot(config, postgres);
        QCOMPARE(during.value(QStringLiteral("item-000010")), before.value(QStringLiteral("item-000010")));

        // Submitted again while open: only the new row; nothing twice; the swap is refused. (embedctl
        // collects what ended first, as before every run: the edited row is back to stage then.)
        const Result<BatchSubmitResult> second = submit();
        QVERIFY2(second, qPrintable(second.error()));
        QCOMPARE(second->items, qint64(viaCli ? 2 : 1));
        const QString open =
            QStringLiteral("(SELECT id FROM embedding_batches WHERE state NOT IN ('collected', "
                           "'abandoned'))");
        QCOMPARE(catalog.count(QStringLiteral("batch_row IN %1 AND item_id IN (SELECT item_id FROM "
                                              "embedding_batch_items WHERE batch_row IN %1 GROUP BY item_id "
                                              "HAVING COUNT(*) > 1)")
                                   .arg(open),
                               QStringLiteral("embedding_batch_items")),
                 qint64(0));
        QCOMPARE(catalog.count(QStringLiteral("batch_row IN %1").arg(open),
                               QStringLiteral("embedding_batch_items")),
                 qint64(viaCli ? 2 : items + 1));
        qint64 tokens = first->tokens + second->tokens;
        double costUsd = first->costUsd + second->costUsd;
        Result<MigrationStatus> now = status();
        QVERIFY2(now, qPrintable(now.error()));
        QCOMPARE(now->openBatches, qint64(second->batchIds.size() + (viaCli ? 0 : first->batchIds.size())));
        QCOMPARE(now->inBatches, qint64(viaCli ? 2 : items + 1));
        const Result<MigrationSwapResult> refused =
            onStore<MigrationSwapResult>(config, [](ItemStore& s) { return migration::swap(s); });
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("batches --collect")), qPrintable(refused.error()));
        if (viaCli) {
            const Ran ran = embedctl(
                QStringList{QStringLiteral("migrate"), QStringLiteral("--swap"), QStringLiteral("--yes")} +
                common);
            QCOMPARE(ran.code, 1);
            QVERIFY2(ran.err.contains("cancel"), ran.err.constData());
        }
        QCOMPARE(snapshot(config, postgres), during);

        // Collected into staging: every row but the edited one (its text changed since it was sent).
        QCOMPARE(collectAll(config, cli), qint64(viaCli ? 2 : items));
        QCOMPARE(snapshot(config, postgres), during);
        if (!viaCli) {
            now = status();
            QCOMPARE(now->openBatches, qint64(0));
            QCOMPARE(now->staged, qint64(items));
            QCOMPARE(now->remaining, qint64(1));
            // The edited row: submitted and collected again.
            const Result<BatchSubmitResult> third = submit();
            QVERIFY2(third, qPrintable(third.error()));
            QCOMPARE(third->items, qint64(1));
            tokens += third->tokens;
            costUsd += third->costUsd;
            QCOMPARE(collectAll(config, cli), qint64(1));
            QCOMPARE(snapshot(config, postgres), during);
        } else {
            const Ran ran =
                embedctl(QStringList{QStringLiteral("migrate"), QStringLiteral("--status")} + common);
            QVERIFY2(ran.code == 0, ran.err.constData());
            const QJsonObject o = QJsonDocument::fromJson(ran.out).object();
            QCOMPARE(o.value(QStringLiteral("staged")).toInt(), items + 1);
            QCOMPARE(o.value(QStringLiteral("open_batches")).toInt(), 0);
        }
        now = status();
        QVERIFY2(now, qPrintable(now.error()));
        QCOMPARE(now->staged, qint64(items + 1));
        QCOMPARE(now->remaining, qint64(0));
        QCOMPARE(now->stale, qint64(0));
        QCOMPARE(now->openBatches, qint64(0));
        // The books: the billed tokens at half the standard price.
        QCOMPARE(now->tokens, tokens);
        QVERIFY(std::abs(now->costUsd - prices.usd(target.toModel, now->tokens) / 2) < 1e-12);
        QVERIFY(std::abs(now->costUsd - costUsd) < 1e-12);

        // Nothing left: a fourth submission sends nothing.
        const Result<BatchSubmitResult> fourth = submit();
        QVERIFY2(fourth, qPrintable(fourth.error()));
        QCOMPARE(fourth->items, qint64(0));

        // The swap: every row holds the new model's exact vector of its current text.
        const Result<MigrationSwapResult> swapped =
            onStore<MigrationSwapResult>(config, [](ItemStore& s) { return migration::swap(s); });
        QVERIFY2(swapped, qPrintable(swapped.error()));
        QCOMPARE(swapped->rows, qint64(items + 1));
        QCOMPARE(catalog.count(QStringLiteral("embedding_model = 'text-embedding-3-large'")),
                 qint64(items + 1));
        const QString mismatch = vectorsMatchTheirTexts(staging, allIds(catalog));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    /// Runs a MigrationJob step to its end; the signal's arguments, or a failure.
    template <typename Signal> QList<QVariant> waitFor(MigrationJob& job, Signal signal, QString* error)
    {
        QSignalSpy done(&job, signal);
        QSignalSpy failed(&job, &StoreJob::failed);
        QElapsedTimer waited;
        waited.start();
        while (done.count() + failed.count() == 0 && waited.elapsed() < 120000)
            QTest::qWait(20);
        if (!failed.isEmpty()) {
            *error = failed.first().at(0).toString();
            return {};
        }
        if (done.isEmpty()) {
            *error = QStringLiteral("timed out");
            return {};
        }
        return done.first();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void sqliteBlobs() { migrateWithoutOutage(QStringLiteral("sqlite"), 3000); }
    void postgresRealArray() { migrateWithoutOutage(QStringLiteral("postgres"), 3000); }
    void pgliteVector() { migrateWithoutOutage(QStringLiteral("pglite"), 300); }
    void batchApiSqliteCli() { stageThroughBatchApi(QStringLiteral("sqlite"), 300, true); }
    void batchApiPostgresRealArray() { stageThroughBatchApi(QStringLiteral("postgres"), 300, false); }

    /// migrate --batch-api under a spend cap: what is submitted stays within it at the Batch price;
    /// the rest stays to be staged.
    void batchApiSpendCap()
    {
        PipelineCatalog catalog(QStringLiteral("sqlite"));
        QVERIFY(catalog.create(200, 200));
        SimulatorOptions fast;
        fast.batch.minutesPerSecond = 100000;
        SimulatorFixture sim(fast);
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        AppConfig config = configFor(catalog, sim);
        config.batch.batchSize = 10; // several request lines: the cap falls between inputs
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
        MigrationTarget target{QStringLiteral("text-embedding-3-large"), 16};
        target.batchApi = true;
        const Result<MigrationPlan> plan =
            onStore<MigrationPlan>(config, [&](ItemStore& s) { return migration::plan(s, config, target); });
        QVERIFY2(plan, qPrintable(plan.error()));
        QVERIFY(plan->batchUsd > 0);
        target.maxCostUsd = plan->batchUsd / 2; // under the standard price's half of it, too
        const Result<BatchSubmitResult> capped = migration::submitStagingBatches(config, target);
        QVERIFY2(capped, qPrintable(capped.error()));
        QVERIFY(capped->spendCapReached);
        QVERIFY(capped->items > 0 && capped->items < 200);
        QVERIFY(capped->costUsd <= target.maxCostUsd);
        QVERIFY(capped->costUsd > target.maxCostUsd / 2); // priced at the Batch price, not the standard one
        const Result<MigrationPlan> rest =
            onStore<MigrationPlan>(config, [&](ItemStore& s) { return migration::plan(s, config, target); });
        QVERIFY2(rest, qPrintable(rest.error()));
        QCOMPARE(rest->inBatches, capped->items);
        QCOMPARE(rest->toEmbed, qint64(200) - capped->items);
    }

    /// MigrationJob (the console's face): staging, compare (same model 1.0, another below 1), swap.
    void jobComparesAndSwaps()
    {
        PipelineCatalog catalog(QStringLiteral("sqlite"));
        QVERIFY(catalog.create(400, 400));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const AppConfig config = configFor(catalog, sim);
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);

        MigrationJob job;
        QString error;
        const QStringList queries{QStringLiteral("Product 7"), QStringLiteral("Product 123"),
                                  QStringLiteral("검색용 요약")};
        // Staged with the current model itself: search cannot change.
        MigrationTarget same{QStringLiteral("text-embedding-3-small"), 64};
        QVERIFY(job.plan(config, same));
        QList<QVariant> args = waitFor(job, &MigrationJob::planned, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QCOMPARE(args.at(0).value<MigrationPlan>().toEmbed, qint64(400));
        QVERIFY(job.stage(config, same));
        QVERIFY(!job.stage(config, same)); // busy
        args = waitFor(job, &MigrationJob::staged, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QCOMPARE(args.at(0).value<RunSummary>().progress.state, RunState::Completed);
        // The cache served it: the same texts, model and length.
        QVERIFY(job.compare(config, queries, 10));
        args = waitFor(job, &MigrationJob::compared, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        MigrationCompare comparison = args.at(0).value<MigrationCompare>();
        QCOMPARE(comparison.rows.size(), 3);
        QCOMPARE(comparison.meanOverlap, 1.0);
        for (const MigrationCompareRow& row : comparison.rows) {
            QCOMPARE(row.current.size(), 10);
            QCOMPARE(row.overlap, 1.0);
        }
        QVERIFY(comparison.tokens > 0);
        QVERIFY(job.finish(config));
        args = waitFor(job, &MigrationJob::finishedMigration, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QCOMPARE(args.at(0).value<MigrationFinishResult>().state, MigrationState::RolledBack);

        // Another model's vectors (another length): the rankings differ.
        MigrationTarget other{QStringLiteral("text-embedding-3-large"), 24};
        QVERIFY(job.stage(config, other));
        args = waitFor(job, &MigrationJob::staged, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QVERIFY(job.compare(config, {}, 10)); // a sample of titles
        args = waitFor(job, &MigrationJob::compared, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        comparison = args.at(0).value<MigrationCompare>();
        QVERIFY(comparison.rows.size() >= 5);
        QVERIFY2(comparison.meanOverlap < 1.0, qPrintable(QString::number(comparison.meanOverlap)));
        QCOMPARE(comparison.stagedModel, QStringLiteral("text-embedding-3-large"));
        QCOMPARE(comparison.currentModel, QStringLiteral("text-embedding-3-small"));

        QVERIFY(job.swap(config));
        args = waitFor(job, &MigrationJob::swapped, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QCOMPARE(args.at(0).value<MigrationSwapResult>().rows, qint64(400));
        QVERIFY(vectorsMatchTheirTexts(other.configFor(config), allIds(catalog)).isEmpty());
        QVERIFY(job.readStatus(config));
        args = waitFor(job, &MigrationJob::statusRead, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QCOMPARE(args.at(0).value<MigrationStatus>().state, MigrationState::Swapped);
        QVERIFY(job.rollback(config));
        args = waitFor(job, &MigrationJob::rolledBack, &error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QVERIFY(vectorsMatchTheirTexts(config, allIds(catalog)).isEmpty());
    }

    /// Rows whose requests fail for a transient reason (retries used up) stay to be staged: they
    /// are not staged without a vector (which the swap would clear).
    void transientFailuresStayRemaining()
    {
        PipelineCatalog catalog(QStringLiteral("sqlite"));
        QVERIFY(catalog.create(60, 60));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const AppConfig config = configFor(catalog, sim);
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
        SimulatorOptions failing;
        failing.failRate = 1.0;
        SimulatorFixture broken(failing);
        QVERIFY2(broken.isRunning(), qPrintable(broken.error()));
        AppConfig brokenConfig = configFor(catalog, broken);
        brokenConfig.api.maxRetries = 0;
        const MigrationTarget target{QStringLiteral("text-embedding-3-large"), 16};
        QVERIFY(onStore<MigrationStatus>(config,
                                         [&](ItemStore& s) { return migration::begin(s, config, target); }));
        RunOptions stagingRun;
        stagingRun.target = RunTarget::Staging;
        const RunSummary failed = runToEnd(target.configFor(brokenConfig), stagingRun);
        QVERIFY(failed.progress.succeeded == 0);
        Result<MigrationStatus> status =
            onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        QVERIFY2(status, qPrintable(status.error()));
        QCOMPARE(status->failed, qint64(0));
        QCOMPARE(status->remaining, qint64(60));
        // The endpoint back: the same rows are staged.
        QCOMPARE(runToEnd(target.configFor(config), stagingRun).progress.succeeded, qint64(60));
        status = onStore<MigrationStatus>(config, [](ItemStore& s) { return migration::status(s); });
        QCOMPARE(status->staged, qint64(60));
        QCOMPARE(status->remaining, qint64(0));
    }

    /// vector(1536) → text-embedding-3-large (3,072): refused before any request, by the plan and
    /// by embedctl, with the ALTER TABLE and the --dimensions that fits.
    void wideModelRefusedBeforeAnyRequest()
    {
        PipelineCatalog catalog(QStringLiteral("pglite"));
        if (!catalog.isValid())
            QSKIP(qPrintable(catalog.error()));
        QVERIFY(catalog.exec(QStringLiteral(
            "CREATE TABLE ai_items (id text PRIMARY KEY, title text NOT NULL, summary text, tags text[], "
            "embedding vector(1536), embedding_model text, embedding_updated_at timestamptz, "
            "updated_at timestamptz NOT NULL DEFAULT now())")));
        QVERIFY(
            catalog.exec(QStringLiteral("INSERT INTO ai_items (id, title) SELECT 'item-' || g, 'Wide ' || g "
                                        "FROM generate_series(1, 20) g")));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        AppConfig config = configFor(catalog, sim);
        config.embedding.dimensions = 1536;
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
        sim.resetStats();

        const MigrationTarget wide{QStringLiteral("text-embedding-3-large"), 0};
        const Result<MigrationPlan> plan =
            onStore<MigrationPlan>(config, [&](ItemStore& s) { return migration::plan(s, config, wide); });
        QVERIFY2(plan, qPrintable(plan.error()));
        QVERIFY(plan->refusal.contains(QStringLiteral("ALTER TABLE")));
        QVERIFY(plan->refusal.contains(QStringLiteral("TYPE vector(3072)")));
        QVERIFY(plan->refusal.contains(QStringLiteral("--dimensions 1536")));
        QCOMPARE(plan->tokens, qint64(0));
        QVERIFY(!onStore<MigrationStatus>(config, [&](ItemStore& s) { return migration::begin(s, *plan); }));

        const Ran ran =
            embedctl({QStringLiteral("migrate"), QStringLiteral("--to-model"),
                      QStringLiteral("text-embedding-3-large"), QStringLiteral("--yes"),
                      QStringLiteral("--db"), config.databaseUrl, QStringLiteral("--table"),
                      config.table.table, QStringLiteral("--api-base"), sim.baseUrl().toString()});
        QCOMPARE(ran.code, 1);
        QVERIFY2(ran.err.contains("ALTER TABLE") && ran.err.contains("--dimensions 1536"),
                 ran.err.constData());
        QCOMPARE(sim.stats().embeddingRequests, quint64(0));
        QCOMPARE(catalog.count(QStringLiteral("embedding_model = 'text-embedding-3-small'")), qint64(20));
    }

    /// embedctl migrate: refuses without --yes when stdin is not a terminal (nothing spent), stages
    /// with --yes, reports --status and swaps, all in --json.
    void embedctlMigrates()
    {
        PipelineCatalog catalog(QStringLiteral("sqlite"));
        QVERIFY(catalog.create(120, 120));
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        const AppConfig config = configFor(catalog, sim);
        QCOMPARE(runToEnd(config).progress.state, RunState::Completed);
        sim.resetStats();
        const QStringList common{QStringLiteral("--db"), config.databaseUrl, QStringLiteral("--api-base"),
                                 sim.baseUrl().toString(), QStringLiteral("--json")};
        const QStringList to{QStringLiteral("migrate"), QStringLiteral("--to-model"),
                             QStringLiteral("text-embedding-3-large"), QStringLiteral("--dimensions"),
                             QStringLiteral("16")};
        Ran ran = embedctl(to + common);
        QCOMPARE(ran.code, 1);
        QVERIFY2(ran.err.contains("without --yes"), ran.err.constData());
        QCOMPARE(sim.stats().embeddingRequests, quint64(0));
        QJsonObject o = QJsonDocument::fromJson(ran.out).object();
        QCOMPARE(o.value(QStringLiteral("plan")).toObject().value(QStringLiteral("to_embed")).toInt(), 120);

        ran = embedctl(to + common + QStringList{QStringLiteral("--yes")});
        QVERIFY2(ran.code == 0, ran.err.constData());
        o = QJsonDocument::fromJson(ran.out).object();
        QCOMPARE(o.value(QStringLiteral("run")).toObject().value(QStringLiteral("staged")).toInt(), 120);
        const QJsonObject status = o.value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("staged")).toInt(), 120);
        QVERIFY(status.value(QStringLiteral("tokens")).toInteger() > 0);
        QCOMPARE(catalog.count(QStringLiteral("embedding_model = 'text-embedding-3-small'")), qint64(120));

        // A normal run meanwhile embeds a new row with the table's (current) model: the migration
        // does not make the model guard refuse it.
        QVERIFY(catalog.exec(QStringLiteral("INSERT INTO ai_items (id, title) VALUES ('item-new', 'New')")));
        ran = embedctl(QStringList{QStringLiteral("run")} + common);
        QVERIFY2(ran.code == 0, ran.err.constData());
        QCOMPARE(
            catalog.count(QStringLiteral("id = 'item-new' AND embedding_model = 'text-embedding-3-small'")),
            qint64(1));
        QCOMPARE(catalog.count(QStringLiteral("embedding_model = 'text-embedding-3-small'")), qint64(121));

        ran = embedctl(QStringList{QStringLiteral("migrate"), QStringLiteral("--status")} + common);
        QVERIFY2(ran.code == 0, ran.err.constData());
        QCOMPARE(QJsonDocument::fromJson(ran.out).object().value(QStringLiteral("state")).toString(),
                 QStringLiteral("staging"));
        ran = embedctl(QStringList{QStringLiteral("migrate"), QStringLiteral("--swap")} + common);
        QCOMPARE(ran.code, 1); // no --yes, no terminal
        ran = embedctl(
            QStringList{QStringLiteral("migrate"), QStringLiteral("--swap"), QStringLiteral("--yes")} +
            common);
        QVERIFY2(ran.code == 0, ran.err.constData());
        o = QJsonDocument::fromJson(ran.out).object();
        QCOMPARE(o.value(QStringLiteral("rows")).toInt(), 121);
        QCOMPARE(o.value(QStringLiteral("restaged")).toInt(), 1); // the new row, staged first
        QVERIFY(o.contains(QStringLiteral("lock_seconds")));
        QCOMPARE(catalog.count(QStringLiteral("embedding_model = 'text-embedding-3-large'")), qint64(121));
    }
};

QTEST_GUILESS_MAIN(TestMigration)
#include "tst_ops_migration.moc"
