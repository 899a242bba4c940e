// AppConfig and QSettings: every saved setting comes back as it was, defaults stand for what a
// file does not hold, and secrets never reach the file.

#include "config/AppConfig.h"
#include "util/Feedback.h"
#include "util/Result.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ec;

namespace {

/// A configuration that differs from the defaults in every saved setting.
AppConfig everythingChanged()
{
    AppConfig c;
    c.databaseUrl = QStringLiteral("postgresql://search@db.internal:5433/catalog?sslmode=require");
    c.table.table = QStringLiteral("catalog.items");
    c.table.idColumn = QStringLiteral("item_id");
    c.table.titleColumn = QStringLiteral("name");
    c.table.summaryColumn = QStringLiteral("blurb");
    c.table.tagsColumn = QStringLiteral("labels");
    c.table.embeddingColumn = QStringLiteral("vec");
    c.table.modelColumn = QStringLiteral("vec_model");
    c.table.embeddedAtColumn = QStringLiteral("vec_at");
    c.table.updatedAtColumn = QStringLiteral("changed_at");
    c.embedding.model = QStringLiteral("text-embedding-3-large");
    c.embedding.modelConfigured = true;
    c.embedding.dimensions = 256;
    c.api.baseUrl = QUrl(QStringLiteral("https://example.openai.azure.com"));
    c.api.flavor = ApiFlavor::Azure;
    c.api.azureApiVersion = QStringLiteral("2025-01-01");
    c.api.base64 = false;
    c.api.requestTimeoutMs = 12345;
    c.api.maxRetries = 9;
    c.api.concurrency = 13;
    c.api.requestsPerMinute = 500.5;
    c.api.tokensPerMinute = 150000;
    c.batch.batchSize = 64;
    c.batch.maxTokensPerInput = 4000;
    c.batch.overlong = OverlongPolicy::Skip;
    c.batch.textTemplate = QStringLiteral("{title} — {summary} [{tags}]");
    c.prices.usdPerMillionSmall = 0.03;
    c.prices.usdPerMillionLarge = 0.2;
    c.prices.usdPerMillionAda = 0.11;
    c.prices.usdPerMillionCustom = 0.007;
    c.prices.batchApiFactor = 0.4;
    c.prices.krwPerUsd = 1450;
    c.alerts.webhookUrl = QUrl(QStringLiteral("https://hooks.example.com/services/T/B/x"));
    c.alerts.errorRateThreshold = 0.2;
    c.run.maxPermanentFailures = 5;
    c.run.failureBackoffSeconds = 60;
    c.run.writeConnections = 0;
    c.run.reconnectSeconds = 17;
    c.run.maxCostUsd = 2.5;
    return c;
}

} // namespace

class ConfigTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySavedSettingComesBack();
    void missingKeysKeepTheDefaults();
    void secretsNeverReachTheFile();
    void resultCarriesAValueOrWhyNot();
    void feedbackReportsAndCancelsAcrossThreads();
};

void ConfigTest::everySavedSettingComesBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("console.ini"));
    const AppConfig saved = everythingChanged();
    {
        QSettings settings(path, QSettings::IniFormat);
        saved.saveTo(settings);
    }
    QSettings settings(path, QSettings::IniFormat);
    AppConfig loaded;
    loaded.loadFrom(settings);

    QCOMPARE(loaded.databaseUrl, saved.databaseUrl);
    QCOMPARE(loaded.table.table, saved.table.table);
    QCOMPARE(loaded.table.idColumn, saved.table.idColumn);
    QCOMPARE(loaded.table.titleColumn, saved.table.titleColumn);
    QCOMPARE(loaded.table.summaryColumn, saved.table.summaryColumn);
    QCOMPARE(loaded.table.tagsColumn, saved.table.tagsColumn);
    QCOMPARE(loaded.table.embeddingColumn, saved.table.embeddingColumn);
    QCOMPARE(loaded.table.modelColumn, saved.table.modelColumn);
    QCOMPARE(loaded.table.embeddedAtColumn, saved.table.embeddedAtColumn);
    QCOMPARE(loaded.table.updatedAtColumn, saved.table.updatedAtColumn);
    QCOMPARE(loaded.embedding.model, saved.embedding.model);
    QVERIFY(loaded.embedding.modelConfigured);
    QCOMPARE(loaded.embedding.dimensions, saved.embedding.dimensions);
    QCOMPARE(loaded.api.baseUrl, saved.api.baseUrl);
    QVERIFY(loaded.api.flavor == ApiFlavor::Azure);
    QCOMPARE(loaded.api.azureApiVersion, saved.api.azureApiVersion);
    QCOMPARE(loaded.api.base64, saved.api.base64);
    QCOMPARE(loaded.api.requestTimeoutMs, saved.api.requestTimeoutMs);
    QCOMPARE(loaded.api.maxRetries, saved.api.maxRetries);
    QCOMPARE(loaded.api.concurrency, saved.api.concurrency);
    QCOMPARE(loaded.api.requestsPerMinute, saved.api.requestsPerMinute);
    QCOMPARE(loaded.api.tokensPerMinute, saved.api.tokensPerMinute);
    QCOMPARE(loaded.batch.batchSize, saved.batch.batchSize);
    QCOMPARE(loaded.batch.maxTokensPerInput, saved.batch.maxTokensPerInput);
    QVERIFY(loaded.batch.overlong == OverlongPolicy::Skip);
    QCOMPARE(loaded.batch.textTemplate, saved.batch.textTemplate);
    QCOMPARE(loaded.prices.usdPerMillionSmall, saved.prices.usdPerMillionSmall);
    QCOMPARE(loaded.prices.usdPerMillionLarge, saved.prices.usdPerMillionLarge);
    QCOMPARE(loaded.prices.usdPerMillionAda, saved.prices.usdPerMillionAda);
    QCOMPARE(loaded.prices.usdPerMillionCustom, saved.prices.usdPerMillionCustom);
    QCOMPARE(loaded.prices.batchApiFactor, saved.prices.batchApiFactor);
    QCOMPARE(loaded.prices.krwPerUsd, saved.prices.krwPerUsd);
    QCOMPARE(loaded.alerts.webhookUrl, saved.alerts.webhookUrl);
    QCOMPARE(loaded.alerts.errorRateThreshold, saved.alerts.errorRateThreshold);
    QCOMPARE(loaded.run.maxPermanentFailures, saved.run.maxPermanentFailures);
    QCOMPARE(loaded.run.failureBackoffSeconds, saved.run.failureBackoffSeconds);
    QCOMPARE(loaded.run.writeConnections, saved.run.writeConnections);
    QCOMPARE(loaded.run.reconnectSeconds, saved.run.reconnectSeconds);
    QCOMPARE(loaded.run.maxCostUsd, saved.run.maxCostUsd);
    // A custom model is priced with the saved custom price.
    QCOMPARE(loaded.prices.usdPerMillion(QStringLiteral("bge-m3")), 0.007);
}

void ConfigTest::missingKeysKeepTheDefaults()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("partial.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        settings.setValue(QStringLiteral("batch/size"), 50);
        settings.setValue(QStringLiteral("api/flavor"), QStringLiteral("something-else"));
    }
    QSettings settings(path, QSettings::IniFormat);
    AppConfig loaded;
    loaded.loadFrom(settings);
    const AppConfig defaults;
    QCOMPARE(loaded.batch.batchSize, 50);
    QVERIFY(loaded.api.flavor == ApiFlavor::OpenAI);
    QVERIFY(loaded.batch.overlong == OverlongPolicy::Truncate);
    QCOMPARE(loaded.databaseUrl, defaults.databaseUrl);
    QCOMPARE(loaded.table.table, defaults.table.table);
    QCOMPARE(loaded.embedding.model, defaults.embedding.model);
    // No model in the file: none configured, so the table's own model decides (ModelGuard),
    // and saving does not turn the default into a choice.
    QVERIFY(!loaded.embedding.modelConfigured);
    loaded.saveTo(settings);
    settings.sync();
    QVERIFY(!settings.contains(QStringLiteral("embedding/model")));
    QCOMPARE(loaded.api.baseUrl, defaults.api.baseUrl);
    QCOMPARE(loaded.api.concurrency, defaults.api.concurrency);
    QCOMPARE(loaded.api.tokensPerMinute, defaults.api.tokensPerMinute);
    QCOMPARE(loaded.prices.usdPerMillionSmall, defaults.prices.usdPerMillionSmall);
    QCOMPARE(loaded.run.writeConnections, defaults.run.writeConnections);
}

void ConfigTest::secretsNeverReachTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.ini"));
    AppConfig config = everythingChanged();
    config.databaseUrl = QStringLiteral("postgresql://search:pw-Xq7-secret@db.internal/catalog");
    config.api.apiKey = QStringLiteral("sk-live-Zt93kQ");
    {
        QSettings settings(path, QSettings::IniFormat);
        config.saveTo(settings);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("db.internal"));
    QVERIFY(!written.contains("pw-Xq7-secret"));
    QVERIFY(!written.contains("sk-live-Zt93kQ"));

    QSettings settings(path, QSettings::IniFormat);
    AppConfig loaded;
    loaded.loadFrom(settings);
    QCOMPARE(loaded.databaseUrl, QStringLiteral("postgresql://search@db.internal/catalog"));
    QVERIFY(loaded.api.apiKey.isEmpty());
}

static Result<int> half(int value)
{
    if (value % 2 != 0)
        return fail(QStringLiteral("%1 is odd").arg(value));
    return value / 2;
}

void ConfigTest::resultCarriesAValueOrWhyNot()
{
    const Result<int> ok = half(8);
    QVERIFY(ok.ok());
    QVERIFY(bool(ok));
    QCOMPARE(*ok, 4);
    QVERIFY(ok.error().isEmpty());

    const Result<int> odd = half(7);
    QVERIFY(!odd);
    QCOMPARE(odd.error(), QStringLiteral("7 is odd"));
    QCOMPARE(odd.valueOr(-1), -1);

    // A failure never passes for success, even without a message.
    const Result<QString> silent = fail(QString());
    QVERIFY(!silent);
    QCOMPARE(silent.error(), QStringLiteral("failed"));
    QVERIFY(!Result<void>::failure(QString()).ok());
    QVERIFY(Result<void>().ok());
}

void ConfigTest::feedbackReportsAndCancelsAcrossThreads()
{
    Feedback feedback;
    QCOMPARE(feedback.total(), qint64(-1));
    QVERIFY(Feedback::report(nullptr, 5, 10)); // no watcher: go on
    qint64 pages = 0;
    // The worker pages until the watcher cancels: only the cancel ends its loop.
    QThread* worker = QThread::create([&feedback, &pages] {
        while (Feedback::report(&feedback, pages, 1000000))
            ++pages;
    });
    worker->start();
    QTRY_VERIFY(feedback.done() > 0);
    feedback.cancel();
    QVERIFY(worker->wait(10000));
    delete worker;
    QVERIFY(feedback.isCanceled());
    QCOMPARE(feedback.done(), pages);
    QCOMPARE(feedback.total(), qint64(1000000));
}

QTEST_GUILESS_MAIN(ConfigTest)
#include "tst_config.moc"
