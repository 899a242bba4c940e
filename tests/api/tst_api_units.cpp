// The pieces of the embedding client on their own: header parsing, error classification,
// retry policy, the rate limiter on a fake clock, the response decoder and the request builder.

#include "api/ApiError.h"
#include "api/RateLimitHeaders.h"
#include "api/RateLimiter.h"
#include "api/RequestBuilder.h"
#include "api/ResponseDecoder.h"
#include "api/RetryPolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace ec;

namespace {

QString base64Of(const QVector<float>& v)
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(v.constData()), v.size() * 4).toBase64());
}

QByteArray responseBody(const QJsonArray& data)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                           {QStringLiteral("data"), data},
                           {QStringLiteral("model"), QStringLiteral("m")},
                           {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), 7},
                                                                 {QStringLiteral("total_tokens"), 7}}}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject item(int index, const QJsonValue& embedding)
{
    return QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                       {QStringLiteral("index"), index},
                       {QStringLiteral("embedding"), embedding}};
}

QJsonArray floats(const QVector<float>& v)
{
    QJsonArray a;
    for (float f : v)
        a.append(double(f));
    return a;
}

/// Admits requests greedily on a fake clock, stepping to each delay the limiter asks for.
struct FakeClock
{
    qint64 now = 1000;
};

} // namespace

class TestApiUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void durations_data();
    void durations();
    void retryAfter();
    void rateLimitHeaders();
    void statusClassification_data();
    void statusClassification();
    void errorBodies();
    void errorMeanings_data();
    void errorMeanings();
    void networkErrors();
    void retryPolicy();
    void limiterConcurrency();
    void limiterPacesRequests();
    void limiterNeverExceedsASlidingMinute();
    void limiterTokensAndOversizeRequests();
    void limiterLearnsFromHeaders();
    void limiterPause();
    void decoderAcceptsBase64AndFloat();
    void decoderRejects_data();
    void decoderRejects();
    void decoderDimensionsConsistentWhenUnknown();
    void builderBody();
    void builderEscapesEveryText();
    void builderUrlsAndHeaders();
};

void TestApiUnits::durations_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("1s") << QByteArray("1s") << 1000LL;
    QTest::newRow("6m0s") << QByteArray("6m0s") << 360000LL;
    QTest::newRow("20ms") << QByteArray("20ms") << 20LL;
    QTest::newRow("1.5s") << QByteArray("1.5s") << 1500LL;
    QTest::newRow("0.058s") << QByteArray("0.058s") << 58LL;
    QTest::newRow("1h2m3.5s") << QByteArray("1h2m3.5s") << 3723500LL;
    QTest::newRow("500us rounds up") << QByteArray("500us") << 1LL;
    QTest::newRow("0s") << QByteArray("0s") << 0LL;
    QTest::newRow("bare seconds") << QByteArray("2") << 2000LL;
    QTest::newRow("spaces") << QByteArray(" 7s ") << 7000LL;
}

void TestApiUnits::durations()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, ms);
    const auto parsed = parseDurationMs(text);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, ms);

    QVERIFY(!parseDurationMs("").has_value());
    QVERIFY(!parseDurationMs("soon").has_value());
    QVERIFY(!parseDurationMs("5x").has_value());
    QVERIFY(!parseDurationMs("-1s").has_value());
    for (qint64 value : {0LL, 20LL, 999LL, 1000LL, 1500LL, 59999LL, 60000LL, 360000LL, 3723500LL})
        QCOMPARE(parseDurationMs(formatDuration(value)).value_or(-1), value);
    QCOMPARE(formatDuration(20), QByteArray("20ms"));
    QCOMPARE(formatDuration(360000), QByteArray("6m0s"));
}

void TestApiUnits::retryAfter()
{
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 30), QTimeZone::utc());
    QCOMPARE(parseRetryAfterMs("2", now).value_or(-1), 2000);
    QCOMPARE(parseRetryAfterMs("0.25", now).value_or(-1), 250);
    QCOMPARE(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", now).value_or(-1), 30000);
    QCOMPARE(parseRetryAfterMs("Wed, 21 Oct 2015 07:00:00 GMT", now).value_or(-1), 0); // in the past
    QVERIFY(!parseRetryAfterMs("later", now).has_value());
}

void TestApiUnits::rateLimitHeaders()
{
    QHash<QByteArray, QByteArray> h{{"x-ratelimit-limit-requests", "3000"},
                                    {"x-ratelimit-limit-tokens", "1000000"},
                                    {"x-ratelimit-remaining-requests", "2999"},
                                    {"x-ratelimit-remaining-tokens", "999000"},
                                    {"x-ratelimit-reset-requests", "20ms"},
                                    {"x-ratelimit-reset-tokens", "6m0s"},
                                    {"retry-after", "3"},
                                    {"retry-after-ms", "1234.5"}};
    RateLimitHeaders parsed = RateLimitHeaders::parse([&](const QByteArray& n) { return h.value(n); });
    QCOMPARE(parsed.limitRequests.value_or(-1), 3000.0);
    QCOMPARE(parsed.limitTokens.value_or(-1), 1000000.0);
    QCOMPARE(parsed.remainingRequests.value_or(-1), 2999.0);
    QCOMPARE(parsed.remainingTokens.value_or(-1), 999000.0);
    QCOMPARE(parsed.resetRequestsMs.value_or(-1), 20);
    QCOMPARE(parsed.resetTokensMs.value_or(-1), 360000);
    QCOMPARE(parsed.retryAfterMs.value_or(-1), 1235); // retry-after-ms wins, rounded up
    h.remove("retry-after-ms");
    parsed = RateLimitHeaders::parse([&](const QByteArray& n) { return h.value(n); });
    QCOMPARE(parsed.retryAfterMs.value_or(-1), 3000);
    parsed = RateLimitHeaders::parse([](const QByteArray&) { return QByteArray(); });
    QVERIFY(!parsed.any());
}

void TestApiUnits::statusClassification_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retryable");
    for (int s : {408, 409, 429, 500, 502, 503, 504, 520})
        QTest::addRow("%d", s) << s << true;
    for (int s : {400, 401, 403, 404, 405, 413, 422, 451})
        QTest::addRow("%d", s) << s << false;
}

void TestApiUnits::statusClassification()
{
    QFETCH(int, status);
    QFETCH(bool, retryable);
    const ApiError error = ErrorClassifier::fromHttpResponse(status, QByteArray());
    QCOMPARE(error.isRetryable(), retryable);
    QCOMPARE(error.httpStatus, status);
    QVERIFY(!error.message.isEmpty());
}

void TestApiUnits::errorMeanings_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("remedy");
    QTest::addColumn<int>("statedLimit");
    QTest::addColumn<int>("tokensLimit");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("type");
    using R = ApiError::Remedy;
    QTest::newRow("TEI batch too large (flat body)")
        << 422
        << QByteArray(
               R"({"message":"batch size 100 > maximum allowed batch size 32","code":422,"type":"Validation"})")
        << int(R::ShrinkRequest) << 32 << 0 << false << QStringLiteral("Validation");
    QTest::newRow("TEI input over the context")
        << 422
        << QByteArray(
               R"({"message":"Input validation error: `inputs` must have less than 512 tokens. Given: 600","code":422,"type":"Validation"})")
        << int(R::TruncateInput) << 512 << 0 << false << QStringLiteral("Validation");
    QTest::newRow("TEI overloaded (native body)")
        << 429 << QByteArray(R"({"error":"Model is overloaded","error_type":"overloaded"})") << int(R::None)
        << 0 << 0 << true << QStringLiteral("overloaded");
    QTest::newRow("payload too large")
        << 413 << QByteArray() << int(R::ShrinkRequest) << 0 << 0 << false << QString();
    QTest::newRow("OpenAI quota exhausted")
        << 429
        << QByteArray(
               R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})")
        << int(R::StopRun) << 0 << 0 << false << QStringLiteral("insufficient_quota");
    QTest::newRow("OpenAI hard limit")
        << 429
        << QByteArray(
               R"({"error":{"message":"Billing hard limit has been reached","type":"invalid_request_error","param":null,"code":"billing_hard_limit_reached"}})")
        << int(R::StopRun) << 0 << 0 << false << QStringLiteral("invalid_request_error");
    QTest::newRow("OpenAI rate limit")
        << 429
        << QByteArray(
               R"({"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}})")
        << int(R::None) << 0 << 0 << true << QStringLiteral("requests");
    QTest::newRow("OpenAI context")
        << 400
        << QByteArray(
               R"({"error":{"message":"This model's maximum context length is 8192 tokens, however you requested 9000 tokens (9000 in your prompt; 0 for the completion). Please reduce your prompt; or completion length.","type":"invalid_request_error","param":null,"code":null}})")
        << int(R::TruncateInput) << 8192 << 0 << false << QStringLiteral("invalid_request_error");
    QTest::newRow("OpenAI token total")
        << 400
        << QByteArray(
               R"({"error":{"message":"Requested 350000 tokens, max 300000 tokens per request","type":"invalid_request_error","param":null,"code":"max_tokens_per_request"}})")
        << int(R::ShrinkRequest) << 0 << 300000 << false << QStringLiteral("invalid_request_error");
    QTest::newRow("unknown model")
        << 404
        << QByteArray(
               R"({"error":{"message":"The model `text-embedding-4` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}})")
        << int(R::StopRun) << 0 << 0 << false << QStringLiteral("invalid_request_error");
    QTest::newRow("bad key")
        << 401
        << QByteArray(
               R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})")
        << int(R::StopRun) << 0 << 0 << false << QStringLiteral("invalid_request_error");
    QTest::newRow("Ollama busy")
        << 503
        << QByteArray(
               R"({"error":{"message":"server busy, please try again.  maximum pending requests exceeded","type":"api_error","param":null,"code":null}})")
        << int(R::None) << 0 << 0 << true << QStringLiteral("api_error");
    QTest::newRow("vLLM context (flat body)")
        << 400
        << QByteArray(
               R"({"object":"error","message":"This model's maximum context length is 512 tokens. However, you requested 600 tokens in the input for embedding generation. Please reduce the length of the input.","type":"BadRequestError","param":null,"code":400})")
        << int(R::TruncateInput) << 512 << 0 << false << QStringLiteral("BadRequestError");
    QTest::newRow("a bad input stays the input's")
        << 400
        << QByteArray(
               R"({"error":{"message":"Invalid 'input[3]': bad.","type":"invalid_request_error","param":"input","code":"invalid_value"}})")
        << int(R::None) << 0 << 0 << false << QStringLiteral("invalid_request_error");
}

void TestApiUnits::errorMeanings()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, remedy);
    QFETCH(int, statedLimit);
    QFETCH(int, tokensLimit);
    QFETCH(bool, retryable);
    QFETCH(QString, type);
    const ApiError e = ErrorClassifier::fromHttpResponse(status, body);
    QCOMPARE(int(e.remedy), remedy);
    QCOMPARE(e.statedLimit, statedLimit);
    QCOMPARE(e.tokensLimit, tokensLimit);
    QCOMPARE(e.isRetryable(), retryable);
    QCOMPARE(e.type, type);
    QVERIFY(!e.message.isEmpty());
    QVERIFY2(!e.code.contains(QString::number(status)) || e.code.isEmpty(), qPrintable(e.code));
}

void TestApiUnits::errorBodies()
{
    const QByteArray openai =
        R"({"error":{"message":"Invalid 'input[3]': bad.","type":"invalid_request_error",)"
        R"("param":"input","code":"invalid_value"}})";
    ApiError e = ErrorClassifier::fromHttpResponse(400, openai);
    QCOMPARE(e.kind, ApiError::Kind::Permanent);
    QCOMPARE(e.message, QStringLiteral("Invalid 'input[3]': bad."));
    QCOMPARE(e.type, QStringLiteral("invalid_request_error"));
    QCOMPARE(e.param, QStringLiteral("input"));
    QCOMPARE(e.code, QStringLiteral("invalid_value"));
    QCOMPARE(e.toString(),
             QStringLiteral("HTTP 400 invalid_request_error (invalid_value): Invalid 'input[3]': bad."));

    e = ErrorClassifier::fromHttpResponse(400,
                                          R"({"error":{"message":"m","type":"t","param":null,"code":null}})");
    QVERIFY(e.param.isEmpty());
    QVERIFY(e.code.isEmpty());
    e = ErrorClassifier::fromHttpResponse(500, R"({"error":"model not loaded"})"); // Ollama/TEI style
    QCOMPARE(e.message, QStringLiteral("model not loaded"));
    QVERIFY(e.isRetryable());
    e = ErrorClassifier::fromHttpResponse(502, "<html><body>Bad gateway</body></html>");
    QVERIFY(e.message.contains(QLatin1String("Bad gateway")));
    e = ErrorClassifier::fromHttpResponse(503, {});
    QCOMPARE(e.message, QStringLiteral("Service Unavailable"));

    // x-should-retry overrides the status.
    QVERIFY(!ErrorClassifier::fromHttpResponse(500, {}, "false").isRetryable());
    QVERIFY(ErrorClassifier::fromHttpResponse(400, {}, "true").isRetryable());

    // Scrubbing removes the key wherever it hides.
    e = ErrorClassifier::fromHttpResponse(401, R"({"error":{"message":"key sk-secret-123456 is wrong"}})");
    const ApiError clean = e.scrubbed({QStringLiteral("sk-secret-123456")});
    QVERIFY(!clean.message.contains(QLatin1String("sk-secret-123456")));
    QVERIFY(clean.message.contains(QLatin1String("***")));

    QCOMPARE(ApiError::aborted().kind, ApiError::Kind::Aborted);
    QCOMPARE(ErrorClassifier::invalidResponse(200, QStringLiteral("x")).kind, ApiError::Kind::Retryable);
}

void TestApiUnits::networkErrors()
{
    for (auto e : {QNetworkReply::ConnectionRefusedError, QNetworkReply::RemoteHostClosedError,
                   QNetworkReply::TemporaryNetworkFailureError, QNetworkReply::HostNotFoundError,
                   QNetworkReply::UnknownNetworkError, QNetworkReply::ProxyConnectionRefusedError})
        QVERIFY(ErrorClassifier::fromNetworkError(e, QStringLiteral("x"), false).isRetryable());
    for (auto e : {QNetworkReply::SslHandshakeFailedError, QNetworkReply::ProtocolUnknownError,
                   QNetworkReply::ProtocolInvalidOperationError})
        QVERIFY(!ErrorClassifier::fromNetworkError(e, QStringLiteral("x"), false).isRetryable());
    const ApiError timeout =
        ErrorClassifier::fromNetworkError(QNetworkReply::OperationCanceledError, {}, true);
    QVERIFY(timeout.isRetryable());
    QCOMPARE(timeout.type, QStringLiteral("timeout"));
    QCOMPARE(ErrorClassifier::fromNetworkError(QNetworkReply::ConnectionRefusedError, {}, false).type,
             QStringLiteral("connection_refused"));
}

void TestApiUnits::retryPolicy()
{
    RetryPolicy policy(3, 100, 1000, 12345);
    ApiError retryable;
    retryable.kind = ApiError::Kind::Retryable;
    ApiError permanent;
    QVERIFY(policy.shouldRetry(retryable, 1));
    QVERIFY(policy.shouldRetry(retryable, 3));
    QVERIFY(!policy.shouldRetry(retryable, 4)); // 1 send + 3 retries
    QVERIFY(!policy.shouldRetry(permanent, 1));
    QVERIFY(!policy.shouldRetry(ApiError::aborted(), 1));

    QCOMPARE(policy.backoffCeilingMs(1), 100);
    QCOMPARE(policy.backoffCeilingMs(2), 200);
    QCOMPARE(policy.backoffCeilingMs(4), 800);
    QCOMPARE(policy.backoffCeilingMs(5), 1000);
    QCOMPARE(policy.backoffCeilingMs(60), 1000);

    // Full jitter: anywhere in [0, ceiling], both ends reached over many draws.
    int low = 0;
    int high = 0;
    for (int i = 0; i < 400; ++i) {
        const qint64 d = policy.delayMs(3, std::nullopt);
        QVERIFY(d >= 0 && d <= 400);
        low += d < 100;
        high += d > 300;
    }
    QVERIFY(low > 40);
    QVERIFY(high > 40);

    QCOMPARE(policy.delayMs(1, 2500), 2500);
    QCOMPARE(policy.delayMs(1, 0), 0);
    QCOMPARE(policy.delayMs(1, 3600 * 1000), RetryPolicy::kMaxRetryAfterMs);
    RetryPolicy none(0, 100, 1000, 1);
    QVERIFY(!none.shouldRetry(retryable, 1));
}

void TestApiUnits::limiterConcurrency()
{
    RateLimiter limiter(0, 0, 2, [] { return 0; });
    QCOMPARE(limiter.delayFor(10), 0);
    limiter.acquire(10);
    limiter.acquire(10);
    QCOMPARE(limiter.delayFor(10), -1);
    limiter.release();
    QCOMPARE(limiter.delayFor(10), 0);
    limiter.setConcurrency(1);
    QCOMPARE(limiter.delayFor(10), -1);
    QCOMPARE(limiter.snapshot().concurrency, 1);
}

void TestApiUnits::limiterPacesRequests()
{
    FakeClock clock;
    RateLimiter limiter(600, 0, 1000, [&] { return clock.now; });
    // One second of budget at once (10), then one every 100 ms.
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(limiter.delayFor(1), 0);
        limiter.acquire(1);
    }
    QCOMPARE(limiter.delayFor(1), 100);
    clock.now += 99;
    QCOMPARE(limiter.delayFor(1), 1);
    clock.now += 1;
    QCOMPARE(limiter.delayFor(1), 0);
    limiter.acquire(1);
    QCOMPARE(limiter.delayFor(1), 100);
}

void TestApiUnits::limiterNeverExceedsASlidingMinute()
{
    // Greedy sender on a fake clock for five minutes: no 60 s window holds more than the limit,
    // and the limit is nearly used up.
    for (double rpm : {60.0, 600.0, 3000.0}) {
        FakeClock clock;
        RateLimiter limiter(rpm, 0, 1 << 20, [&] { return clock.now; });
        QVector<qint64> sent;
        const qint64 end = clock.now + 5 * 60000;
        while (clock.now < end) {
            const qint64 d = limiter.delayFor(1);
            QVERIFY(d >= 0);
            if (d == 0) {
                limiter.acquire(1);
                limiter.release();
                sent.append(clock.now);
            } else {
                clock.now += d;
            }
        }
        qsizetype start = 0;
        for (qsizetype i = 0; i < sent.size(); ++i) {
            while (sent[i] - sent[start] >= 60000)
                ++start;
            QVERIFY2(i - start + 1 <= rpm,
                     qPrintable(QStringLiteral("rpm %1: %2 in a minute").arg(rpm).arg(i - start + 1)));
        }
        QVERIFY2(sent.size() >= 0.95 * 5 * rpm,
                 qPrintable(QStringLiteral("rpm %1: only %2").arg(rpm).arg(sent.size())));
    }
}

void TestApiUnits::limiterTokensAndOversizeRequests()
{
    FakeClock clock;
    RateLimiter limiter(0, 6000, 100, [&] { return clock.now; }); // 100 tokens/s, bucket of 100
    QCOMPARE(limiter.delayFor(60), 0);
    limiter.acquire(60);
    QCOMPARE(limiter.delayFor(60), 200); // 20 left, 40 more at 0.1/ms
    clock.now += 200;
    QCOMPARE(limiter.delayFor(60), 0);
    limiter.acquire(60);
    // A request larger than the bucket waits for a full bucket, then runs into debt.
    QCOMPARE(limiter.delayFor(500), 1000);
    clock.now += 1000;
    QCOMPARE(limiter.delayFor(500), 0);
    limiter.acquire(500);
    QVERIFY(limiter.delayFor(10) >= 4000);

    // Sliding minute of tokens: 6000 in any 60 s, even for requests that fit the bucket.
    FakeClock c2;
    RateLimiter strict(0, 6000, 100, [&] { return c2.now; });
    qint64 total = 0;
    const qint64 start = c2.now;
    while (c2.now - start < 60000) {
        const qint64 d = strict.delayFor(90);
        if (d == 0) {
            strict.acquire(90);
            total += 90;
        } else {
            c2.now += d;
        }
    }
    QVERIFY(total <= 6000 + 90);
}

void TestApiUnits::limiterLearnsFromHeaders()
{
    FakeClock clock;
    RateLimiter limiter(100000, 0, 100, [&] { return clock.now; });
    QCOMPARE(limiter.snapshot().effectiveRpm, 100000.0);
    RateLimitHeaders h;
    h.limitRequests = 600;
    h.remainingRequests = 599;
    h.resetRequestsMs = 100;
    QVERIFY(limiter.observe(h));
    RateLimitSnapshot s = limiter.snapshot();
    QCOMPARE(s.configuredRpm, 100000.0);
    QCOMPARE(s.headerRpm, 600.0);
    QCOMPARE(s.effectiveRpm, 600.0);
    QCOMPARE(s.remainingRequests, 599);
    QCOMPARE(s.resetRequestsMs, 100);
    // Now paced at 600/min: a burst of 10, then 100 ms apart.
    int burst = 0;
    while (limiter.delayFor(1) == 0) {
        limiter.acquire(1);
        ++burst;
    }
    QCOMPARE(burst, 10);
    QVERIFY(!limiter.observe(h)); // same numbers: no change

    // The server says the token budget is spent and refills in 2 s: wait for it.
    RateLimiter tokens(0, 0, 100, [&] { return clock.now; });
    RateLimitHeaders t;
    t.limitTokens = 1000;
    t.remainingTokens = 0;
    t.resetTokensMs = 2000;
    tokens.observe(t);
    QCOMPARE(tokens.snapshot().effectiveTpm, 1000.0);
    const qint64 wait = tokens.delayFor(100); // 100 of 1000 refill in 200 ms of 2 s
    QVERIFY2(wait >= 200 && wait <= 2000, qPrintable(QString::number(wait)));
    clock.now += 2000;
    QCOMPARE(tokens.delayFor(100), 0);
}

void TestApiUnits::limiterPause()
{
    FakeClock clock;
    RateLimiter limiter(0, 0, 4, [&] { return clock.now; });
    limiter.pauseFor(250);
    QCOMPARE(limiter.delayFor(1), 250);
    QCOMPARE(limiter.snapshot().pausedForMs, 250);
    clock.now += 250;
    QCOMPARE(limiter.delayFor(1), 0);
}

void TestApiUnits::decoderAcceptsBase64AndFloat()
{
    const QVector<float> a{0.5f, -0.25f, 1e-7f, 3.0f};
    const QVector<float> b{-1.0f, 0.0f, 0.125f, 2.5f};
    DecodedEmbeddings out;
    QString why;
    // Out of order: indices map back.
    QVERIFY2(
        ResponseDecoder(4).decode(responseBody({item(1, base64Of(b)), item(0, base64Of(a))}), 2, &out, &why),
        qPrintable(why));
    QCOMPARE(out.vectors.size(), 2);
    QCOMPARE(out.vectors[0], a);
    QCOMPARE(out.vectors[1], b);
    QCOMPARE(out.promptTokens, 7);
    QCOMPARE(out.model, QStringLiteral("m"));
    QVERIFY2(ResponseDecoder(4).decode(responseBody({item(0, floats(a)), item(1, floats(b))}), 2, &out, &why),
             qPrintable(why));
    QCOMPARE(out.vectors[0], a);
    QCOMPARE(out.vectors[1], b);
}

void TestApiUnits::decoderRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<QString>("reason");
    const QVector<float> v{0.1f, 0.2f, 0.3f, 0.4f};
    QVector<float> nan = v;
    nan[2] = std::numeric_limits<float>::quiet_NaN();
    QVector<float> inf = v;
    inf[0] = std::numeric_limits<float>::infinity();
    QTest::newRow("malformed") << QByteArray("{\"data\":[") << 1 << QStringLiteral("malformed JSON");
    QTest::newRow("no data") << QByteArray("{\"object\":\"list\"}") << 1 << QStringLiteral("no \"data\"");
    QTest::newRow("too few") << responseBody({item(0, base64Of(v))}) << 2
                             << QStringLiteral("expected 2 embeddings, got 1");
    QTest::newRow("too many") << responseBody({item(0, base64Of(v)), item(1, base64Of(v))}) << 1
                              << QStringLiteral("expected 1 embeddings, got 2");
    QTest::newRow("duplicate index") << responseBody({item(0, base64Of(v)), item(0, base64Of(v))}) << 2
                                     << QStringLiteral("appears more than once");
    QTest::newRow("index out of range")
        << responseBody({item(0, base64Of(v)), item(2, base64Of(v))}) << 2 << QStringLiteral("out of range");
    QTest::newRow("wrong dimensions") << responseBody({item(0, base64Of(v.mid(0, 3)))}) << 1
                                      << QStringLiteral("has 3 dimensions, expected 4");
    QTest::newRow("nan base64") << responseBody({item(0, base64Of(nan))}) << 1
                                << QStringLiteral("non-finite");
    QTest::newRow("inf base64") << responseBody({item(0, base64Of(inf))}) << 1
                                << QStringLiteral("non-finite");
    QTest::newRow("not base64") << responseBody({item(0, QStringLiteral("!!!!"))}) << 1
                                << QStringLiteral("not base64");
    QTest::newRow("partial float") << responseBody({item(0, QStringLiteral("AAAA"))}) << 1
                                   << QStringLiteral("not base64 float32");
    QTest::newRow("empty vector") << responseBody({item(0, QString())}) << 1
                                  << QStringLiteral("has 0 dimensions");
    QTest::newRow("string in array") << responseBody(
                                            {item(0, QJsonArray{0.1, QStringLiteral("x"), 0.3, 0.4})})
                                     << 1 << QStringLiteral("non-number");
    QTest::newRow("null embedding") << responseBody({item(0, QJsonValue())}) << 1
                                    << QStringLiteral("neither");
}

void TestApiUnits::decoderRejects()
{
    QFETCH(QByteArray, body);
    QFETCH(int, inputs);
    QFETCH(QString, reason);
    QString why;
    DecodedEmbeddings out;
    QVERIFY(!ResponseDecoder(4).decode(body, inputs, &out, &why));
    QVERIFY2(why.contains(reason), qPrintable(why));
}

void TestApiUnits::decoderDimensionsConsistentWhenUnknown()
{
    const QVector<float> four{0.1f, 0.2f, 0.3f, 0.4f};
    const QVector<float> three{0.1f, 0.2f, 0.3f};
    QString why;
    DecodedEmbeddings out;
    QVERIFY(ResponseDecoder(0).decode(responseBody({item(0, base64Of(three))}), 1, &out, &why));
    QCOMPARE(out.vectors[0].size(), 3);
    QVERIFY(!ResponseDecoder(0).decode(responseBody({item(0, base64Of(four)), item(1, base64Of(three))}), 2,
                                       &out, &why));
    QVERIFY(why.contains(QLatin1String("expected 4")));
}

void TestApiUnits::builderBody()
{
    ApiSettings api;
    EmbeddingSettings embedding;
    QVector<EmbeddingInput> inputs{{"first", 1}, {"second", 1}, {"third", 1}};

    RequestBuilder plain(api, embedding);
    QJsonObject body = QJsonDocument::fromJson(plain.body(inputs, {2, 0})).object();
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("text-embedding-3-small"));
    QCOMPARE(body.value(QLatin1String("encoding_format")).toString(), QStringLiteral("base64"));
    QVERIFY(!body.contains(QLatin1String("dimensions")));
    QCOMPARE(body.value(QLatin1String("input")).toArray(),
             (QJsonArray{QStringLiteral("third"), QStringLiteral("first")}));

    embedding.dimensions = 256;
    api.base64 = false;
    body = QJsonDocument::fromJson(RequestBuilder(api, embedding).body(inputs, {1})).object();
    QCOMPARE(body.value(QLatin1String("dimensions")).toInt(), 256);
    QCOMPARE(body.value(QLatin1String("encoding_format")).toString(), QStringLiteral("float"));

    embedding.dimensions = 1536; // the native length is not sent
    QVERIFY(!QJsonDocument::fromJson(RequestBuilder(api, embedding).body(inputs, {1}))
                 .object()
                 .contains(QLatin1String("dimensions")));
    embedding.model = QStringLiteral("text-embedding-ada-002");
    embedding.dimensions = 512; // ada-002 takes no dimensions
    QVERIFY(!QJsonDocument::fromJson(RequestBuilder(api, embedding).body(inputs, {1}))
                 .object()
                 .contains(QLatin1String("dimensions")));
    embedding.model = QStringLiteral("nomic-embed-text");
    QCOMPARE(QJsonDocument::fromJson(RequestBuilder(api, embedding).body(inputs, {1}))
                 .object()
                 .value(QLatin1String("dimensions"))
                 .toInt(),
             512);
}

void TestApiUnits::builderEscapesEveryText()
{
    const QStringList texts{
        QStringLiteral("plain"),
        QStringLiteral("quote \" backslash \\ slash /"),
        QStringLiteral("controls \n \r \t \b \f \x01 \x1f end"),
        QStringLiteral("한국어 상품 설명, 日本語, العربية"),
        QStringLiteral("emoji 👩‍👩‍👧‍👦 🇰🇷 e\u0301"),
        QString(QChar(0x7f)) + QStringLiteral(" del"),
    };
    QVector<EmbeddingInput> inputs;
    QVector<int> all;
    for (const QString& t : texts) {
        all.append(static_cast<int>(inputs.size()));
        inputs.append({t.toUtf8(), 1});
    }
    const QByteArray body = RequestBuilder(ApiSettings{}, EmbeddingSettings{}).body(inputs, all);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonArray parsed = doc.object().value(QLatin1String("input")).toArray();
    QCOMPARE(parsed.size(), texts.size());
    for (int i = 0; i < texts.size(); ++i)
        QCOMPARE(parsed[i].toString(), texts[i]);

    // Invalid UTF-8 (a stray continuation, an overlong form, a surrogate, a cut sequence)
    // becomes U+FFFD, so the body stays valid JSON.
    QByteArray out;
    RequestBuilder::appendJsonString(out, QByteArray("a\x80"
                                                     "b\xC0\xAF"
                                                     "c\xED\xA0\x80"
                                                     "d\xE2\x82",
                                                     13));
    const QString decoded = QJsonDocument::fromJson("[" + out + "]").array().first().toString();
    QCOMPARE(decoded.count(QChar(0xFFFD)), 8); // 1 + 2 + 3 + 2 bad bytes
    QVERIFY(decoded.startsWith(QLatin1String("a")));
}

void TestApiUnits::builderUrlsAndHeaders()
{
    ApiSettings api;
    api.apiKey = QStringLiteral("sk-test-abcdef123456");
    EmbeddingSettings embedding;
    api.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/v1/"));
    RequestBuilder openai(api, embedding);
    QCOMPARE(openai.endpoint(), QUrl(QStringLiteral("http://127.0.0.1:8080/v1/embeddings")));
    QNetworkRequest r = openai.request();
    QCOMPARE(r.rawHeader("Authorization"), QByteArray("Bearer sk-test-abcdef123456"));
    QVERIFY(!r.hasRawHeader("api-key"));
    QCOMPARE(r.header(QNetworkRequest::ContentTypeHeader).toByteArray(), QByteArray("application/json"));
    QCOMPARE(r.transferTimeout(), api.requestTimeoutMs);
    QVERIFY(!openai.endpoint().toString().contains(api.apiKey));

    api.flavor = ApiFlavor::Azure;
    api.baseUrl = QUrl(QStringLiteral("https://myres.openai.azure.com"));
    api.azureApiVersion = QStringLiteral("2024-06-01");
    embedding.model = QStringLiteral("my deployment");
    RequestBuilder azure(api, embedding);
    QCOMPARE(azure.endpoint().path(), QStringLiteral("/openai/deployments/my deployment/embeddings"));
    QCOMPARE(QUrlQuery(azure.endpoint()).queryItemValue(QStringLiteral("api-version")),
             QStringLiteral("2024-06-01"));
    r = azure.request();
    QCOMPARE(r.rawHeader("api-key"), QByteArray("sk-test-abcdef123456"));
    QVERIFY(!r.hasRawHeader("Authorization"));

    api.apiKey.clear(); // self-hosted servers without auth
    api.flavor = ApiFlavor::OpenAI;
    QVERIFY(!RequestBuilder(api, embedding).request().hasRawHeader("Authorization"));
}

QTEST_GUILESS_MAIN(TestApiUnits)
#include "tst_api_units.moc"
