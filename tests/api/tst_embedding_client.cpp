// EmbeddingClient against the simulator over real loopback HTTP: decoding, auth and URLs,
// `dimensions`, response validation, bisection, error classification, retries, abort,
// concurrency and secrecy of the API key.

#include "ClientHarness.h"
#include "SimulatorFixture.h"
#include "sim/EmbeddingSimulator.h"
#include "util/Logging.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace ec;
using ec::test::ClientHarness;
using ec::test::SimulatorFixture;

namespace {

const QStringList kTexts{
    QStringLiteral("무선 블루투스 이어폰 노이즈 캔슬링 32시간 재생"),
    QStringLiteral("Stainless steel water bottle, 750 ml, keeps drinks cold for 24h"),
    QStringLiteral("emoji 👩‍👩‍👧‍👦 🇰🇷 and combining e\u0301"),
    QStringLiteral("tabs\tand\nnewlines \"quoted\" \\ backslash"),
    QStringLiteral("日本語の説明文と English mixed"),
    QStringLiteral("12345678901234567890 digits"),
};

SimulatorOptions simOptions(const QString& faults = {})
{
    SimulatorOptions o;
    if (!faults.isEmpty())
        o.faults = QStringList{faults};
    return o;
}

bool waitForAll(ClientHarness& h, int timeoutMs = 30000)
{
    return QTest::qWaitFor([&] { return h.client.pendingTickets() == 0; }, timeoutMs);
}

QStringList numbered(const QString& prefix, int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("%1 %2").arg(prefix).arg(i);
    return out;
}

QString longText(int words)
{
    QString s;
    for (int i = 0; i < words; ++i)
        s += QStringLiteral(" hello");
    return s;
}

/// Captures every log message while alive.
class LogCapture
{
public:
    LogCapture()
    {
        s_messages.clear();
        m_previous = qInstallMessageHandler(&LogCapture::handler);
        QLoggingCategory::setFilterRules(QStringLiteral("ec.*.debug=true"));
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    static const QStringList& messages() { return s_messages; }

private:
    static void handler(QtMsgType, const QMessageLogContext&, const QString& message)
    {
        s_messages.append(message);
    }
    static inline QStringList s_messages;
    QtMessageHandler m_previous = nullptr;
};

} // namespace

class TestEmbeddingClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesBase64AndFloat_data();
    void decodesBase64AndFloat();
    void sendsDimensionsOnlyWhenConfigured();
    void bearerAndAzure();
    void validationRejectsEachBadResponse_data();
    void validationRejectsEachBadResponse();
    void shuffledResponseMapsBack();
    void bisectionIsolatesBadInputs();
    void errorClassification_data();
    void errorClassification();
    void retriesHonourRetryAfter();
    void backoffWithoutRetryAfter();
    void recoversFromTransientFaults();
    void abortAll();
    void concurrencyLimit();
    void emptyInputsAndSplitting();
    void reportsRateLimitHeaders();
    void apiKeyNeverLeaks();
};

void TestEmbeddingClient::decodesBase64AndFloat_data()
{
    QTest::addColumn<bool>("base64");
    QTest::newRow("base64") << true;
    QTest::newRow("float") << false;
}

void TestEmbeddingClient::decodesBase64AndFloat()
{
    QFETCH(bool, base64);
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.base64 = base64;
    ClientHarness h(api);
    const quint64 ticket = h.submit(kTexts);
    QVERIFY(waitForAll(h));
    QCOMPARE(h.finishedCount.value(ticket), 1);
    const QVector<InputOutcome> outcomes = h.finished.value(ticket);
    QCOMPARE(outcomes.size(), kTexts.size());
    for (int i = 0; i < kTexts.size(); ++i) {
        QVERIFY2(outcomes[i].ok, qPrintable(outcomes[i].error.toString()));
        QCOMPARE(outcomes[i].vector, EmbeddingSimulator::deterministicVector(kTexts[i].toUtf8(), 1536));
    }
    QCOMPARE(h.requests.size(), 1);
    QVERIFY(h.requests[0].ok);
    QCOMPARE(h.requests[0].httpStatus, 200);
    QCOMPARE(h.requests[0].inputs, kTexts.size());
    QCOMPARE(h.requests[0].attempt, 1);
    int tokens = 0;
    for (const EmbeddingInput& input : ClientHarness::inputsOf(kTexts))
        tokens += input.tokens;
    QCOMPARE(h.requests[0].tokens, tokens);
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.tokens, quint64(tokens)); // the simulator's own usage agrees
    QCOMPARE(stats.requestLog.first().encodingFormat,
             base64 ? QStringLiteral("base64") : QStringLiteral("float"));
    QCOMPARE(h.client.inFlight(), 0);
    QCOMPARE(h.client.queued(), 0);
}

void TestEmbeddingClient::sendsDimensionsOnlyWhenConfigured()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    struct Case
    {
        int configured;
        int sent;
        int length;
    };
    for (const Case c : {Case{0, 0, 1536}, Case{256, 256, 256}, Case{1536, 0, 1536}}) {
        sim.resetStats();
        EmbeddingSettings embedding;
        embedding.dimensions = c.configured;
        ClientHarness h(sim.apiSettings(), embedding);
        const quint64 ticket = h.submit({QStringLiteral("dimension probe")});
        QVERIFY(waitForAll(h));
        const InputOutcome outcome = h.finished.value(ticket).value(0);
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.vector, EmbeddingSimulator::deterministicVector("dimension probe", c.length));
        QCOMPARE(sim.stats().requestLog.first().dimensions, c.sent);
    }
}

void TestEmbeddingClient::bearerAndAzure()
{
    SimulatorOptions options;
    options.requiredApiKey = QStringLiteral("sk-sim-bearer-and-azure-1");
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));

    ApiSettings api = sim.apiSettings();
    api.apiKey = options.requiredApiKey;
    {
        ClientHarness h(api);
        const quint64 t = h.submit({QStringLiteral("openai flavor")});
        QVERIFY(waitForAll(h));
        QVERIFY(h.finished.value(t).value(0).ok);
        const SimulatorRequestRecord r = sim.stats().requestLog.last();
        QCOMPARE(r.target, QByteArray("/v1/embeddings"));
        QCOMPARE(r.auth, QStringLiteral("bearer"));
    }
    {
        ApiSettings azure = api;
        azure.flavor = ApiFlavor::Azure;
        azure.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(sim.port()));
        ClientHarness h(azure);
        QCOMPARE(h.client.endpoint().toString(),
                 QStringLiteral("http://127.0.0.1:%1/openai/deployments/text-embedding-3-small/embeddings"
                                "?api-version=2024-02-01")
                     .arg(sim.port()));
        const quint64 t = h.submit({QStringLiteral("azure flavor")});
        QVERIFY(waitForAll(h));
        const InputOutcome outcome = h.finished.value(t).value(0);
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.vector, EmbeddingSimulator::deterministicVector("azure flavor", 1536));
        const SimulatorRequestRecord r = sim.stats().requestLog.last();
        QCOMPARE(r.target,
                 QByteArray("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-02-01"));
        QCOMPARE(r.auth, QStringLiteral("api-key"));
    }
    {
        ApiSettings wrong = api;
        wrong.apiKey = QStringLiteral("sk-wrong-key-xyz-000");
        ClientHarness h(wrong);
        const quint64 t = h.submit({QStringLiteral("refused")});
        QVERIFY(waitForAll(h));
        const InputOutcome outcome = h.finished.value(t).value(0);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.kind, ApiError::Kind::Permanent);
        QCOMPARE(outcome.error.httpStatus, 401);
        QCOMPARE(outcome.error.code, QStringLiteral("invalid_api_key"));
        QVERIFY(outcome.error.message.startsWith(QLatin1String("Incorrect API key provided")));
        QCOMPARE(h.requests.size(), 1); // permanent: not retried
    }
}

void TestEmbeddingClient::validationRejectsEachBadResponse_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("reason");
    QTest::newRow("malformed") << QStringLiteral("malformed") << QStringLiteral("malformed JSON");
    QTest::newRow("count") << QStringLiteral("count") << QStringLiteral("expected 3 embeddings, got 2");
    QTest::newRow("dims") << QStringLiteral("dims") << QStringLiteral("has 1535 dimensions, expected 1536");
    QTest::newRow("nan") << QStringLiteral("nan") << QStringLiteral("non-finite");
    QTest::newRow("index") << QStringLiteral("index") << QStringLiteral("appears more than once");
}

void TestEmbeddingClient::validationRejectsEachBadResponse()
{
    QFETCH(QString, fault);
    QFETCH(QString, reason);
    SimulatorFixture sim(simOptions(fault + QStringLiteral(":1")));
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    for (bool base64 : {true, false}) {
        sim.resetStats();
        ApiSettings api = sim.apiSettings();
        api.base64 = base64;
        api.maxRetries = 2;
        ClientHarness h(api);
        const quint64 t = h.submit({QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")});
        QVERIFY(waitForAll(h));
        const QVector<InputOutcome> outcomes = h.finished.value(t);
        QCOMPARE(outcomes.size(), 3);
        for (const InputOutcome& o : outcomes) {
            QVERIFY(!o.ok);
            QVERIFY(o.vector.isEmpty());
            QCOMPARE(o.error.kind, ApiError::Kind::Retryable);
            QCOMPARE(o.error.type, QStringLiteral("invalid_response"));
            if (base64 || fault != QLatin1String("nan")) // float NaN is a bare token: malformed JSON
                QVERIFY2(o.error.message.contains(reason), qPrintable(o.error.message));
        }
        QCOMPARE(h.requests.size(), 3); // one send and two retries, none accepted
        for (const RequestStats& r : h.requests) {
            QVERIFY(!r.ok);
            QCOMPARE(r.httpStatus, 200);
        }
        QCOMPARE(sim.stats().faults(fault), 3u);
    }
}

void TestEmbeddingClient::shuffledResponseMapsBack()
{
    SimulatorFixture sim(simOptions(QStringLiteral("shuffle:1")));
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ClientHarness h(sim.apiSettings());
    const quint64 t = h.submit(kTexts);
    QVERIFY(waitForAll(h));
    const QVector<InputOutcome> outcomes = h.finished.value(t);
    for (int i = 0; i < kTexts.size(); ++i) {
        QVERIFY(outcomes[i].ok);
        QCOMPARE(outcomes[i].vector, EmbeddingSimulator::deterministicVector(kTexts[i].toUtf8(), 1536));
    }
    QCOMPARE(sim.stats().faults(QStringLiteral("shuffle")), 1u);
}

void TestEmbeddingClient::bisectionIsolatesBadInputs()
{
    SimulatorFixture sim(simOptions(QStringLiteral("bad-input:POISON")));
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    QStringList texts = numbered(QStringLiteral("catalog item"), 16);
    texts[3] = QStringLiteral("item with POISON inside");
    texts[11] = QStringLiteral("another POISONous one");
    ClientHarness h(sim.apiSettings());
    const quint64 t = h.submit(texts);
    QVERIFY(waitForAll(h));
    QCOMPARE(h.finishedCount.value(t), 1);
    const QVector<InputOutcome> outcomes = h.finished.value(t);
    QCOMPARE(outcomes.size(), 16);
    for (int i = 0; i < 16; ++i) {
        if (i == 3 || i == 11) {
            QVERIFY(!outcomes[i].ok);
            QCOMPARE(outcomes[i].error.kind, ApiError::Kind::Permanent);
            QCOMPARE(outcomes[i].error.httpStatus, 400);
            QCOMPARE(outcomes[i].error.param, QStringLiteral("input"));
            // The API's message for the input standing alone.
            QVERIFY2(outcomes[i].error.message.startsWith(QLatin1String("Invalid 'input[0]'")),
                     qPrintable(outcomes[i].error.message));
            QVERIFY(outcomes[i].error.message.contains(QLatin1String("bad-input")));
        } else {
            QVERIFY2(outcomes[i].ok, qPrintable(outcomes[i].error.toString()));
            QCOMPARE(outcomes[i].vector, EmbeddingSimulator::deterministicVector(texts[i].toUtf8(), 1536));
        }
    }
    const SimulatorStats stats = sim.stats();
    for (int i = 0; i < 16; ++i)
        QCOMPARE(stats.servedCount.value(texts[i].toUtf8()), (i == 3 || i == 11) ? 0 : 1);
    // 16 → 8 → 4 → 2 → 1 for each bad input: at most 1 + 2 * 4 * 2 requests.
    QVERIFY2(stats.embeddingRequests <= 17, qPrintable(QString::number(stats.embeddingRequests)));
    QVERIFY(
        std::any_of(h.requests.begin(), h.requests.end(), [](const RequestStats& r) { return r.bisected; }));
    QVERIFY(h.retries.isEmpty()); // a 400 is never retried as such
}

void TestEmbeddingClient::errorClassification_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    const int retryable = int(ApiError::Kind::Retryable);
    const int permanent = int(ApiError::Kind::Permanent);
    QTest::newRow("500") << QStringLiteral("500") << retryable << 500 << QStringLiteral("server_error");
    QTest::newRow("503") << QStringLiteral("503") << retryable << 503 << QStringLiteral("server_error");
    QTest::newRow("429") << QStringLiteral("429") << retryable << 429 << QStringLiteral("requests");
    QTest::newRow("timeout") << QStringLiteral("hang") << retryable << 0 << QStringLiteral("timeout");
    QTest::newRow("reset") << QStringLiteral("reset") << retryable << 0 << QString();
    QTest::newRow("refused") << QStringLiteral("refused") << retryable << 0
                             << QStringLiteral("connection_refused");
    QTest::newRow("malformed") << QStringLiteral("malformed") << retryable << 200
                               << QStringLiteral("invalid_response");
    QTest::newRow("401") << QStringLiteral("401") << permanent << 401
                         << QStringLiteral("invalid_request_error");
    QTest::newRow("404") << QStringLiteral("404") << permanent << 404
                         << QStringLiteral("invalid_request_error");
    QTest::newRow("400") << QStringLiteral("400") << permanent << 400
                         << QStringLiteral("invalid_request_error");
}

void TestEmbeddingClient::errorClassification()
{
    QFETCH(QString, scenario);
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QString, type);

    SimulatorOptions options;
    const QStringList faultScenarios{QStringLiteral("500"),   QStringLiteral("503"),
                                     QStringLiteral("429"),   QStringLiteral("hang"),
                                     QStringLiteral("reset"), QStringLiteral("malformed")};
    if (faultScenarios.contains(scenario))
        options.faults = QStringList{scenario + QStringLiteral(":1")};
    options.hangMs = 5000;
    if (scenario == QLatin1String("401"))
        options.requiredApiKey = QStringLiteral("sk-right-key-123");
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));

    ApiSettings api = sim.apiSettings();
    api.maxRetries = 0;
    api.requestTimeoutMs = 300;
    if (scenario == QLatin1String("401"))
        api.apiKey = QStringLiteral("sk-wrong-key-456");
    if (scenario == QLatin1String("404"))
        api.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v2").arg(sim.port()));
    if (scenario == QLatin1String("refused")) {
        QTcpServer probe; // a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        api.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(probe.serverPort()));
    }
    const QString text = scenario == QLatin1String("400") ? longText(8300) : QStringLiteral("classified");

    ClientHarness h(api);
    const quint64 t = h.submit({text, QStringLiteral("second input")});
    QVERIFY(waitForAll(h, 20000));
    const QVector<InputOutcome> outcomes = h.finished.value(t);
    QCOMPARE(outcomes.size(), 2);
    const ApiError error = outcomes[0].error;
    QVERIFY(!outcomes[0].ok);
    QCOMPARE(int(error.kind), kind);
    QCOMPARE(error.httpStatus, status);
    if (!type.isEmpty())
        QCOMPARE(error.type, type);
    QVERIFY(!error.message.isEmpty());
    if (scenario == QLatin1String("400")) {
        // Bisected: the long input fails with the API's message, the other one succeeds.
        QVERIFY(error.message.contains(QLatin1String("maximum context length is 8192 tokens")));
        QVERIFY(outcomes[1].ok);
    } else {
        QVERIFY(!outcomes[1].ok);
        QCOMPARE(outcomes[1].error.kind, error.kind);
    }
    if (scenario == QLatin1String("429"))
        QVERIFY(h.requests.first().was429);
}

void TestEmbeddingClient::retriesHonourRetryAfter()
{
    SimulatorOptions options = simOptions(QStringLiteral("429:1"));
    options.injectedRetryAfterMs = 150;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.maxRetries = 2;
    ClientHarness h(api);
    const quint64 t = h.submit({QStringLiteral("always limited")});
    QVERIFY(waitForAll(h));
    const InputOutcome outcome = h.finished.value(t).value(0);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error.httpStatus, 429);
    QCOMPARE(outcome.error.code, QStringLiteral("rate_limit_exceeded"));

    QCOMPARE(h.requests.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(h.requests[i].attempt, i + 1);
        QVERIFY(h.requests[i].was429);
        QCOMPARE(h.requests[i].retried, i < 2);
    }
    QCOMPARE(h.retries.size(), 2);
    for (const RetryNotice& n : h.retries) {
        QCOMPARE(n.delayMs, 150);
        QVERIFY(n.honoursRetryAfter);
        QCOMPARE(n.ticket, t);
    }
    QCOMPARE(h.retries[0].nextAttempt, 2);
    // The simulator saw the retries no sooner than the server asked.
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.requestLog.size(), 3);
    for (int i = 1; i < 3; ++i) {
        const qint64 gap = stats.requestLog[i].atMs - stats.requestLog[i - 1].atMs;
        QVERIFY2(gap >= 145, qPrintable(QString::number(gap)));
    }
}

void TestEmbeddingClient::backoffWithoutRetryAfter()
{
    SimulatorFixture sim(simOptions(QStringLiteral("500:1")));
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.maxRetries = 4;
    api.backoffBaseMs = 40;
    api.backoffMaxMs = 100;
    ClientHarness h(api);
    h.submit({QStringLiteral("server keeps failing")});
    QVERIFY(waitForAll(h));
    QCOMPARE(h.retries.size(), 4);
    const qint64 ceilings[] = {40, 80, 100, 100};
    for (int i = 0; i < 4; ++i) {
        QVERIFY(!h.retries[i].honoursRetryAfter);
        QVERIFY(h.retries[i].delayMs >= 0 && h.retries[i].delayMs <= ceilings[i]);
        QCOMPARE(h.retries[i].error.httpStatus, 500);
    }
    QCOMPARE(sim.stats().responses(500), 5u);
}

void TestEmbeddingClient::recoversFromTransientFaults()
{
    SimulatorOptions options;
    options.failRate = 0.5;
    options.seed = 99;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.maxRetries = 25;
    ClientHarness h(api);
    QVector<quint64> tickets;
    for (int b = 0; b < 10; ++b)
        tickets.append(h.submit(numbered(QStringLiteral("batch %1 item").arg(b), 10)));
    QVERIFY(waitForAll(h));
    for (int b = 0; b < 10; ++b) {
        QCOMPARE(h.finishedCount.value(tickets[b]), 1);
        for (const InputOutcome& o : h.finished.value(tickets[b]))
            QVERIFY2(o.ok, qPrintable(o.error.toString()));
    }
    QVERIFY(!h.retries.isEmpty());
    QCOMPARE(sim.stats().inputsAccepted, 100u);
}

void TestEmbeddingClient::abortAll()
{
    SimulatorOptions options;
    options.latencyMs = 400;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.concurrency = 1;
    ClientHarness h(api);
    QSignalSpy finished(&h.client, &EmbeddingClient::batchFinished);
    const quint64 a = h.submit({QStringLiteral("a1"), QStringLiteral("a2")});
    const quint64 b = h.submit({QStringLiteral("b1")});
    const quint64 c = h.submit({QStringLiteral("c1")});
    QTRY_COMPARE_WITH_TIMEOUT(sim.stats().embeddingRequests, 1u, 10000);
    QCOMPARE(h.client.inFlight(), 1);
    QCOMPARE(h.client.queued(), 2);
    QCOMPARE(finished.count(), 0);

    h.client.abortAll();
    QCOMPARE(finished.count(), 3); // before abortAll() returns
    QCOMPARE(h.client.inFlight(), 0);
    QCOMPARE(h.client.queued(), 0);
    QCOMPARE(h.client.pendingTickets(), 0);
    for (quint64 t : {a, b, c}) {
        QCOMPARE(h.finishedCount.value(t), 1);
        for (const InputOutcome& o : h.finished.value(t)) {
            QVERIFY(!o.ok);
            QCOMPARE(o.error.kind, ApiError::Kind::Aborted);
        }
    }
    QCOMPARE(h.finished.value(a).size(), 2);
    // The aborted request's response (latency 400 ms) never turns into a second answer.
    QTest::qWait(600);
    QCOMPARE(finished.count(), 3);

    // The client keeps working afterwards.
    const quint64 d = h.submit({QStringLiteral("after abort")});
    QVERIFY(waitForAll(h));
    QVERIFY(h.finished.value(d).value(0).ok);
}

void TestEmbeddingClient::concurrencyLimit()
{
    SimulatorOptions options;
    options.latencyMs = 100;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    for (int concurrency : {2, 4}) {
        sim.resetStats();
        ApiSettings api = sim.apiSettings();
        api.concurrency = concurrency;
        ClientHarness h(api);
        for (int i = 0; i < 12; ++i)
            h.submit({QStringLiteral("c%1 %2").arg(concurrency).arg(i)});
        // Slow start: one request until the first success, then the window opens to the limit.
        QCOMPARE(h.client.inFlight(), 1);
        QCOMPARE(h.client.queued(), 11);
        QVERIFY(waitForAll(h));
        QCOMPARE(h.maxInFlight, concurrency);
        QVERIFY(sim.stats().peakInFlight <= concurrency);
        QCOMPARE(h.finished.size(), 12);
    }
}

void TestEmbeddingClient::emptyInputsAndSplitting()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ClientHarness h(sim.apiSettings());
    QSignalSpy finished(&h.client, &EmbeddingClient::batchFinished);

    const quint64 empty = h.client.submit({});
    QCOMPARE(finished.count(), 0); // never before submit() returns
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(h.finished.value(empty).size(), 0);

    QVector<EmbeddingInput> inputs =
        ClientHarness::inputsOf({QStringLiteral("x1"), QString(), QStringLiteral("x3")});
    const quint64 mixed = h.client.submit(inputs);
    QVERIFY(waitForAll(h));
    const QVector<InputOutcome> outcomes = h.finished.value(mixed);
    QVERIFY(outcomes[0].ok);
    QVERIFY(!outcomes[1].ok);
    QCOMPARE(outcomes[1].error.kind, ApiError::Kind::Permanent);
    QVERIFY(outcomes[2].ok);
    QCOMPARE(sim.stats().inputsReceived, 2u); // the empty one was never sent

    // Batches above the per-request limits are split: by inputs, then by tokens.
    sim.resetStats();
    h.client.setRequestLimits(3, 1000);
    const quint64 split = h.submit(numbered(QStringLiteral("split"), 10));
    QVERIFY(waitForAll(h));
    QCOMPARE(h.finished.value(split).size(), 10);
    QCOMPARE(sim.stats().embeddingRequests, 4u);
    sim.resetStats();
    const QStringList five = numbered(QStringLiteral("split"), 5);
    h.client.setRequestLimits(100, 2 * ClientHarness::inputsOf(five).first().tokens); // two per request
    const quint64 byTokens = h.submit(five);
    QVERIFY(waitForAll(h));
    for (const InputOutcome& o : h.finished.value(byTokens))
        QVERIFY(o.ok);
    QCOMPARE(sim.stats().embeddingRequests, 3u);
}

void TestEmbeddingClient::reportsRateLimitHeaders()
{
    SimulatorOptions options;
    options.rpm = 6000;
    options.tpm = 1000000;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.requestsPerMinute = 100000;
    api.tokensPerMinute = 0;
    ClientHarness h(api);
    h.submit({QStringLiteral("limits please")});
    QVERIFY(waitForAll(h));
    QVERIFY(!h.limits.isEmpty());
    const RateLimitSnapshot s = h.limits.last();
    QCOMPARE(s.configuredRpm, 100000.0);
    QCOMPARE(s.headerRpm, 6000.0);
    QCOMPARE(s.effectiveRpm, 6000.0);
    QCOMPARE(s.headerTpm, 1000000.0);
    QCOMPARE(s.effectiveTpm, 1000000.0);
    QCOMPARE(s.remainingRequests, 5999);
    QCOMPARE(s.remainingTokens, 1000000 - 2);
    QVERIFY(s.resetRequestsMs > 0 && s.resetRequestsMs <= 60000);
    QCOMPARE(h.client.rateLimits().effectiveRpm, 6000.0);
}

void TestEmbeddingClient::apiKeyNeverLeaks()
{
    const QString key = QStringLiteral("sk-leak-test-0123456789abcdef");
    // The simulator echoes the offending substring (here the key itself) in its 400 message.
    SimulatorOptions options = simOptions(QStringLiteral("bad-input:") + key + QStringLiteral(",500:0.5"));
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    ApiSettings api = sim.apiSettings();
    api.apiKey = key;
    api.baseUrl = QUrl(QStringLiteral("http://user:%1@127.0.0.1:%2/v1").arg(key).arg(sim.port()));
    LogCapture logs;
    {
        ClientHarness h(api);
        const quint64 t = h.submit({QStringLiteral("harmless"), QStringLiteral("contains ") + key});
        QVERIFY(waitForAll(h));
        const QVector<InputOutcome> outcomes = h.finished.value(t);
        QVERIFY(outcomes[0].ok);
        QVERIFY(!outcomes[1].ok);
        QCOMPARE(outcomes[1].error.httpStatus, 400);
        QVERIFY(outcomes[1].error.message.contains(QLatin1String("***")));
        for (const InputOutcome& o : outcomes)
            QVERIFY(!o.error.toString().contains(key));
        for (const RequestStats& r : h.requests)
            QVERIFY(!r.error.toString().contains(key));
        for (const RetryNotice& n : h.retries)
            QVERIFY(!n.error.toString().contains(key));
        QVERIFY(!h.requests.isEmpty());
    }
    QVERIFY(!LogCapture::messages().isEmpty()); // debug logging was on
    for (const QString& line : LogCapture::messages())
        QVERIFY2(!line.contains(key), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestEmbeddingClient)
#include "tst_embedding_client.moc"
