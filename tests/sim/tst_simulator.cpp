// The embeddings API simulator over real loopback HTTP, probed with plain QNetworkAccessManager
// requests and raw sockets: response shape, exact usage, limits, rate limiting, every fault
// kind, keep-alive and the HTTP codec.

#include "SimHttp.h"
#include "SimulatorFixture.h"
#include "api/RateLimitHeaders.h"
#include "config/ModelCatalog.h"
#include "sim/EmbeddingSimulator.h"
#include "sim/HttpMessage.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtEndian>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace ec;
using ec::test::SimulatorFixture;
using namespace ec::test::simhttp;

namespace {

QVector<float> decodeBase64(const QString& text)
{
    const QByteArray bytes = QByteArray::fromBase64(text.toLatin1());
    QVector<float> out(bytes.size() / 4);
    for (qsizetype i = 0; i < out.size(); ++i) {
        const quint32 bits = qFromLittleEndian<quint32>(bytes.constData() + 4 * i);
        std::memcpy(&out[i], &bits, 4);
    }
    return out;
}

QVector<float> vectorOf(const QJsonValue& embedding)
{
    if (embedding.isString())
        return decodeBase64(embedding.toString());
    QVector<float> out;
    for (const QJsonValue& v : embedding.toArray())
        out.append(static_cast<float>(v.toDouble()));
    return out;
}

int tokensOf(const QStringList& texts)
{
    int sum = 0;
    for (const QString& t : texts)
        sum += Cl100kTokenizer::instance().count(t);
    return sum;
}

SimulatorOptions withFaults(const QString& faults)
{
    SimulatorOptions o;
    o.faults = QStringList{faults};
    o.hangMs = 300;
    o.dimensions = 8;
    o.nativeModelDimensions = false;
    return o;
}

} // namespace

class TestSimulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deterministicVectors();
    void base64AndFloatResponses_data();
    void base64AndFloatResponses();
    void singleStringAndTokenArrays();
    void dimensions();
    void rejectsInvalidRequests_data();
    void rejectsInvalidRequests();
    void rejectsTooManyTokensPerRequest();
    void apiKey();
    void requestsPerMinuteLimit();
    void tokensPerMinuteLimit();
    void faultKinds_data();
    void faultKinds();
    void hangAndReset();
    void badInputNamesTheInput();
    void failRateIsAMixAndRepeatable();
    void latency();
    void modelsAndIdentity();
    void azureRoute();
    void keepAliveReusesConnections();
    void rawHttpPipeliningChunkedAndContinue();
    void parserRejectsGarbage();
    void optionsAndFaultSyntax();
};

void TestSimulator::deterministicVectors()
{
    const QVector<float> a = EmbeddingSimulator::deterministicVector("상품 요약 text", 1536);
    const QVector<float> b = EmbeddingSimulator::deterministicVector("상품 요약 text", 1536);
    const QVector<float> c = EmbeddingSimulator::deterministicVector("상품 요약 text!", 1536);
    QCOMPARE(a.size(), 1536);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    double norm = 0;
    double dot = 0;
    for (int i = 0; i < a.size(); ++i) {
        norm += double(a[i]) * a[i];
        dot += double(a[i]) * c[i];
        QVERIFY(std::isfinite(a[i]));
    }
    QVERIFY(std::abs(norm - 1.0) < 1e-5);
    QVERIFY(std::abs(dot) < 0.2); // unrelated texts are far apart

    // A shorter vector is the normalised prefix of the longer one.
    const QVector<float> shortVector = EmbeddingSimulator::deterministicVector("상품 요약 text", 256);
    double prefixNorm = 0;
    for (int i = 0; i < 256; ++i)
        prefixNorm += double(a[i]) * a[i];
    for (int i = 0; i < 256; ++i)
        QVERIFY(std::abs(a[i] / std::sqrt(prefixNorm) - shortVector[i]) < 1e-6);
    QCOMPARE(EmbeddingSimulator::deterministicVector("x", 1).size(), 1);
    QCOMPARE(std::abs(EmbeddingSimulator::deterministicVector("x", 1)[0]), 1.0f);
}

void TestSimulator::base64AndFloatResponses_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("base64") << QStringLiteral("base64");
    QTest::newRow("float") << QStringLiteral("float");
    QTest::newRow("default is float") << QString();
}

void TestSimulator::base64AndFloatResponses()
{
    QFETCH(QString, format);
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    const QStringList inputs{QStringLiteral("무선 이어폰 노이즈 캔슬링"),
                             QStringLiteral("Hello, world! 👋🏽 🇰🇷"),
                             QStringLiteral("def f(x):\n\treturn x ** 2  # code")};
    Http http;
    const Response r = http.post(embeddingsUrl(sim), request(inputs, format));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-simulator"), QByteArray("embedding-console"));
    QVERIFY(r.header("content-type").startsWith("application/json"));
    const QJsonObject root = r.json();
    QCOMPARE(root.value(QLatin1String("object")).toString(), QStringLiteral("list"));
    QCOMPARE(root.value(QLatin1String("model")).toString(), QStringLiteral("text-embedding-3-small"));
    const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("prompt_tokens")).toInt(), tokensOf(inputs));
    QCOMPARE(usage.value(QLatin1String("total_tokens")).toInt(), tokensOf(inputs));
    const QJsonArray data = root.value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), inputs.size());
    for (int i = 0; i < data.size(); ++i) {
        const QJsonObject item = data[i].toObject();
        QCOMPARE(item.value(QLatin1String("object")).toString(), QStringLiteral("embedding"));
        QCOMPARE(item.value(QLatin1String("index")).toInt(), i);
        const QJsonValue embedding = item.value(QLatin1String("embedding"));
        QCOMPARE(embedding.isString(), format == QLatin1String("base64"));
        QCOMPARE(vectorOf(embedding), EmbeddingSimulator::deterministicVector(inputs[i].toUtf8(), 1536));
    }
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.embeddingRequests, 1u);
    QCOMPARE(stats.inputsReceived, 3u);
    QCOMPARE(stats.inputsAccepted, 3u);
    QCOMPARE(stats.tokens, quint64(tokensOf(inputs)));
    QCOMPARE(stats.servedCount.size(), 3);
    for (const QString& input : inputs)
        QCOMPARE(stats.servedCount.value(input.toUtf8()), 1);
    QCOMPARE(stats.responses(200), 1u);
    QCOMPARE(stats.requestLog.size(), 1);
    QCOMPARE(stats.requestLog[0].encodingFormat, format);
    QCOMPARE(stats.requestLog[0].tokens, tokensOf(inputs));
}

void TestSimulator::singleStringAndTokenArrays()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    QJsonObject body{{QStringLiteral("model"), QStringLiteral("text-embedding-3-small")},
                     {QStringLiteral("input"), QStringLiteral("just one string")}};
    Response r = http.post(embeddingsUrl(sim), body);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("data")).toArray().size(), 1);

    // Token ids: the vector is the one of the decoded text, usage counts the ids.
    const std::vector<int> ids = Cl100kTokenizer::instance().encode("hello token world");
    QJsonArray idArray;
    for (int id : ids)
        idArray.append(id);
    body[QStringLiteral("input")] = QJsonArray{idArray, idArray};
    body[QStringLiteral("encoding_format")] = QStringLiteral("base64");
    r = http.post(embeddingsUrl(sim), body);
    QCOMPARE(r.status, 200);
    const QJsonObject root = r.json();
    QCOMPARE(root.value(QLatin1String("usage")).toObject().value(QLatin1String("prompt_tokens")).toInt(),
             int(ids.size() * 2));
    const QJsonArray data = root.value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(vectorOf(data[1].toObject().value(QLatin1String("embedding"))),
             EmbeddingSimulator::deterministicVector("hello token world", 1536));
}

void TestSimulator::dimensions()
{
    SimulatorOptions options;
    options.dimensions = 384; // for models it does not know
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    auto lengthOf = [](const Response& r) {
        return vectorOf(r.json()
                            .value(QLatin1String("data"))
                            .toArray()
                            .first()
                            .toObject()
                            .value(QLatin1String("embedding")))
            .size();
    };
    QJsonObject body = request({QStringLiteral("text")});
    QCOMPARE(lengthOf(http.post(embeddingsUrl(sim), body)), 1536);
    body[QStringLiteral("dimensions")] = 256;
    Response r = http.post(embeddingsUrl(sim), body);
    QCOMPARE(r.status, 200);
    QCOMPARE(lengthOf(r), 256);
    QCOMPARE(vectorOf(r.json()
                          .value(QLatin1String("data"))
                          .toArray()
                          .first()
                          .toObject()
                          .value(QLatin1String("embedding"))),
             EmbeddingSimulator::deterministicVector("text", 256));

    QCOMPARE(lengthOf(http.post(embeddingsUrl(sim), request({QStringLiteral("t")}, QStringLiteral("base64"),
                                                            QStringLiteral("text-embedding-3-large")))),
             3072);
    QCOMPARE(lengthOf(http.post(embeddingsUrl(sim), request({QStringLiteral("t")}, QStringLiteral("base64"),
                                                            QStringLiteral("my-local-model")))),
             384);

    // ada-002 does not take `dimensions`; 3-small cannot grow past its native length.
    body = request({QStringLiteral("t")}, QStringLiteral("base64"), QStringLiteral("text-embedding-ada-002"));
    body[QStringLiteral("dimensions")] = 256;
    r = http.post(embeddingsUrl(sim), body);
    QCOMPARE(r.status, 400);
    QVERIFY(r.errorObject().value(QLatin1String("message")).toString().contains(QLatin1String("dimensions")));
    body = request({QStringLiteral("t")});
    body[QStringLiteral("dimensions")] = 4096;
    QCOMPARE(http.post(embeddingsUrl(sim), body).status, 400);
    body[QStringLiteral("dimensions")] = 0;
    QCOMPARE(http.post(embeddingsUrl(sim), body).status, 400);
}

void TestSimulator::rejectsInvalidRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("not json") << QByteArray("{\"model\": ")
                              << QStringLiteral("could not parse the JSON body");
    QTest::newRow("no model") << QByteArray(R"({"input":["a"]})") << QStringLiteral("model");
    QTest::newRow("empty array") << QByteArray(R"({"model":"text-embedding-3-small","input":[]})")
                                 << QStringLiteral("'$.input' is invalid");
    QTest::newRow("empty string") << QByteArray(R"({"model":"text-embedding-3-small","input":["a",""]})")
                                  << QStringLiteral("'$.input' is invalid");
    QTest::newRow("object input") << QByteArray(R"({"model":"text-embedding-3-small","input":{"a":1}})")
                                  << QStringLiteral("'$.input' is invalid");
    QTest::newRow("bad format")
        << QByteArray(R"({"model":"text-embedding-3-small","input":["a"],"encoding_format":"int8"})")
        << QStringLiteral("encoding_format");

    QJsonArray many;
    for (int i = 0; i < 2049; ++i)
        many.append(QStringLiteral("x"));
    QTest::newRow("2049 inputs") << QJsonDocument(QJsonObject{{QStringLiteral("model"),
                                                               QStringLiteral("text-embedding-3-small")},
                                                              {QStringLiteral("input"), many}})
                                        .toJson(QJsonDocument::Compact)
                                 << QStringLiteral("max number of inputs is 2048");

    QString longText;
    for (int i = 0; i < 8200; ++i)
        longText += QStringLiteral(" hello");
    QTest::newRow("8193+ tokens")
        << QJsonDocument(QJsonObject{{QStringLiteral("model"), QStringLiteral("text-embedding-3-small")},
                                     {QStringLiteral("input"), QJsonArray{QStringLiteral("ok"), longText}}})
               .toJson(QJsonDocument::Compact)
        << QStringLiteral("maximum context length is 8192 tokens, however you requested 8200 tokens");
}

void TestSimulator::rejectsInvalidRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messagePart);
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const Response r = http.send("POST", embeddingsUrl(sim), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.header("x-simulator"), QByteArray("embedding-console"));
    const QJsonObject error = r.errorObject();
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(messagePart),
             qPrintable(error.value(QLatin1String("message")).toString()));
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY(error.contains(QLatin1String("param")));
    QVERIFY(error.contains(QLatin1String("code")));
    QCOMPARE(sim.stats().inputsAccepted, 0u);
    QCOMPARE(sim.stats().responses(400), 1u);
}

void TestSimulator::rejectsTooManyTokensPerRequest()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    // 38 inputs of 8,000 token ids: each within the per-input limit, 304,000 in all.
    QJsonArray ids;
    for (int i = 0; i < 8000; ++i)
        ids.append(15339);
    QJsonArray inputs;
    for (int i = 0; i < 38; ++i)
        inputs.append(ids);
    Http http;
    const Response r = http.post(
        embeddingsUrl(sim), QJsonObject{{QStringLiteral("model"), QStringLiteral("text-embedding-3-small")},
                                        {QStringLiteral("input"), inputs}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Requested 304000 tokens, max 300000 tokens per request"));
    QCOMPARE(r.errorObject().value(QLatin1String("code")).toString(),
             QStringLiteral("max_tokens_per_request"));
}

void TestSimulator::apiKey()
{
    SimulatorOptions options;
    options.requiredApiKey = QStringLiteral("sk-simulated-0123456789abcdef");
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QJsonObject body = request({QStringLiteral("a")});

    Response r = http.post(embeddingsUrl(sim), body);
    QCOMPARE(r.status, 401);
    QVERIFY(r.errorObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("didn't provide an API key")));

    r = http.post(embeddingsUrl(sim), body, {{"Authorization", "Bearer sk-wrong-key-987654321"}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_api_key"));
    QVERIFY(!r.body.contains("sk-wrong-key-987654321")); // masked, as OpenAI does

    QCOMPARE(http.post(embeddingsUrl(sim), body, {{"Authorization", "Bearer sk-simulated-0123456789abcdef"}})
                 .status,
             200);
    QCOMPARE(http.post(embeddingsUrl(sim), body, {{"api-key", "sk-simulated-0123456789abcdef"}}).status, 200);
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.requestLog[0].auth, QStringLiteral("none"));
    QCOMPARE(stats.requestLog[2].auth, QStringLiteral("bearer"));
    QCOMPARE(stats.requestLog[3].auth, QStringLiteral("api-key"));
    QCOMPARE(stats.responses(401), 2u);
}

void TestSimulator::requestsPerMinuteLimit()
{
    SimulatorOptions options;
    options.rpm = 3;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    for (int i = 0; i < 3; ++i) {
        const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("r%1").arg(i)}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-ratelimit-limit-requests"), QByteArray("3"));
        QCOMPARE(r.header("x-ratelimit-remaining-requests"), QByteArray::number(2 - i));
        const auto reset = parseDurationMs(r.header("x-ratelimit-reset-requests"));
        QVERIFY(reset && *reset > 0 && *reset <= 60000);
    }
    const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("over")}));
    QCOMPARE(r.status, 429);
    const QJsonObject error = r.errorObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("requests"));
    bool ok = false;
    const int retryAfter = r.header("retry-after").toInt(&ok);
    QVERIFY(ok && retryAfter >= 1 && retryAfter <= 60);
    const qint64 retryAfterMs = r.header("retry-after-ms").toLongLong(&ok);
    QVERIFY(ok && retryAfterMs > 50000 && retryAfterMs <= 60000);
    QCOMPARE(r.header("x-ratelimit-remaining-requests"), QByteArray("0"));
    QVERIFY(!r.header("x-ratelimit-reset-requests").isEmpty());
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.responses(429), 1u);
    QCOMPARE(stats.faults(QStringLiteral("429")), 0u); // a real limit, not an injected fault
    QCOMPARE(stats.servedCount.value("over"), 0);
}

void TestSimulator::tokensPerMinuteLimit()
{
    SimulatorOptions options;
    options.tpm = 10;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QStringList eight{QStringLiteral(" one two three four five six seven eight")};
    QCOMPARE(tokensOf(eight), 8);
    Response r = http.post(embeddingsUrl(sim), request(eight));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ratelimit-limit-tokens"), QByteArray("10"));
    QCOMPARE(r.header("x-ratelimit-remaining-tokens"), QByteArray("2"));
    QVERIFY(r.header("x-ratelimit-limit-requests").isEmpty());
    r = http.post(embeddingsUrl(sim), request({QStringLiteral(" a b c")}));
    QCOMPARE(r.status, 429);
    QCOMPARE(r.errorObject().value(QLatin1String("type")).toString(), QStringLiteral("tokens"));
    QVERIFY(r.header("retry-after-ms").toLongLong() > 50000);
    // Two tokens still fit.
    QCOMPARE(http.post(embeddingsUrl(sim), request({QStringLiteral(" a b")})).status, 200);
}

void TestSimulator::faultKinds_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("served");
    QTest::newRow("500") << QStringLiteral("500") << 500 << false;
    QTest::newRow("503") << QStringLiteral("503") << 503 << false;
    QTest::newRow("429") << QStringLiteral("429") << 429 << false;
    QTest::newRow("malformed") << QStringLiteral("malformed") << 200 << false;
    QTest::newRow("count") << QStringLiteral("count") << 200 << false;
    QTest::newRow("dims") << QStringLiteral("dims") << 200 << false;
    QTest::newRow("nan") << QStringLiteral("nan") << 200 << false;
    QTest::newRow("index") << QStringLiteral("index") << 200 << false;
    QTest::newRow("shuffle") << QStringLiteral("shuffle") << 200 << true;
}

void TestSimulator::faultKinds()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(bool, served);
    SimulatorFixture sim(withFaults(fault + QStringLiteral(":1")));
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QStringList inputs{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")};
    const Response r = http.post(embeddingsUrl(sim), request(inputs));
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("x-simulator"), QByteArray("embedding-console"));
    const QJsonObject root = r.json();
    const QJsonArray data = root.value(QLatin1String("data")).toArray();
    if (fault == QLatin1String("500") || fault == QLatin1String("503")) {
        QCOMPARE(r.errorObject().value(QLatin1String("type")).toString(), QStringLiteral("server_error"));
    } else if (fault == QLatin1String("429")) {
        QCOMPARE(r.header("retry-after-ms"), QByteArray("20"));
        QCOMPARE(r.header("retry-after"), QByteArray("1"));
        QCOMPARE(r.errorObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("rate_limit_exceeded"));
    } else if (fault == QLatin1String("malformed")) {
        QJsonParseError error;
        QJsonDocument::fromJson(r.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    } else if (fault == QLatin1String("count")) {
        QCOMPARE(data.size(), 2);
    } else if (fault == QLatin1String("dims")) {
        QCOMPARE(vectorOf(data[0].toObject().value(QLatin1String("embedding"))).size(), 7);
        QCOMPARE(vectorOf(data[1].toObject().value(QLatin1String("embedding"))).size(), 8);
    } else if (fault == QLatin1String("nan")) {
        QVERIFY(std::isnan(vectorOf(data[0].toObject().value(QLatin1String("embedding")))[0]));
    } else if (fault == QLatin1String("index")) {
        QCOMPARE(data[0].toObject().value(QLatin1String("index")).toInt(), 0);
        QCOMPARE(data[1].toObject().value(QLatin1String("index")).toInt(), 0);
    } else if (fault == QLatin1String("shuffle")) {
        QCOMPARE(data.size(), 3);
        for (int k = 0; k < 3; ++k) {
            const QJsonObject item = data[k].toObject();
            const int index = item.value(QLatin1String("index")).toInt();
            QCOMPARE(index, 2 - k);
            QCOMPARE(vectorOf(item.value(QLatin1String("embedding"))),
                     EmbeddingSimulator::deterministicVector(inputs[index].toUtf8(), 8));
        }
    }
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.faults(fault), 1u);
    QCOMPARE(stats.requestLog.first().fault, fault);
    QCOMPARE(stats.servedCount.value("alpha"), served ? 1 : 0);
    QCOMPARE(stats.inputsAccepted, served ? 3u : 0u);

    // NaN in float output is a bare NaN token, which no JSON parser accepts.
    if (fault == QLatin1String("nan")) {
        const Response f = http.post(embeddingsUrl(sim), request(inputs, QStringLiteral("float")));
        QVERIFY(f.body.contains("[NaN,"));
    }
}

void TestSimulator::hangAndReset()
{
    {
        SimulatorFixture sim(withFaults(QStringLiteral("hang:1")));
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        Http http;
        const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("held")}));
        QCOMPARE(r.status, 0);
        QVERIFY(r.error != QNetworkReply::NoError);
        QVERIFY2(r.elapsedMs >= 250, qPrintable(QString::number(r.elapsedMs))); // hangMs = 300
        // QNetworkAccessManager itself resends a request whose connection closed before any
        // response byte, so the simulator may see it more than once.
        const SimulatorStats stats = sim.stats();
        QVERIFY(stats.faults(QStringLiteral("hang")) >= 1);
        QCOMPARE(stats.responses(0), stats.faults(QStringLiteral("hang")));
        QCOMPARE(stats.inputsAccepted, 0u);
    }
    {
        SimulatorFixture sim(withFaults(QStringLiteral("reset:1")));
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        // A raw socket sees part of a response, then the reset.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, sim.port());
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray body = R"({"model":"m","input":["a","b","c","d"]})";
        socket.write("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT(
            (received += socket.readAll(), socket.state() != QAbstractSocket::ConnectedState), 10000);
        received += socket.readAll();
        QVERIFY(received.startsWith("HTTP/1.1 200 OK"));
        const qsizetype headerEnd = received.indexOf("\r\n\r\n");
        const qsizetype declared =
            received.mid(received.indexOf("content-length: ") + 16).split('\r').first().toLongLong();
        QVERIFY(headerEnd < 0 || received.size() - headerEnd - 4 < declared);
        QCOMPARE(sim.stats().faults(QStringLiteral("reset")), 1u);

        Http http;
        const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("x")}));
        QVERIFY(r.error != QNetworkReply::NoError);
        QCOMPARE(sim.stats().inputsAccepted, 0u);
    }
}

void TestSimulator::badInputNamesTheInput()
{
    SimulatorFixture sim(withFaults(QStringLiteral("bad-input:POISON")));
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    Response r =
        http.post(embeddingsUrl(sim), request({QStringLiteral("fine"), QStringLiteral("a POISONed text")}));
    QCOMPARE(r.status, 400);
    const QJsonObject error = r.errorObject();
    QVERIFY(error.value(QLatin1String("message")).toString().startsWith(QLatin1String("Invalid 'input[1]'")));
    QVERIFY(error.value(QLatin1String("message")).toString().contains(QLatin1String("bad-input")));
    QCOMPARE(error.value(QLatin1String("param")).toString(), QStringLiteral("input"));
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    r = http.post(embeddingsUrl(sim), request({QStringLiteral("fine")}));
    QCOMPARE(r.status, 200);
    QCOMPARE(sim.stats().faults(QStringLiteral("bad-input")), 1u);
}

void TestSimulator::failRateIsAMixAndRepeatable()
{
    auto statuses = [](quint64 seed) {
        SimulatorOptions options;
        options.failRate = 0.3;
        options.seed = seed;
        options.dimensions = 4;
        options.nativeModelDimensions = false;
        SimulatorFixture sim(options);
        Http http;
        QVector<int> out;
        for (int i = 0; i < 200; ++i)
            out.append(http.post(embeddingsUrl(sim), request({QStringLiteral("t%1").arg(i)})).status);
        return std::make_pair(out, sim.stats());
    };
    const auto [first, stats] = statuses(42);
    const auto [again, statsAgain] = statuses(42);
    const auto [other, statsOther] = statuses(7);
    QCOMPARE(first, again);
    QVERIFY(first != other);
    const auto failed = std::count_if(first.begin(), first.end(), [](int s) { return s != 200; });
    QVERIFY2(failed >= 35 && failed <= 85, qPrintable(QString::number(failed))); // 60 expected
    QVERIFY(stats.responses(429) > 0);
    QVERIFY(stats.responses(500) > 0);
    QVERIFY(stats.responses(503) > 0);
    QCOMPARE(stats.responses(429) + stats.responses(500) + stats.responses(503), quint64(failed));
    QCOMPARE(stats.inputsAccepted, quint64(200 - failed));
}

void TestSimulator::latency()
{
    SimulatorOptions options;
    options.latencyMs = 150;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("slow")}));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.elapsedMs >= 140, qPrintable(QString::number(r.elapsedMs)));
    QCOMPARE(r.header("openai-processing-ms"), QByteArray("150"));
}

void TestSimulator::modelsAndIdentity()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    QCOMPARE(sim.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(sim.port())));
    Http http;
    Response r = http.send("GET", QUrl(sim.baseUrl().toString() + QStringLiteral("/models")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-simulator"), QByteArray("embedding-console"));
    const QJsonObject root = r.json();
    QCOMPARE(root.value(QLatin1String("simulated")).toBool(), true);
    QStringList ids;
    for (const QJsonValue& m : root.value(QLatin1String("data")).toArray())
        ids << m.toObject().value(QLatin1String("id")).toString();
    QVERIFY(ids.contains(QStringLiteral("text-embedding-3-small")));

    r = http.send("GET", QUrl(sim.baseUrl().toString() + QStringLiteral("/nothing")));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorObject().value(QLatin1String("type")).toString(),
             QStringLiteral("invalid_request_error"));
    QCOMPARE(r.header("x-simulator"), QByteArray("embedding-console"));
    r = http.send("GET", embeddingsUrl(sim));
    QCOMPARE(r.status, 405);
}

void TestSimulator::azureRoute()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/openai/deployments/text-embedding-3-small/embeddings"
                                  "?api-version=2024-02-01")
                       .arg(sim.port()));
    QJsonObject body{{QStringLiteral("input"), QJsonArray{QStringLiteral("azure")}}};
    const Response r = http.post(url, body, {{"api-key", "k"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), QStringLiteral("text-embedding-3-small"));
    QCOMPARE(sim.stats().requestLog.first().target,
             QByteArray("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-02-01"));
}

void TestSimulator::keepAliveReusesConnections()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    for (int i = 0; i < 10; ++i)
        QCOMPARE(http.post(embeddingsUrl(sim), request({QStringLiteral("k%1").arg(i)})).status, 200);
    QCOMPARE(sim.stats().connectionsAccepted, 1u);
    QCOMPARE(sim.stats().embeddingRequests, 10u);
}

void TestSimulator::rawHttpPipeliningChunkedAndContinue()
{
    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, sim.port());
    QVERIFY(socket.waitForConnected(5000));

    const QByteArray one = R"({"model":"m","input":["one"],"encoding_format":"base64"})";
    const QByteArray two = R"({"model":"m","input":["two"],"encoding_format":"base64"})";
    auto base64Of = [](const QByteArray& text) {
        const QVector<float> v = EmbeddingSimulator::deterministicVector(text, 1536);
        return QByteArray(reinterpret_cast<const char*>(v.constData()), v.size() * 4).toBase64();
    };
    // Two pipelined requests in one write, the second chunked.
    QByteArray chunked = QByteArray::number(10, 16) + "\r\n" + two.left(10) + "\r\n" +
                         QByteArray::number(two.size() - 10, 16) + ";ext=1\r\n" + two.mid(10) +
                         "\r\n0\r\n\r\n";
    socket.write("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                 QByteArray::number(one.size()) + "\r\n\r\n" + one +
                 "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll(), received.count("HTTP/1.1 200 OK") == 2), 10000);
    QVERIFY(received.indexOf("\"model\":\"m\"") > 0);
    QCOMPARE(sim.stats().servedCount.value("one"), 1);
    QCOMPARE(sim.stats().servedCount.value("two"), 1);
    // Responses come back in request order.
    const qsizetype second = received.indexOf("HTTP/1.1 200 OK", 1);
    QVERIFY(received.left(second).contains(base64Of("one")));
    QVERIFY(received.mid(second).contains(base64Of("two")));

    // Expect: 100-continue, then the body, then Connection: close is honoured.
    received.clear();
    socket.write("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n"
                 "Content-Length: " +
                 QByteArray::number(one.size()) + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll(), received.contains("100 Continue")), 10000);
    socket.write(one);
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += socket.readAll(), socket.state() == QAbstractSocket::UnconnectedState), 10000);
    received += socket.readAll();
    QVERIFY(received.contains("HTTP/1.1 200 OK"));
    QVERIFY(received.contains("connection: close"));
    QCOMPARE(sim.stats().servedCount.value("one"), 2);
}

void TestSimulator::parserRejectsGarbage()
{
    HttpRequestParser parser;
    HttpRequest request;
    QByteArray partial = "POST /v1/embeddings HTTP/1.1\r\nContent-Length: 5\r\n\r\nab";
    QCOMPARE(parser.parse(partial, &request), HttpRequestParser::Result::NeedMore);
    partial += "cde";
    QCOMPARE(parser.parse(partial, &request), HttpRequestParser::Result::Complete);
    QCOMPARE(request.body, QByteArray("abcde"));
    QVERIFY(partial.isEmpty());
    QByteArray garbage = "NONSENSE\r\n\r\n";
    QCOMPARE(parser.parse(garbage, &request), HttpRequestParser::Result::Invalid);

    SimulatorFixture sim;
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, sim.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GARBAGE\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += socket.readAll(), socket.state() == QAbstractSocket::UnconnectedState), 10000);
    received += socket.readAll();
    QVERIFY(received.startsWith("HTTP/1.1 400"));
}

void TestSimulator::optionsAndFaultSyntax()
{
    QVector<FaultSpec> specs;
    QString error;
    QVERIFY(FaultSpec::parseList({QStringLiteral("500,reset:0.05"), QStringLiteral("bad-input:a:b")}, &specs,
                                 &error));
    QCOMPARE(specs.size(), 3);
    QCOMPARE(specs[0].name(), QStringLiteral("500"));
    QCOMPARE(specs[0].fraction, FaultSpec::kDefaultFraction);
    QCOMPARE(specs[1].kind, FaultSpec::Kind::Reset);
    QCOMPARE(specs[1].fraction, 0.05);
    QCOMPARE(specs[2].kind, FaultSpec::Kind::BadInput);
    QCOMPARE(specs[2].substring, QByteArray("a:b"));
    QVERIFY(!FaultSpec::parseList({QStringLiteral("explode")}, &specs, &error));
    QVERIFY(error.contains(QLatin1String("explode")));
    QVERIFY(!FaultSpec::parseList({QStringLiteral("500:1.5")}, &specs, &error));
    QVERIFY(!FaultSpec::parseList({QStringLiteral("bad-input:")}, &specs, &error));

    SimulatorOptions options;
    options.faults = {QStringLiteral("bogus")};
    EmbeddingSimulator simulator(options);
    QVERIFY(!simulator.start(&error));
    QVERIFY(error.contains(QLatin1String("bogus")));
    options.faults.clear();
    options.failRate = 2;
    EmbeddingSimulator simulator2(options);
    QVERIFY(!simulator2.start(&error));
}

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
