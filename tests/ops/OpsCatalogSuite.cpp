#include "OpsCatalogSuite.h"

#include "ops/CostEstimator.h"
#include "ops/DuplicateJob.h"
#include "ops/DuplicateReport.h"
#include "ops/EstimateJob.h"
#include "ops/ResetJob.h"
#include "store/Database.h"
#include "store/ItemStore.h"
#include "store/VectorWriter.h"
#include "text/ContentHash.h"
#include "text/InputPreparer.h"
#include "text/ItemTextBuilder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <random>

namespace ec::test {

using Kind = CatalogPlan::Kind;

// ---------------------------------------------------------------------------------------
// Reference data

static bool endsCleanly(const QString& text)
{
    // Titles must come back from the original design's text unchanged: no white space (in any of the
    // senses of JavaScript's trim()) at either end. Stricter than needed is fine.
    const auto blank = [](QChar c) {
        return c.isSpace() || c.unicode() == 0xFEFF || c.unicode() < 0x20 || c.unicode() == 0x85;
    };
    return !text.isEmpty() && !blank(text.front()) && !blank(text.back());
}

QVector<GoldenText> OpsCatalogSuite::goldenTexts()
{
    const QString dir = QStringLiteral(EC_SOURCE_DIR "/tests/tokenizer/golden/");
    QFile corpus(dir + QStringLiteral("corpus.jsonl"));
    QFile expected(dir + QStringLiteral("expected.jsonl"));
    if (!corpus.open(QIODevice::ReadOnly) || !expected.open(QIODevice::ReadOnly))
        return {};
    QHash<QString, int> counts;
    for (const QByteArray& line : expected.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.isEmpty())
            counts.insert(o.value(QStringLiteral("name")).toString(),
                          o.value(QStringLiteral("count")).toInt());
    }
    QVector<GoldenText> texts;
    QSet<QString> seen;
    for (const QByteArray& line : corpus.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.isEmpty())
            continue;
        GoldenText g{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("text")).toString(),
                     0};
        g.tokens = counts.value(g.name, -1);
        // Storable in PostgreSQL text (no NUL, valid UTF-16), sent whole (≤ 8,192 tokens), once.
        if (g.tokens <= 0 || g.tokens > 8192 || !endsCleanly(g.text) || g.text.contains(QChar(0)) ||
            !g.text.isValidUtf16() || seen.contains(g.text))
            continue;
        seen.insert(g.text);
        texts << g;
    }
    return texts;
}

QString OpsCatalogSuite::embedctlPath()
{
    return QStringLiteral(EC_BINARY_DIR "/app/embedctl");
}

QVector<CatalogPlan::Row> CatalogPlan::ofKind(Kind kind) const
{
    QVector<Row> out;
    for (const Row& row : rows) {
        if (row.kind == kind)
            out << row;
    }
    return out;
}

QStringList CatalogPlan::idsOf(Kind kind) const
{
    QStringList ids;
    for (const Row& row : ofKind(kind))
        ids << row.id;
    return ids;
}

// ---------------------------------------------------------------------------------------
// Catalog building

AppConfig OpsCatalogSuite::configFor(const QString& table) const
{
    AppConfig config;
    config.databaseUrl = m_url;
    config.table.table = table;
    config.embedding.model = model();
    config.embedding.dimensions = kDims;
    return config;
}

QString OpsCatalogSuite::newTable()
{
    return QStringLiteral("ops_items_%1_%2").arg(QCoreApplication::applicationPid()).arg(++m_tables);
}

static bool run(QSqlDatabase db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        *error = q.lastError().text() + QStringLiteral(" in ") + sql;
        return false;
    }
    return true;
}

static QVector<float> vectorFor(int seed)
{
    QVector<float> v(OpsCatalogSuite::kDims);
    for (int i = 0; i < v.size(); ++i)
        v[i] = float(seed + 1) / float(i + 2);
    return v;
}

bool OpsCatalogSuite::buildCatalog(const QString& table, CatalogPlan* plan, QString* error)
{
    const QVector<GoldenText> golden = goldenTexts();
    if (golden.size() < 80) {
        *error = QStringLiteral("too few golden texts (%1)").arg(golden.size());
        return false;
    }
    QSqlDatabase db = m_connection->database();
    const QString create =
        postgres()
            ? QStringLiteral("CREATE TABLE %1 (id text PRIMARY KEY, title text NOT NULL, summary text, "
                             "tags text[], embedding real[], embedding_model text, "
                             "embedding_updated_at timestamptz, updated_at timestamptz NOT NULL)")
            : QStringLiteral("CREATE TABLE %1 (id TEXT PRIMARY KEY, title TEXT NOT NULL, summary TEXT, "
                             "tags TEXT, embedding BLOB, embedding_model TEXT, embedding_updated_at TEXT, "
                             "updated_at TEXT NOT NULL)");
    if (!run(db, create.arg(table), error))
        return false;

    // 60 missing, 9 repeats of their texts, 10 current, 3 texts of current rows, 2 unchanged,
    // 4 of another model, 1 empty.
    QVector<CatalogPlan::Row> rows;
    const auto add = [&](const GoldenText& g, Kind kind) {
        rows.push_back({QString(), g.text, g.tokens, kind});
    };
    for (int i = 0; i < 60; ++i)
        add(golden[i], Kind::Missing);
    for (int i = 0; i < 8; ++i)
        add(golden[i], Kind::Duplicate);
    add(golden[0], Kind::Duplicate);
    for (int i = 60; i < 70; ++i)
        add(golden[i], Kind::Current);
    for (int i = 60; i < 63; ++i)
        add(golden[i], Kind::Cached);
    for (int i = 70; i < 72; ++i)
        add(golden[i], Kind::Unchanged);
    for (int i = 72; i < 76; ++i)
        add(golden[i], Kind::OtherModel);
    rows.push_back({QString(), QString(), 0, Kind::Empty});
    // Kinds spread over the id order (and so over the pages), the same every time.
    std::mt19937 shuffle(20261124);
    std::shuffle(rows.begin(), rows.end(), shuffle);
    for (int i = 0; i < rows.size(); ++i)
        rows[i].id = QStringLiteral("%1-%2").arg(table).arg(i + 1, 4, 10, QLatin1Char('0'));
    // Which row of a repeated text comes first in id order does not matter: the figures
    // count one text to send and n − 1 duplicates either way.
    plan->rows = rows;

    const QString past = postgres() ? QStringLiteral("CAST('2024-01-01 00:00:00+00' AS timestamptz)")
                                    : QStringLiteral("'2024-01-01T00:00:00.000Z'");
    const QString longAgo = postgres() ? QStringLiteral("CAST('2023-06-01 00:00:00+00' AS timestamptz)")
                                       : QStringLiteral("'2023-06-01T00:00:00.000Z'");
    db.transaction();
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO %1 (id, title, updated_at) VALUES (?, ?, %2)").arg(table, past));
    for (const CatalogPlan::Row& row : std::as_const(rows)) {
        insert.addBindValue(row.id);
        insert.addBindValue(row.text.isNull() ? QString(QLatin1String("")) : row.text);
        if (!insert.exec()) {
            *error = insert.lastError().text();
            db.rollback();
            return false;
        }
    }
    db.commit();

    // Vectors for the current, unchanged and other-model rows, with the state a run records.
    const AppConfig config = configFor(table);
    auto store = ItemStore::open(config, DatabaseConnection::uniqueName(QStringLiteral("ops-build")), error);
    if (!store)
        return false;
    const ItemTextBuilder builder(config.batch);
    const InputPreparer preparer(config.batch);
    QVector<VectorWrite> current, other;
    for (int i = 0; i < rows.size(); ++i) {
        const CatalogPlan::Row& row = rows[i];
        const bool own = row.kind == Kind::Current || row.kind == Kind::Unchanged;
        if (!own && row.kind != Kind::OtherModel)
            continue;
        const PreparedInput input = preparer.prepare(builder.build(row.text, QString(), QStringList()));
        VectorWrite write{row.id, vectorFor(i),
                          ContentHash::of(input.text, own ? model() : otherModel(), kDims), input.tokens,
                          false};
        (own ? current : other) << write;
    }
    {
        VectorWriter writer(store->database(), store->table(), store->schema());
        if (!writer.write(current, model(), kDims, error) || !writer.write(other, otherModel(), kDims, error))
            return false;
    }
    store.reset();
    // Unchanged rows: embedded before their row's update (outdated), with the same text.
    const QStringList unchanged = plan->idsOf(Kind::Unchanged);
    return run(db,
               QStringLiteral("UPDATE %1 SET embedding_updated_at = %2 WHERE id IN ('%3')")
                   .arg(table, longAgo, unchanged.join(QStringLiteral("','"))),
               error);
}

static QString fieldText(const QVariant& value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    if (value.typeId() == QMetaType::QByteArray)
        return QString::fromLatin1(value.toByteArray().toHex());
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    return value.toString();
}

QString OpsCatalogSuite::dump(const QString& table, QString* error) const
{
    QString out;
    const QStringList queries = {
        QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(table),
        QStringLiteral("SELECT * FROM embedding_item_state ORDER BY item_id"),
        QStringLiteral("SELECT * FROM embedding_resets ORDER BY id"),
        QStringLiteral("SELECT * FROM embedding_failures ORDER BY item_id"),
    };
    for (const QString& sql : queries) {
        QSqlQuery q(m_connection->database());
        if (!q.exec(sql)) {
            *error = q.lastError().text();
            return QString();
        }
        out += QStringLiteral("-- ") + sql + QLatin1Char('\n');
        while (q.next()) {
            QStringList fields;
            for (int i = 0; i < q.record().count(); ++i)
                fields << fieldText(q.value(i));
            out += fields.join(QLatin1Char('|')) + QLatin1Char('\n');
        }
    }
    return out;
}

QVariant OpsCatalogSuite::scalar(const QString& sql, QString* error) const
{
    QSqlQuery q(m_connection->database());
    if (!q.exec(sql) || !q.next()) {
        *error = q.lastError().text() + QStringLiteral(" in ") + sql;
        return QVariant();
    }
    return q.value(0);
}

OpsCatalogSuite::CliResult OpsCatalogSuite::embedctl(const QString& table, const QStringList& args) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name :
         {"OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "EMBEDCTL_DB",
          "EMBEDCTL_WEBHOOK_URL", "QT_LOGGING_RULES"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("USER"), QStringLiteral("ops-test-user"));
    process.setProcessEnvironment(env);
    QStringList all = args;
    all << QStringLiteral("--db") << m_url << QStringLiteral("--table") << table
        << QStringLiteral("--dimensions") << QString::number(kDims);
    process.start(embedctlPath(), all);
    CliResult result;
    if (!process.waitForStarted(30000))
        return result;
    process.closeWriteChannel(); // stdin: an empty pipe, not a terminal
    process.waitForFinished(180000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// ---------------------------------------------------------------------------------------
// Set-up

void OpsCatalogSuite::initTestCase()
{
    QString why;
    m_url = databaseUrl(&why);
    if (m_url.isEmpty())
        QSKIP(qPrintable(why));
    QString error;
    m_connection =
        DatabaseConnection::open(m_url, DatabaseConnection::uniqueName(QStringLiteral("ops-test")), &error);
    QVERIFY2(m_connection, qPrintable(error));
    QVERIFY2(goldenTexts().size() >= 80, "the tokenizer's golden corpus is missing");
    static QTemporaryDir home;
    QVERIFY(home.isValid());
    m_home = home.path();
    QVERIFY2(QFileInfo(embedctlPath()).isExecutable(), "embedctl is not built");
}

void OpsCatalogSuite::cleanupTestCase()
{
    m_connection.reset();
}

// ---------------------------------------------------------------------------------------
// Estimate

/// What the plan says the estimate must find, from the reference token counts only.
struct ExpectedEstimate
{
    qint64 items = 0, missing = 0, outdated = 0, otherModel = 0;
    qint64 skipped = 0, unchanged = 0, duplicates = 0, cached = 0, texts = 0;
    qint64 totalTokens = 0, tokensAfter = 0;

    explicit ExpectedEstimate(const CatalogPlan& plan)
    {
        for (const CatalogPlan::Row& row : plan.rows) {
            if (!plan.isPending(row))
                continue;
            ++items;
            totalTokens += row.tokens;
            switch (row.kind) {
            case Kind::Missing:
                ++missing, ++texts, tokensAfter += row.tokens;
                break;
            case Kind::Duplicate:
                ++missing, ++duplicates;
                break;
            case Kind::Cached:
                ++missing, ++cached;
                break;
            case Kind::Empty:
                ++missing, ++skipped;
                break;
            case Kind::Unchanged:
                ++outdated, ++unchanged;
                break;
            case Kind::OtherModel:
                ++otherModel, ++texts, tokensAfter += row.tokens;
                break;
            case Kind::Current:
                break;
            }
        }
    }
};

static const double kUsdPerMillionSmall = 0.02; // documented defaults (docs/operations.md)
static const double kUsdPerMillionLarge = 0.13;
static const double kUsdPerMillionAda = 0.10;
static const double kKrwPerUsd = 1300.0;

static bool near(double a, double b)
{
    return qAbs(a - b) <= 1e-12 + 1e-9 * qAbs(b);
}

void OpsCatalogSuite::estimateEqualsTheReferenceTokenSum()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    AppConfig config = configFor(table);
    config.batch.batchSize = 10;
    auto store = ItemStore::open(config, QString(), &error);
    QVERIFY2(store, qPrintable(error));

    CostEstimator estimator(config);
    estimator.setPageSize(7); // texts and their repeats land on different pages
    QVector<std::pair<qint64, qint64>> progress;
    Feedback feedback;
    feedback.setListener([&](qint64 done, qint64 total) { progress.push_back({done, total}); });
    const auto estimate = estimator.estimatePending(*store, &feedback);
    QVERIFY2(estimate, qPrintable(estimate.error()));
    const ExpectedEstimate expected(plan);

    QCOMPARE(estimate->items, expected.items);
    QCOMPARE(estimate->missing, expected.missing);
    QCOMPARE(estimate->outdated, expected.outdated);
    QCOMPARE(estimate->otherModel, expected.otherModel);
    QCOMPARE(estimate->skippedItems, expected.skipped);
    QCOMPARE(estimate->truncatedItems, 0);
    QCOMPARE(estimate->unchangedItems, expected.unchanged);
    QCOMPARE(estimate->duplicateItems, expected.duplicates);
    QCOMPARE(estimate->cachedItems, expected.cached);
    QCOMPARE(estimate->textsToSend, expected.texts);
    QCOMPARE(estimate->totalTokens, expected.totalTokens);
    QCOMPARE(estimate->tokensAfterDedupe, expected.tokensAfter);
    QCOMPARE(estimate->apiCalls, (expected.texts + 9) / 10); // no text comes near the token limits
    QVERIFY(expected.tokensAfter < expected.totalTokens);

    QCOMPARE(estimate->models.size(), 3);
    QCOMPARE(estimate->models[0].beforeDedupe.model, model());
    QVERIFY(estimate->models[0].configured);
    QVERIFY(
        near(estimate->models[0].beforeDedupe.usd, double(expected.totalTokens) * kUsdPerMillionSmall / 1e6));
    QVERIFY(near(estimate->models[0].beforeDedupe.krw,
                 double(expected.totalTokens) * kUsdPerMillionSmall / 1e6 * kKrwPerUsd));
    QVERIFY(
        near(estimate->models[0].afterDedupe.usd, double(expected.tokensAfter) * kUsdPerMillionSmall / 1e6));
    QVERIFY(near(estimate->models[0].afterDedupe.batchUsd,
                 double(expected.tokensAfter) * kUsdPerMillionSmall / 1e6 / 2));
    for (const ModelEstimate& m : estimate->models.mid(1)) {
        const double price = m.beforeDedupe.model == QLatin1String("text-embedding-3-large")
                                 ? kUsdPerMillionLarge
                                 : kUsdPerMillionAda;
        QVERIFY(!m.configured);
        QVERIFY(near(m.afterDedupe.usd, double(expected.tokensAfter) * price / 1e6));
    }

    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.first(), std::make_pair(qint64(0), expected.items));
    QCOMPARE(progress.last(), std::make_pair(expected.items, expected.items));
}

void OpsCatalogSuite::estimateCliReportsTheSeedKeys()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const CliResult cli = embedctl(table, {QStringLiteral("estimate"), QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
    QVERIFY2(!o.isEmpty(), cli.out.constData());
    const ExpectedEstimate expected(plan);

    QCOMPARE(o.value(QStringLiteral("total_tokens")).toInteger(), expected.totalTokens);
    QVERIFY(near(o.value(QStringLiteral("estimated_cost_usd")).toDouble(),
                 double(expected.totalTokens) * kUsdPerMillionSmall / 1e6));
    QVERIFY(near(o.value(QStringLiteral("estimated_cost_krw")).toDouble(),
                 double(expected.totalTokens) * kUsdPerMillionSmall / 1e6 * kKrwPerUsd));
    QCOMPARE(o.value(QStringLiteral("pending_items")).toInteger(), expected.items);
    QCOMPARE(o.value(QStringLiteral("tokens_after_dedupe")).toInteger(), expected.tokensAfter);
    QCOMPARE(o.value(QStringLiteral("texts_to_send")).toInteger(), expected.texts);
    QCOMPARE(o.value(QStringLiteral("api_calls")).toInteger(), 1); // default batch of 100 inputs
    QVERIFY(near(o.value(QStringLiteral("cost_after_dedupe_usd")).toDouble(),
                 double(expected.tokensAfter) * kUsdPerMillionSmall / 1e6));
    const QJsonObject reasons = o.value(QStringLiteral("by_reason")).toObject();
    QCOMPARE(reasons.value(QStringLiteral("missing")).toInteger(), expected.missing);
    QCOMPARE(reasons.value(QStringLiteral("outdated")).toInteger(), expected.outdated);
    QCOMPARE(reasons.value(QStringLiteral("other_model")).toInteger(), expected.otherModel);
    const QJsonArray models = o.value(QStringLiteral("models")).toArray();
    QCOMPARE(models.size(), 3);
    QCOMPARE(models[0].toObject().value(QStringLiteral("model")).toString(), model());
    QVERIFY(o.value(QStringLiteral("time")).toObject().value(QStringLiteral("seconds")).toDouble() > 0);

    // The human report says the same.
    const CliResult text = embedctl(table, {QStringLiteral("estimate")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(QString::fromUtf8(text.out).contains(QLocale(QLocale::English).toString(expected.totalTokens)),
             text.out.constData());
}

void OpsCatalogSuite::estimateOfAnEmptyPendingSetIsZero()
{
    const QString table = newTable();
    QString error;
    QSqlQuery q(m_connection->database());
    QVERIFY2(q.exec(QStringLiteral("CREATE TABLE %1 (id text PRIMARY KEY, title text NOT NULL, summary text, "
                                   "tags %2, embedding %3, embedding_model text, embedding_updated_at %4, "
                                   "updated_at %4 NOT NULL)")
                        .arg(table, postgres() ? QStringLiteral("text[]") : QStringLiteral("text"),
                             postgres() ? QStringLiteral("real[]") : QStringLiteral("blob"),
                             postgres() ? QStringLiteral("timestamptz") : QStringLiteral("text"))),
             qPrintable(q.lastError().text()));
    auto store = ItemStore::open(configFor(table), QString(), &error);
    QVERIFY2(store, qPrintable(error));
    const auto estimate = CostEstimator(configFor(table)).estimatePending(*store);
    QVERIFY2(estimate, qPrintable(estimate.error()));
    QCOMPARE(estimate->items, 0);
    QCOMPARE(estimate->totalTokens, 0);
    QCOMPARE(estimate->apiCalls, 0);
    QCOMPARE(estimate->configured().beforeDedupe.usd, 0.0);
    QCOMPARE(estimate->time.seconds, 0.0);
}

void OpsCatalogSuite::estimateJobRunsOffTheCallersThread()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    AppConfig config = configFor(table);
    config.run.pageSize = 10;

    EstimateJob job;
    QSignalSpy finished(&job, &EstimateJob::finished);
    QSignalSpy progress(&job, &EstimateJob::progress);
    QSignalSpy failed(&job, &EstimateJob::failed);
    QVERIFY(job.start(config));
    QVERIFY(job.isRunning());
    QVERIFY(!job.start(config));   // one at a time
    QCOMPARE(finished.count(), 0); // start() returned before any work was done
    QVERIFY2(finished.wait(60000),
             failed.isEmpty() ? "no result" : qPrintable(failed.first().first().toString()));
    QVERIFY(!job.isRunning());

    const CostEstimate estimate = finished.first().first().value<CostEstimate>();
    const ExpectedEstimate expected(plan);
    QCOMPARE(estimate.items, expected.items);
    QCOMPARE(estimate.totalTokens, expected.totalTokens);
    QCOMPARE(estimate.tokensAfterDedupe, expected.tokensAfter);
    QVERIFY(progress.count() >= 2);
    QCOMPARE(progress.last().at(0).toLongLong(), expected.items);
    QCOMPARE(progress.last().at(1).toLongLong(), expected.items);

    // The reset plan of the other-model rows, on ResetJob (the console's reset dialog).
    ResetCriteria criteria;
    criteria.modelNot = model();
    criteria.ids = {plan.ofKind(Kind::OtherModel).first().id, QStringLiteral("no-such-id")};
    ResetJob resetJob;
    QSignalSpy planned(&resetJob, &ResetJob::planned);
    QSignalSpy resetProgress(&resetJob, &ResetJob::progress);
    QVERIFY(resetJob.plan(config, criteria));
    QVERIFY(planned.wait(60000));
    const ResetPlan reset = planned.last().first().value<ResetPlan>();
    QCOMPARE(reset.affected, qint64(1));
    QCOMPARE(reset.byOtherModel, qint64(1));
    QCOMPARE(reset.idsNotFound, QStringList{QStringLiteral("no-such-id")});
    QCOMPARE(reset.estimate.items, qint64(1));
    QCOMPARE(reset.estimate.totalTokens, plan.ofKind(Kind::OtherModel).first().tokens);
    QVERIFY(!resetProgress.isEmpty());
    QCOMPARE(resetProgress.last().at(1).toLongLong(), qint64(1));
    criteria.ids.clear();
    QVERIFY(resetJob.plan(config, criteria));
    QVERIFY(planned.wait(60000));
    qint64 tokens = 0;
    for (const CatalogPlan::Row& row : plan.ofKind(Kind::OtherModel))
        tokens += row.tokens;
    const ResetPlan all = planned.last().first().value<ResetPlan>();
    QCOMPARE(all.affected, qint64(plan.ofKind(Kind::OtherModel).size()));
    QCOMPARE(all.estimate.items, plan.ofKind(Kind::OtherModel).size());
    QCOMPARE(all.estimate.totalTokens, tokens);
}

void OpsCatalogSuite::estimateJobCanBeCancelled()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    AppConfig config = configFor(table);
    config.run.pageSize = 5;
    EstimateJob job;
    QSignalSpy finished(&job, &EstimateJob::finished);
    QSignalSpy cancelled(&job, &EstimateJob::cancelled);
    QVERIFY(job.start(config));
    job.cancel(); // before the first page: the job stops at its first check
    QVERIFY(cancelled.wait(60000));
    QCOMPARE(finished.count(), 0);
    QVERIFY(!job.isRunning());

    // A job destroyed while running stops and waits for its thread.
    auto doomed = std::make_unique<EstimateJob>();
    QVERIFY(doomed->start(config));
    doomed.reset();
}

// ---------------------------------------------------------------------------------------
// Duplicates

using GroupSet = QSet<QStringList>;

static GroupSet expectedGroups(const CatalogPlan& plan, bool all)
{
    QHash<QString, QStringList> byText;
    for (const CatalogPlan::Row& row : plan.rows) {
        if (row.kind == Kind::Empty || (!all && !plan.isPending(row)))
            continue;
        byText[row.text] << row.id;
    }
    GroupSet groups;
    for (QStringList ids : std::as_const(byText)) {
        if (ids.size() < 2)
            continue;
        ids.sort();
        groups.insert(ids);
    }
    return groups;
}

static GroupSet groupsOf(const DuplicateReport& report)
{
    GroupSet groups;
    for (const DuplicateGroup& g : report.groups) {
        QStringList ids = g.itemIds;
        ids.sort();
        groups.insert(ids);
    }
    return groups;
}

void OpsCatalogSuite::duplicatesFindEveryGroup()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    AppConfig config = configFor(table);
    config.run.pageSize = 6;
    auto store = ItemStore::open(config, QString(), &error);
    QVERIFY2(store, qPrintable(error));

    QHash<QString, const CatalogPlan::Row*> byId;
    for (const CatalogPlan::Row& row : plan.rows)
        byId.insert(row.id, &row);

    for (const bool all : {false, true}) {
        const auto report = DuplicateFinder(config).find(*store, all ? DuplicateReport::Scope::All
                                                                     : DuplicateReport::Scope::Pending);
        QVERIFY2(report, qPrintable(report.error()));
        const GroupSet expected = expectedGroups(plan, all);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(groupsOf(*report), expected);
        qint64 saved = 0;
        for (const DuplicateGroup& g : report->groups) {
            const CatalogPlan::Row* row = byId.value(g.itemIds.first());
            QCOMPARE(g.tokens, row->tokens);
            QCOMPARE(g.sample, row->text.left(DuplicateFinder::kSampleChars));
            QCOMPARE(g.contentHash.size(), 64);
            saved += (g.count() - 1) * row->tokens;
        }
        QCOMPARE(report->savedTokens, saved);
        QVERIFY(near(report->saved.usd, double(saved) * kUsdPerMillionSmall / 1e6));
        QCOMPARE(report->skippedItems, 1);
    }
}

void OpsCatalogSuite::dupesCliAndJobAgree()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const CliResult cli = embedctl(table, {QStringLiteral("dupes"), QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
    GroupSet fromCli;
    qint64 counted = 0;
    for (const QJsonValue& v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        QStringList ids;
        for (const QJsonValue& id : g.value(QStringLiteral("item_ids")).toArray())
            ids << id.toString();
        QCOMPARE(g.value(QStringLiteral("count")).toInt(), ids.size());
        QVERIFY(!g.value(QStringLiteral("content_hash")).toString().isEmpty());
        QVERIFY(g.contains(QStringLiteral("sample")) && g.contains(QStringLiteral("tokens")));
        counted += (ids.size() - 1) * g.value(QStringLiteral("tokens")).toInteger();
        ids.sort();
        fromCli.insert(ids);
    }
    QCOMPARE(fromCli, expectedGroups(plan, false));
    QCOMPARE(o.value(QStringLiteral("saved_tokens")).toInteger(), counted);
    QVERIFY(
        near(o.value(QStringLiteral("saved_usd")).toDouble(), double(counted) * kUsdPerMillionSmall / 1e6));

    DuplicateJob job;
    QSignalSpy finished(&job, &DuplicateJob::finished);
    QVERIFY(job.start(configFor(table), DuplicateReport::Scope::Pending));
    QVERIFY(finished.wait(60000));
    QCOMPARE(groupsOf(finished.first().first().value<DuplicateReport>()), fromCli);
}

// ---------------------------------------------------------------------------------------
// Reset

void OpsCatalogSuite::resetDryRunCountsAndChangesNothing()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const QString before = dump(table, &error);
    QVERIFY2(!before.isEmpty(), qPrintable(error));

    const QVariant otherRows = scalar(
        QStringLiteral(
            "SELECT count(*) FROM %1 WHERE (embedding IS NOT NULL OR embedding_updated_at IS NOT NULL) "
            "AND (embedding_model IS NULL OR embedding_model <> '%2')")
            .arg(table, model()),
        &error);
    QVERIFY2(otherRows.isValid(), qPrintable(error));
    QCOMPARE(otherRows.toLongLong(), plan.ofKind(Kind::OtherModel).size());

    const CliResult cli = embedctl(table, {QStringLiteral("reset"), QStringLiteral("--model-not"), model(),
                                           QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(o.value(QStringLiteral("affected_items")).toInteger(), otherRows.toLongLong());
    QCOMPARE(o.value(QStringLiteral("dry_run")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("reset")).toBool(), false);
    qint64 tokens = 0;
    for (const CatalogPlan::Row& row : plan.ofKind(Kind::OtherModel))
        tokens += row.tokens;
    const QJsonObject estimate = o.value(QStringLiteral("estimate")).toObject();
    QCOMPARE(estimate.value(QStringLiteral("total_tokens")).toInteger(), tokens);
    QVERIFY(near(estimate.value(QStringLiteral("estimated_cost_usd")).toDouble(),
                 double(tokens) * kUsdPerMillionSmall / 1e6));
    QCOMPARE(dump(table, &error), before);

    // Every row with a vector was embedded before 2100.
    const QVariant withVector =
        scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE embedding IS NOT NULL").arg(table), &error);
    const CliResult byDate =
        embedctl(table, {QStringLiteral("reset"), QStringLiteral("--before"), QStringLiteral("2100-01-01"),
                         QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(byDate.exitCode == 0, byDate.err.constData());
    QCOMPARE(QJsonDocument::fromJson(byDate.out).object().value(QStringLiteral("affected_items")).toInteger(),
             withVector.toLongLong());
    QCOMPARE(dump(table, &error), before);

    // The human report shows the count and the price, and says nothing changed.
    const CliResult text = embedctl(table, {QStringLiteral("reset"), QStringLiteral("--model-not"), model(),
                                            QStringLiteral("--dry-run")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(QByteArray("Affected rows " + QByteArray::number(otherRows.toLongLong()))));
    QVERIFY(text.out.contains("Dry run: nothing was changed."));
    QCOMPARE(dump(table, &error), before);
}

void OpsCatalogSuite::resetWithoutYesRefusesOnAPipe()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const QString before = dump(table, &error);
    const CliResult cli = embedctl(
        table, {QStringLiteral("reset"), QStringLiteral("--ids"), plan.idsOf(Kind::Current).first()});
    QCOMPARE(cli.exitCode, 1);
    QVERIFY2(cli.err.contains("stdin is not a terminal"), cli.err.constData());
    QVERIFY(cli.out.contains("Affected rows 1")); // shown before refusing
    QCOMPARE(dump(table, &error), before);

    // No criteria at all: an error, nothing changed.
    const CliResult none = embedctl(table, {QStringLiteral("reset"), QStringLiteral("--yes")});
    QCOMPARE(none.exitCode, 1);
    QCOMPARE(dump(table, &error), before);
}

/// Every row of table as text, by id.
static QHash<QString, QString> rowsById(QSqlDatabase db, const QString& table)
{
    QHash<QString, QString> rows;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT * FROM %1").arg(table));
    while (q.next()) {
        QStringList fields;
        for (int i = 0; i < q.record().count(); ++i)
            fields << fieldText(q.value(i));
        rows.insert(q.value(0).toString(), fields.join(QLatin1Char('|')));
    }
    return rows;
}

void OpsCatalogSuite::resetYesChangesExactlyTheMatchingRowsAndRecordsIt()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const QStringList ids = plan.idsOf(Kind::Current).mid(0, 2) + plan.idsOf(Kind::OtherModel).mid(0, 1);
    const QHash<QString, QString> before = rowsById(m_connection->database(), table);
    const QVariant resetsBefore = scalar(QStringLiteral("SELECT count(*) FROM embedding_resets"), &error);

    const CliResult cli =
        embedctl(table, {QStringLiteral("reset"), QStringLiteral("--ids"), ids.join(QLatin1Char(',')),
                         QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(o.value(QStringLiteral("affected_items")).toInteger(), ids.size());
    QCOMPARE(o.value(QStringLiteral("reset_items")).toInteger(), ids.size());
    QCOMPARE(o.value(QStringLiteral("reset")).toBool(), true);

    const QHash<QString, QString> after = rowsById(m_connection->database(), table);
    QCOMPARE(after.size(), before.size());
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (!ids.contains(it.key()))
            QCOMPARE(after.value(it.key()), it.value());
    }
    for (const QString& id : ids) {
        const QVariant cleared =
            scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE id = '%2' AND embedding IS NULL AND "
                                  "embedding_updated_at IS NULL")
                       .arg(table, id),
                   &error);
        QCOMPARE(cleared.toInt(), 1);
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM embedding_item_state WHERE item_id = '%1'").arg(id),
                   &error)
                .toInt(),
            0);
    }
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM embedding_resets"), &error).toInt(),
             resetsBefore.toInt() + 1);
    QSqlQuery last(m_connection->database());
    QVERIFY(last.exec(
        QStringLiteral("SELECT by_user, affected, criteria FROM embedding_resets ORDER BY id DESC")));
    QVERIFY(last.next());
    QCOMPARE(last.value(0).toString(), QStringLiteral("ops-test-user"));
    QCOMPARE(last.value(1).toInt(), ids.size());
    const QJsonArray recorded = QJsonDocument::fromJson(last.value(2).toString().toUtf8())
                                    .object()
                                    .value(QStringLiteral("ids"))
                                    .toArray();
    QStringList recordedIds;
    for (const QJsonValue& v : recorded)
        recordedIds << v.toString();
    QCOMPARE(QSet<QString>(recordedIds.begin(), recordedIds.end()), QSet<QString>(ids.begin(), ids.end()));
}

void OpsCatalogSuite::resetThenRunReembedsExactlyTheResetRows()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const CliResult first = embedctl(table, {QStringLiteral("run"), QStringLiteral("--simulate"),
                                             QStringLiteral("--json"), QStringLiteral("--quiet")});
    QVERIFY2(first.exitCode == 0 || first.exitCode == 2, first.err.constData());
    QCOMPARE(
        scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE embedding IS NULL").arg(table), &error).toInt(),
        1); // the empty text, skipped

    const QStringList ids = plan.idsOf(Kind::Current).mid(0, 2) + plan.idsOf(Kind::Missing).mid(0, 2);
    const QHash<QString, QString> before = rowsById(m_connection->database(), table);
    const CliResult reset = embedctl(table, {QStringLiteral("reset"), QStringLiteral("--ids"),
                                             ids.join(QLatin1Char(',')), QStringLiteral("--yes")});
    QVERIFY2(reset.exitCode == 0, reset.err.constData());

    const CliResult second = embedctl(table, {QStringLiteral("run"), QStringLiteral("--simulate"),
                                              QStringLiteral("--json"), QStringLiteral("--quiet")});
    QVERIFY2(second.exitCode == 0, second.err.constData());
    const QJsonObject summary = QJsonDocument::fromJson(second.out).object();
    QCOMPARE(summary.value(QStringLiteral("succeeded")).toInteger(), ids.size());
    QCOMPARE(summary.value(QStringLiteral("processed")).toInteger(), ids.size());

    const QHash<QString, QString> after = rowsById(m_connection->database(), table);
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (ids.contains(it.key())) {
            QVERIFY2(after.value(it.key()) != it.value(), qPrintable(it.key())); // embedded again, later
            QCOMPARE(
                scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE id = '%2' AND embedding IS NOT NULL AND "
                                      "embedding_model = '%3'")
                           .arg(table, it.key(), model()),
                       &error)
                    .toInt(),
                1);
        } else {
            QCOMPARE(after.value(it.key()), it.value());
        }
    }
}

void OpsCatalogSuite::failuresCliListsSkippedItems()
{
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const CliResult runResult = embedctl(table, {QStringLiteral("run"), QStringLiteral("--simulate"),
                                                 QStringLiteral("--json"), QStringLiteral("--quiet")});
    QVERIFY2(runResult.exitCode == 0 || runResult.exitCode == 2, runResult.err.constData());
    const qint64 runId =
        QJsonDocument::fromJson(runResult.out).object().value(QStringLiteral("run_id")).toInteger();
    QVERIFY(runId > 0);

    const QString emptyId = plan.idsOf(Kind::Empty).first();
    for (const QStringList& extra :
         {QStringList(), QStringList{QStringLiteral("--run"), QString::number(runId)}}) {
        const CliResult cli =
            embedctl(table, QStringList{QStringLiteral("failures"), QStringLiteral("--json")} + extra);
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
        QJsonObject mine;
        for (const QJsonValue& v : o.value(QStringLiteral("failures")).toArray()) {
            if (v.toObject().value(QStringLiteral("item_id")).toString() == emptyId)
                mine = v.toObject();
        }
        QVERIFY2(!mine.isEmpty(), cli.out.constData());
        QCOMPARE(mine.value(QStringLiteral("skipped")).toBool(), true);
        QCOMPARE(mine.value(QStringLiteral("status")).toString(), QStringLiteral("skipped"));
        QCOMPARE(mine.value(QStringLiteral("attempts")).toInt(), 1);
        QCOMPARE(mine.value(QStringLiteral("run_id")).toInteger(), runId);
        QVERIFY(!mine.value(QStringLiteral("message")).toString().isEmpty());
    }
    const CliResult text = embedctl(table, {QStringLiteral("failures")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(emptyId.toUtf8()));
}

void OpsCatalogSuite::statusPrometheusPassesPromtool()
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QSKIP("promtool is not installed (Debian package prometheus)");
    const QString table = newTable();
    CatalogPlan plan;
    QString error;
    QVERIFY2(buildCatalog(table, &plan, &error), qPrintable(error));
    const CliResult cli = embedctl(table, {QStringLiteral("status"), QStringLiteral("--prometheus")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());

    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(cli.out);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(60000));
    QVERIFY2(check.exitCode() == 0,
             QByteArray(check.readAllStandardOutput() + check.readAllStandardError()).constData());

    const auto sample = [&](const QByteArray& name) {
        for (const QByteArray& line : cli.out.split('\n')) {
            if (line.startsWith(QByteArray(name + ' ')))
                return line.mid(name.size() + 1).toDouble();
        }
        return -1.0;
    };
    QCOMPARE(sample("embedding_total_items"), double(plan.rows.size()));
    const QVariant withoutVector =
        scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE embedding IS NULL").arg(table), &error);
    QCOMPARE(sample("embedding_pending_items"), withoutVector.toDouble());
    QVERIFY(sample("embedding_progress_percent") > 0);
}

} // namespace ec::test
