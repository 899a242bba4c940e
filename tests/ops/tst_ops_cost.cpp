// The cost model against the documented prices (docs/operations.md): 3-small $0.02,
// 3-large $0.13, ada-002 $0.10 per 1M tokens, Batch API half price, 1,300 KRW/USD.
#include "ops/CostEstimate.h"
#include "ops/CostEstimator.h"
#include "ops/CostModel.h"

#include <QJsonArray>
#include <QTest>

namespace ec::test {

class TstOpsCost : public QObject
{
    Q_OBJECT

    static bool near(double a, double b) { return qAbs(a - b) <= 1e-12 + 1e-9 * qAbs(b); }

private Q_SLOTS:
    void documentedPrices_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<double>("usd");
        QTest::newRow("3-small 1M") << QStringLiteral("text-embedding-3-small") << qint64(1000000) << 0.02;
        QTest::newRow("3-large 1M") << QStringLiteral("text-embedding-3-large") << qint64(1000000) << 0.13;
        QTest::newRow("ada-002 1M") << QStringLiteral("text-embedding-ada-002") << qint64(1000000) << 0.10;
        QTest::newRow("3-small 12,345")
            << QStringLiteral("text-embedding-3-small") << qint64(12345) << 0.0002469;
        QTest::newRow("3-large 250M")
            << QStringLiteral("text-embedding-3-large") << qint64(250000000) << 32.5;
        QTest::newRow("self-hosted is free") << QStringLiteral("nomic-embed-text") << qint64(1000000) << 0.0;
        QTest::newRow("no tokens") << QStringLiteral("text-embedding-3-small") << qint64(0) << 0.0;
    }

    void documentedPrices()
    {
        QFETCH(QString, model);
        QFETCH(qint64, tokens);
        QFETCH(double, usd);
        const CostModel costs; // the defaults
        const CostFigures figures = costs.cost(model, tokens);
        QCOMPARE(figures.model, model);
        QCOMPARE(figures.tokens, tokens);
        QVERIFY2(near(figures.usd, usd), qPrintable(QString::number(figures.usd, 'g', 17)));
        QVERIFY(near(figures.krw, usd * 1300));
        QVERIFY(near(figures.batchUsd, usd / 2));
        QVERIFY(near(figures.batchKrw, usd / 2 * 1300));
    }

    void seedExampleInKrw()
    {
        // The original design priced 1M ada-002 tokens at $0.0004/1K = $0.40; today's list price is
        // $0.10/1M, i.e. 130 KRW at 1,300 KRW/USD.
        const CostFigures f = CostModel().cost(QStringLiteral("text-embedding-ada-002"), 1000000);
        QVERIFY(near(f.krw, 130.0));
    }

    void configuredPrices()
    {
        PriceSettings prices;
        prices.usdPerMillionSmall = 0.05;
        prices.usdPerMillionCustom = 0.01;
        prices.batchApiFactor = 0.25;
        prices.krwPerUsd = 1400;
        const CostModel costs(prices);
        const CostFigures small = costs.cost(QStringLiteral("text-embedding-3-small"), 2000000);
        QVERIFY(near(small.usd, 0.10));
        QVERIFY(near(small.krw, 140.0));
        QVERIFY(near(small.batchUsd, 0.025));
        QVERIFY(near(costs.usd(QStringLiteral("my-model"), 3000000), 0.03));
    }

    void sideBySideStartsWithTheConfiguredModel()
    {
        const CostModel costs;
        const QVector<CostFigures> rows = costs.sideBySide(QStringLiteral("text-embedding-3-large"), 1000000);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].model, QStringLiteral("text-embedding-3-large"));
        QStringList others{rows[1].model, rows[2].model};
        others.sort();
        QCOMPARE(others, QStringList({QStringLiteral("text-embedding-3-small"),
                                      QStringLiteral("text-embedding-ada-002")}));
        // A model the catalog does not know comes first, then all three known ones.
        QCOMPARE(costs.sideBySide(QStringLiteral("bge-m3"), 1).size(), 4);
    }

    void timeEstimateTakesTheTightestBound_data()
    {
        QTest::addColumn<qint64>("calls");
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<double>("rpm");
        QTest::addColumn<double>("tpm");
        QTest::addColumn<int>("concurrency");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("bound");
        // 100 calls at 3,000 RPM: 2 s; 1M tokens at 1M TPM: 60 s; 100 × 1 s ÷ 4: 25 s.
        QTest::newRow("tokens") << qint64(100) << qint64(1000000) << 3000.0 << 1e6 << 4 << 60.0
                                << QStringLiteral("tokens_per_minute");
        // 6,000 calls at 3,000 RPM: 120 s; 60,000 tokens: 3.6 s; 6,000 × 1 s ÷ 100: 60 s.
        QTest::newRow("requests") << qint64(6000) << qint64(60000) << 3000.0 << 1e6 << 100 << 120.0
                                  << QStringLiteral("requests_per_minute");
        // 400 calls, 1 in flight: 400 s.
        QTest::newRow("concurrency") << qint64(400) << qint64(40000) << 3000.0 << 1e6 << 1 << 400.0
                                     << QStringLiteral("concurrency");
        QTest::newRow("unlimited rates")
            << qint64(8) << qint64(800) << 0.0 << 0.0 << 2 << 4.0 << QStringLiteral("concurrency");
    }

    void timeEstimateTakesTheTightestBound()
    {
        QFETCH(qint64, calls);
        QFETCH(qint64, tokens);
        QFETCH(double, rpm);
        QFETCH(double, tpm);
        QFETCH(int, concurrency);
        QFETCH(double, seconds);
        QFETCH(QString, bound);
        AppConfig config;
        config.api.requestsPerMinute = rpm;
        config.api.tokensPerMinute = tpm;
        config.api.concurrency = concurrency;
        CostEstimator estimator(config);
        estimator.setAssumedLatencyMs(1000);
        CostEstimate estimate;
        estimate.model = config.embedding.model;
        estimate.apiCalls = calls;
        estimate.tokensAfterDedupe = tokens;
        estimate.totalTokens = tokens * 2;
        estimator.price(estimate);
        QVERIFY(near(estimate.time.seconds, seconds));
        QCOMPARE(estimate.time.bound, bound);
        QVERIFY(near(estimate.configured().beforeDedupe.usd, double(tokens * 2) * 0.02 / 1e6));
        QVERIFY(near(estimate.configured().afterDedupe.usd, double(tokens) * 0.02 / 1e6));
    }

    void jsonHasTheSeedKeys()
    {
        AppConfig config;
        CostEstimate estimate;
        estimate.model = config.embedding.model;
        estimate.items = 10;
        estimate.totalTokens = 5000000;
        estimate.tokensAfterDedupe = 4000000;
        CostEstimator(config).price(estimate);
        const QJsonObject o = estimate.toJson();
        QCOMPARE(o.value(QStringLiteral("total_tokens")).toInteger(), 5000000);
        QVERIFY(near(o.value(QStringLiteral("estimated_cost_usd")).toDouble(), 0.10));
        QVERIFY(near(o.value(QStringLiteral("estimated_cost_krw")).toDouble(), 130.0));
        QVERIFY(near(o.value(QStringLiteral("cost_after_dedupe_usd")).toDouble(), 0.08));
        QVERIFY(near(o.value(QStringLiteral("batch_api_cost_after_dedupe_usd")).toDouble(), 0.04));
        const QJsonArray models = o.value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 3);
        const QJsonObject large = models[1].toObject().value(QStringLiteral("model")).toString() ==
                                          QLatin1String("text-embedding-3-large")
                                      ? models[1].toObject()
                                      : models[2].toObject();
        QVERIFY(near(
            large.value(QStringLiteral("before_dedupe")).toObject().value(QStringLiteral("usd")).toDouble(),
            0.65));
    }
};

} // namespace ec::test

QTEST_GUILESS_MAIN(ec::test::TstOpsCost)
#include "tst_ops_cost.moc"
