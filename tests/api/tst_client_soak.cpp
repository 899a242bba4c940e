// The "done when" of the embedding client, against the simulator over loopback HTTP:
//  - 10,000 inputs through --fail-rate 0.3 plus every other fault kind: every input answered
//    exactly once, every vector the simulator's deterministic one, bad inputs isolated;
//  - with rpm/tpm limits, the request and token rates the simulator measured stay within them.

#include "ClientHarness.h"
#include "SimulatorFixture.h"
#include "sim/EmbeddingSimulator.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>

using namespace ec;
using ec::test::ClientHarness;
using ec::test::SimulatorFixture;

namespace {

bool waitForAll(ClientHarness& h, int timeoutMs)
{
    return QTest::qWaitFor([&] { return h.client.pendingTickets() == 0; }, timeoutMs);
}

/// Embeddings requests the simulator received, in arrival order: (ms, tokens).
QVector<std::pair<qint64, qint64>> arrivals(const SimulatorStats& stats)
{
    QVector<std::pair<qint64, qint64>> out;
    for (const SimulatorRequestRecord& r : stats.requestLog) {
        if (r.method == "POST")
            out.append({r.atMs, r.tokens});
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The largest excess of any stretch of arrivals over a token bucket of `burst` refilled at
/// `perMs`, allowing `slackMs` of delivery jitter: <= 0 when the arrivals conform.
double worstExcess(const QVector<std::pair<qint64, qint64>>& a, bool byTokens, double burst, double perMs,
                   qint64 slackMs)
{
    double worst = -burst;
    for (qsizetype i = 0; i < a.size(); ++i) {
        double sum = 0;
        for (qsizetype j = i; j < a.size(); ++j) {
            sum += byTokens ? double(a[j].second) : 1.0;
            const double allowed = burst + perMs * double(a[j].first - a[i].first + slackMs);
            worst = std::max(worst, sum - allowed);
        }
    }
    return worst;
}

} // namespace

class TestClientSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenThousandInputsThroughEveryFault();
    void requestRateStaysWithinLimit();
    void tokenRateStaysWithinLimit();
    void tightensToTheServersLimit();
};

void TestClientSoak::tenThousandInputsThroughEveryFault()
{
    SimulatorOptions options;
    options.failRate = 0.3;
    options.faults = {QStringLiteral("hang:0.04,reset:0.04,malformed:0.03,count:0.03,dims:0.03,nan:0.03,"
                                     "index:0.03,shuffle:0.03,bad-input:POISON")};
    options.hangMs = 3000;
    options.injectedRetryAfterMs = 5;
    options.seed = 20240601;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));

    ApiSettings api = sim.apiSettings();
    api.requestTimeoutMs = 1000; // a hang is given up after one second
    api.maxRetries = 40;
    api.backoffBaseMs = 2;
    api.backoffMaxMs = 20;
    api.concurrency = 4;
    EmbeddingSettings embedding;
    embedding.dimensions = 64; // small vectors keep the run fast; sent as `dimensions`

    constexpr int kInputs = 10000;
    constexpr int kBatch = 100;
    QStringList texts;
    QSet<int> poisoned;
    for (int i = 0; i < kInputs; ++i) {
        if (i % 1999 == 7) {
            texts << QStringLiteral("상품 %1 POISON 재고 없음").arg(i);
            poisoned.insert(i);
        } else {
            texts << QStringLiteral("상품 %1: wireless earbuds model %2, 배터리 %3시간")
                         .arg(i)
                         .arg(i * 7919 % 10007)
                         .arg(i % 48);
        }
    }

    ClientHarness h(api, embedding);
    QElapsedTimer timer;
    timer.start();
    QVector<quint64> tickets;
    for (int b = 0; b < kInputs / kBatch; ++b)
        tickets.append(h.submit(texts.mid(b * kBatch, kBatch)));
    QVERIFY(waitForAll(h, 180000));
    const qint64 elapsed = timer.elapsed();

    QCOMPARE(h.finished.size(), tickets.size());
    int good = 0;
    for (int b = 0; b < tickets.size(); ++b) {
        QCOMPARE(h.finishedCount.value(tickets[b]), 1);
        const QVector<InputOutcome> outcomes = h.finished.value(tickets[b]);
        QCOMPARE(outcomes.size(), kBatch);
        for (int k = 0; k < kBatch; ++k) {
            const int i = b * kBatch + k;
            const InputOutcome& o = outcomes[k];
            if (poisoned.contains(i)) {
                QVERIFY(!o.ok);
                QCOMPARE(o.error.kind, ApiError::Kind::Permanent);
                QCOMPARE(o.error.httpStatus, 400);
                QVERIFY2(o.error.message.contains(QLatin1String("bad-input")), qPrintable(o.error.message));
            } else {
                QVERIFY2(o.ok, qPrintable(QStringLiteral("input %1: %2").arg(i).arg(o.error.toString())));
                if (o.vector != EmbeddingSimulator::deterministicVector(texts[i].toUtf8(), 64))
                    QFAIL(qPrintable(QStringLiteral("input %1 got a wrong vector").arg(i)));
                ++good;
            }
        }
    }
    QCOMPARE(good, kInputs - int(poisoned.size()));

    // The simulator's own accounting: every good input served exactly once, no bad one.
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.servedCount.size(), good);
    for (int i = 0; i < kInputs; ++i) {
        const int served = stats.servedCount.value(texts[i].toUtf8());
        if (served != (poisoned.contains(i) ? 0 : 1))
            QFAIL(qPrintable(QStringLiteral("input %1 was served %2 times").arg(i).arg(served)));
    }
    QCOMPARE(stats.inputsAccepted, quint64(good));
    // Every fault kind really happened.
    for (const char* fault : {"429", "500", "503", "hang", "reset", "malformed", "count", "dims", "nan",
                              "index", "shuffle", "bad-input"})
        QVERIFY2(stats.faults(QLatin1String(fault)) > 0, fault);
    qInfo("10,000 inputs: %llu requests, %d retries, %lld ms; faults: %s", stats.embeddingRequests,
          int(h.retries.size()), elapsed, qPrintable([&] {
              QStringList parts;
              for (auto it = stats.faultsInjected.begin(); it != stats.faultsInjected.end(); ++it)
                  parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
              return parts.join(QLatin1Char(' '));
          }()));
}

void TestClientSoak::requestRateStaysWithinLimit()
{
    constexpr double kRpm = 3000; // 50/s: a burst of 50, then one every 20 ms
    SimulatorOptions options;
    options.rpm = kRpm;
    options.dimensions = 16;
    options.nativeModelDimensions = false;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.requestsPerMinute = kRpm;
    api.concurrency = 8;
    EmbeddingSettings embedding;
    embedding.model = QStringLiteral("sim-model");

    ClientHarness h(api, embedding);
    constexpr int kRequests = 160;
    for (int i = 0; i < kRequests; ++i)
        h.submit({QStringLiteral("rate probe %1").arg(i)});
    QVERIFY(waitForAll(h, 60000));

    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.embeddingRequests, quint64(kRequests));
    QCOMPARE(stats.responses(429), 0u);
    QVERIFY(stats.maxRequestsInWindow(60000) <= kRpm);
    const auto a = arrivals(stats);
    const double excess = worstExcess(a, false, kRpm / 60.0, kRpm / 60000.0, 50);
    QVERIFY2(excess <= 0, qPrintable(QStringLiteral("%1 requests over the limit").arg(excess)));
    const double span = double(a.last().first - a.first().first);
    const double sustained = (kRequests - kRpm / 60.0) / (span / 1000.0);
    qInfo("rpm limit %.0f (%.1f/s): after the burst the simulator measured %.1f requests/s", kRpm,
          kRpm / 60.0, sustained);
    QVERIFY(sustained <= kRpm / 60.0 * 1.1);
}

void TestClientSoak::tokenRateStaysWithinLimit()
{
    constexpr double kTpm = 120000; // 2,000 tokens/s, a bucket of 2,000
    SimulatorOptions options;
    options.tpm = kTpm;
    options.dimensions = 16;
    options.nativeModelDimensions = false;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.tokensPerMinute = kTpm;
    api.concurrency = 8;
    EmbeddingSettings embedding;
    embedding.model = QStringLiteral("sim-model");

    ClientHarness h(api, embedding);
    qint64 submitted = 0;
    for (int b = 0; b < 60; ++b) {
        QStringList texts;
        for (int i = 0; i < 10; ++i)
            texts << QStringLiteral("token rate probe %1 %2 with a few more words to count").arg(b).arg(i);
        for (const EmbeddingInput& input : ClientHarness::inputsOf(texts))
            submitted += input.tokens;
        h.submit(texts);
    }
    QVERIFY(submitted > 3 * kTpm / 60.0); // several seconds' worth
    QVERIFY(waitForAll(h, 60000));

    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.responses(429), 0u);
    QCOMPARE(qint64(stats.tokens), submitted);
    QVERIFY(stats.maxTokensInWindow(60000) <= kTpm);
    const auto a = arrivals(stats);
    const double excess = worstExcess(a, true, kTpm / 60.0, kTpm / 60000.0, 50);
    QVERIFY2(excess <= 0, qPrintable(QStringLiteral("%1 tokens over the limit").arg(excess)));
    const double span = double(a.last().first - a.first().first);
    qInfo("tpm limit %.0f (%.0f/s): the simulator measured %.0f tokens/s after the burst", kTpm, kTpm / 60.0,
          (double(submitted) - kTpm / 60.0) / (span / 1000.0));
}

void TestClientSoak::tightensToTheServersLimit()
{
    constexpr double kServerRpm = 1200; // 20/s; the client is configured without limits
    SimulatorOptions options;
    options.rpm = kServerRpm;
    options.dimensions = 16;
    options.nativeModelDimensions = false;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.concurrency = 4;
    EmbeddingSettings embedding;
    embedding.model = QStringLiteral("sim-model");

    ClientHarness h(api, embedding);
    constexpr int kRequests = 60;
    for (int i = 0; i < kRequests; ++i)
        h.submit({QStringLiteral("learn %1").arg(i)});
    QVERIFY(waitForAll(h, 60000));
    QVERIFY(!h.limits.isEmpty());
    QCOMPARE(h.limits.last().headerRpm, kServerRpm);
    QCOMPARE(h.limits.last().effectiveRpm, kServerRpm);
    // Once the first answers are in, the client paces itself at the server's 20/s: beyond the
    // requests sent before any header arrived (the concurrency), a burst of 20, then 20/s.
    const auto a = arrivals(sim.stats());
    QCOMPARE(a.size(), kRequests);
    const double excess =
        worstExcess(a, false, kServerRpm / 60.0 + api.concurrency, kServerRpm / 60000.0, 50);
    QVERIFY2(excess <= 0, qPrintable(QStringLiteral("%1 requests over the learned limit").arg(excess)));
}

QTEST_GUILESS_MAIN(TestClientSoak)
#include "tst_client_soak.moc"
