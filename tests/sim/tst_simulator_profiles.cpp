// The simulator's server profiles over loopback HTTP: for openai, azure, tei, ollama and vllm,
// which rate-limit headers are sent, and the exact status and body of every documented refusal
// (too many inputs, an input over the context, empty input, unknown model, quota, queue full,
// auth), Azure's deployment route with api-version and api-key, and the fault kinds answering
// in each profile's shape. The sources of each expected body are in docs/providers.md.

#include "SimHttp.h"
#include "SimulatorFixture.h"
#include "sim/EmbeddingSimulator.h"

#include <QtTest>

using namespace ec;
using ec::test::SimulatorFixture;
using namespace ec::test::simhttp;

namespace {

SimulatorOptions profileOptions(ServerProfile profile)
{
    SimulatorOptions o;
    o.profile = profile;
    o.dimensions = 8;
    o.nativeModelDimensions = false;
    return o;
}

QStringList repeated(const QString& text, int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << text;
    return out;
}

/// A text of exactly `tokens` cl100k tokens (" hello" is one token).
QString textOfTokens(int tokens)
{
    return QStringLiteral(" hello").repeated(tokens);
}

const QList<QByteArray> kRateLimitHeaders{"x-ratelimit-limit-requests",   "x-ratelimit-remaining-requests",
                                          "x-ratelimit-reset-requests",   "x-ratelimit-limit-tokens",
                                          "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"};

QList<QByteArray> rateLimitHeadersOf(const Response& r)
{
    QList<QByteArray> present;
    for (const QByteArray& name : kRateLimitHeaders) {
        if (r.headers.contains(name))
            present << name;
    }
    return present;
}

QUrl azureUrl(const SimulatorFixture& sim, const QString& deployment, const QString& query)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/openai/deployments/%2/embeddings%3")
                    .arg(sim.port())
                    .arg(deployment, query));
}

} // namespace

Q_DECLARE_METATYPE(ec::ServerProfile)

class TestSimulatorProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void profileNamesParse();
    void rateLimitHeaders_data();
    void rateLimitHeaders();
    void openAiErrors();
    void openAiEnforcesAdvertisedLimits();
    void azureRouteAndKey();
    void teiCapsAndFlatErrors();
    void teiAutoTruncate();
    void ollamaErrors();
    void ollamaQueueFull();
    void vllmErrors();
    void faultsAnswerInTheProfileShape_data();
    void faultsAnswerInTheProfileShape();
    void quotaOnlyForOpenAi();
};

void TestSimulatorProfiles::profileNamesParse()
{
    QCOMPARE(profileNames(), (QStringList{"openai", "azure", "tei", "ollama", "vllm"}));
    QCOMPARE(parseServerProfile(QStringLiteral("TEI")), std::optional<ServerProfile>(ServerProfile::Tei));
    QVERIFY(!parseServerProfile(QStringLiteral("cohere")));
    QCOMPARE(SimulatorOptions{}.limits().maxInputsPerRequest, 2048);
    SimulatorOptions tei = profileOptions(ServerProfile::Tei);
    QCOMPARE(tei.limits().maxInputsPerRequest, 32);
    QCOMPARE(tei.limits().maxTokensPerInput, 512);
    QCOMPARE(tei.limits().truncateOverlong, true);
    tei.maxInputsPerRequest = 64;
    tei.truncateOverlong = false;
    QCOMPARE(tei.limits().maxInputsPerRequest, 64);
    QCOMPARE(tei.limits().truncateOverlong, false);
}

void TestSimulatorProfiles::rateLimitHeaders_data()
{
    QTest::addColumn<ServerProfile>("profile");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("openai") << ServerProfile::OpenAI << kRateLimitHeaders;
    QTest::newRow("azure") << ServerProfile::Azure
                           << QList<QByteArray>{"x-ratelimit-remaining-requests",
                                                "x-ratelimit-remaining-tokens"};
    QTest::newRow("tei") << ServerProfile::Tei << QList<QByteArray>{};
    QTest::newRow("ollama") << ServerProfile::Ollama << QList<QByteArray>{};
    QTest::newRow("vllm") << ServerProfile::Vllm << QList<QByteArray>{};
}

void TestSimulatorProfiles::rateLimitHeaders()
{
    QFETCH(ServerProfile, profile);
    QFETCH(QList<QByteArray>, expected);
    SimulatorOptions o = profileOptions(profile);
    o.rpm = 100;
    o.tpm = 100000;
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QUrl url = profile == ServerProfile::Azure
                         ? azureUrl(sim, QStringLiteral("emb"), QStringLiteral("?api-version=2024-10-21"))
                         : embeddingsUrl(sim);
    const Response ok = http.post(url, request({QStringLiteral("a")}), {{"api-key", "k"}});
    QCOMPARE(ok.status, 200);
    QCOMPARE(rateLimitHeadersOf(ok), expected);
    // Errors carry them too.
    const Response refused = http.post(url, request({}), {{"api-key", "k"}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(rateLimitHeadersOf(refused), expected);
    if (profile == ServerProfile::OpenAI) {
        QCOMPARE(ok.header("x-ratelimit-limit-requests"), QByteArray("100"));
        QCOMPARE(ok.header("x-ratelimit-remaining-requests"), QByteArray("99"));
        QCOMPARE(ok.header("x-ratelimit-limit-tokens"), QByteArray("100000"));
        QVERIFY(ok.header("openai-model").size() > 0);
    } else {
        QVERIFY(!ok.headers.contains("openai-model"));
    }
}

void TestSimulatorProfiles::openAiErrors()
{
    SimulatorOptions o = profileOptions(ServerProfile::OpenAI);
    o.knownModels = {QStringLiteral("text-embedding-3-small")};
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;

    Response r = http.post(embeddingsUrl(sim), request(repeated(QStringLiteral("x"), 2049)));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray("{\"error\":{\"message\":\"Too many inputs. The max number of inputs is 2048. We "
                        "recommend batching your inputs into multiple requests.\",\"type\":"
                        "\"invalid_request_error\",\"param\":\"input\",\"code\":null}}"
                        "\n"));

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("ok"), textOfTokens(8200)}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens, "
                        "however you requested 8200 tokens (8200 in your prompt; 0 for the "
                        "completion). Please reduce your prompt; or completion length.\",\"type\":"
                        "\"invalid_request_error\",\"param\":null,\"code\":null}}"
                        "\n"));

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a"), QString()}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorObject().value(QLatin1String("message")).toString(),
             QStringLiteral("'$.input' is invalid. Please check the API reference: "
                            "https://platform.openai.com/docs/api-reference."));

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}, {}, QStringLiteral("text-embedding-4")));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body,
             QByteArray("{\"error\":{\"message\":\"The model `text-embedding-4` does not exist or you do "
                        "not have access to it.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":"
                        "\"model_not_found\"}}"
                        "\n"));

    SimulatorOptions broke = o;
    broke.quotaExhausted = true;
    broke.requiredApiKey = QStringLiteral("sk-right");
    SimulatorFixture exhausted(broke);
    QVERIFY2(exhausted.isRunning(), qPrintable(exhausted.error()));
    r = http.post(embeddingsUrl(exhausted), request({QStringLiteral("a")}),
                  {{"Authorization", "Bearer sk-wrong"}});
    QCOMPARE(r.status, 401); // the key is checked first
    QCOMPARE(r.errorObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_api_key"));
    r = http.post(embeddingsUrl(exhausted), request({QStringLiteral("a")}),
                  {{"Authorization", "Bearer sk-right"}});
    QCOMPARE(r.status, 429);
    QCOMPARE(r.body,
             QByteArray("{\"error\":{\"message\":\"You exceeded your current quota, please check your plan "
                        "and billing details. For more information on this error, read the docs: "
                        "https://platform.openai.com/docs/guides/error-codes/api-errors.\",\"type\":"
                        "\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"
                        "\n"));
    QVERIFY(!r.headers.contains("retry-after"));
    QCOMPARE(exhausted.stats().inputsAccepted, 0u);
}

void TestSimulatorProfiles::openAiEnforcesAdvertisedLimits()
{
    SimulatorOptions o = profileOptions(ServerProfile::OpenAI);
    o.rpm = 2;
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    QCOMPARE(http.post(embeddingsUrl(sim), request({QStringLiteral("a")})).status, 200);
    const Response second = http.post(embeddingsUrl(sim), request({QStringLiteral("b")}));
    QCOMPARE(second.header("x-ratelimit-remaining-requests"), QByteArray("0"));
    const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("c")}));
    QCOMPARE(r.status, 429);
    QCOMPARE(r.errorObject().value(QLatin1String("code")).toString(), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(r.errorObject().value(QLatin1String("type")).toString(), QStringLiteral("requests"));
    QVERIFY(r.header("retry-after-ms").toLongLong() > 0);
    QCOMPARE(r.header("x-ratelimit-limit-requests"), QByteArray("2"));
}

void TestSimulatorProfiles::azureRouteAndKey()
{
    SimulatorOptions o = profileOptions(ServerProfile::Azure);
    o.requiredApiKey = QStringLiteral("azure-key-0123456789");
    o.knownModels = {QStringLiteral("my-embeddings")};
    o.rpm = 1;
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QJsonObject body{{QStringLiteral("input"), QJsonArray{QStringLiteral("azure")}}};
    const QString version = QStringLiteral("?api-version=2024-10-21");

    Response r = http.post(azureUrl(sim, QStringLiteral("my-embeddings"), version), body,
                           {{"api-key", "azure-key-0123456789"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), QStringLiteral("my-embeddings"));
    QCOMPARE(sim.stats().requestLog.last().auth, QStringLiteral("api-key"));

    const QByteArray denied(
        "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription "
        "key or wrong API endpoint. Make sure to provide a valid key for an active "
        "subscription and use a correct regional API endpoint for your resource.\"}}"
        "\n");
    r = http.post(azureUrl(sim, QStringLiteral("my-embeddings"), version), body, {{"api-key", "wrong"}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, denied);
    r = http.post(azureUrl(sim, QStringLiteral("my-embeddings"), version), body);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, denied);

    r = http.post(azureUrl(sim, QStringLiteral("other"), version), body,
                  {{"api-key", "azure-key-0123456789"}});
    QCOMPARE(r.status, 404);
    QCOMPARE(
        r.body,
        QByteArray("{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this "
                   "resource does not exist. If you created the deployment within the last 5 "
                   "minutes, please wait a moment and try again.\"}}"
                   "\n"));

    const QByteArray notFound("{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}"
                              "\n");
    r = http.post(azureUrl(sim, QStringLiteral("my-embeddings"), QString()), body,
                  {{"api-key", "azure-key-0123456789"}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, notFound);
    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}), {{"api-key", "azure-key-0123456789"}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, notFound);

    // Over the rate: Azure's gateway wording, with retry-after.
    r = http.post(azureUrl(sim, QStringLiteral("my-embeddings"), version), body,
                  {{"api-key", "azure-key-0123456789"}});
    QCOMPARE(r.status, 429);
    const QJsonObject error = r.errorObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("429"));
    QVERIFY2(
        error.value(QLatin1String("message"))
            .toString()
            .startsWith(QLatin1String("Requests to the Embeddings_Create Operation under Azure OpenAI API "
                                      "version 2024-10-21 have exceeded call rate limit")),
        qPrintable(error.value(QLatin1String("message")).toString()));
    QVERIFY(r.header("retry-after").toInt() > 0);
    QCOMPARE(r.header("x-ratelimit-remaining-requests"), QByteArray("0"));
    QVERIFY(!r.headers.contains("x-ratelimit-limit-requests"));
}

void TestSimulatorProfiles::teiCapsAndFlatErrors()
{
    SimulatorOptions o = profileOptions(ServerProfile::Tei);
    o.knownModels = {QStringLiteral("BAAI/bge-small-en-v1.5")};
    o.truncateOverlong = false;
    o.faults = {QStringLiteral("bad-input:POISON")};
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;

    Response r = http.post(embeddingsUrl(sim), request(repeated(QStringLiteral("x"), 100)));
    QCOMPARE(r.status, 422);
    QCOMPARE(r.body,
             QByteArray("{\"message\":\"batch size 100 > maximum allowed batch size 32\",\"code\":422,"
                        "\"type\":\"Validation\"}"
                        "\n"));
    QVERIFY(r.json().value(QLatin1String("code")).isDouble());
    QVERIFY(!r.json().contains(QLatin1String("error")));

    QCOMPARE(http.post(embeddingsUrl(sim), request(repeated(QStringLiteral("x"), 32))).status, 200);

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("ok"), textOfTokens(600)}));
    QCOMPARE(r.status, 422);
    QCOMPARE(r.body,
             QByteArray("{\"message\":\"Input validation error: `inputs` must have less than 512 tokens. "
                        "Given: 600\",\"code\":422,\"type\":\"Validation\"}"
                        "\n"));

    r = http.post(embeddingsUrl(sim), request({}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray("{\"message\":\"`inputs` cannot be empty\",\"code\":400,\"type\":\"Empty\"}"
                                "\n"));
    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a"), QString()}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray("{\"message\":\"Input validation error: `inputs` cannot be empty\",\"code\":400,"
                        "\"type\":\"Empty\"}"
                        "\n"));

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a POISON b")}));
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json().value(QLatin1String("type")).toString(), QStringLiteral("Validation"));

    // `model` is ignored: any name is answered, by the served model.
    r = http.post(embeddingsUrl(sim),
                  request({QStringLiteral("a")}, QStringLiteral("base64"), QStringLiteral("no-such-model")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("model")).toString(), QStringLiteral("BAAI/bge-small-en-v1.5"));
    QCOMPARE(r.json()
                 .value(QLatin1String("data"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("embedding"))
                 .isString(),
             true);
    QCOMPARE(r.json().value(QLatin1String("usage")).toObject().value(QLatin1String("prompt_tokens")).toInt(),
             1);
    QVERIFY(rateLimitHeadersOf(r).isEmpty());
}

void TestSimulatorProfiles::teiAutoTruncate()
{
    SimulatorFixture sim(profileOptions(ServerProfile::Tei)); // auto-truncate on, as TEI >= 1.9
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const Response r = http.post(embeddingsUrl(sim), request({textOfTokens(600), QStringLiteral(" hello")}));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("usage")).toObject().value(QLatin1String("prompt_tokens")).toInt(),
             512 + 1);
}

void TestSimulatorProfiles::ollamaErrors()
{
    SimulatorOptions o = profileOptions(ServerProfile::Ollama);
    o.knownModels = {QStringLiteral("nomic-embed-text")};
    o.requiredApiKey = QStringLiteral("ignored-by-ollama");
    o.faults = {QStringLiteral("queue-full:1")};
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;

    Response r = http.post(embeddingsUrl(sim), request({}, {}, QStringLiteral("nomic-embed-text")));
    QCOMPARE(r.status, 400);
    QCOMPARE(
        r.body,
        QByteArray("{\"error\":{\"message\":\"invalid input\",\"type\":\"invalid_request_error\",\"param\":"
                   "null,\"code\":null}}"
                   "\n"));

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}, {}, QStringLiteral("all-minilm")));
    QCOMPARE(r.status, 404);
    QCOMPARE(
        r.body,
        QByteArray("{\"error\":{\"message\":\"model 'all-minilm' not found\",\"type\":\"not_found_error\","
                   "\"param\":null,\"code\":null}}"
                   "\n"));

    // No key is asked for; the queue is full for every request (queue-full:1).
    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}, {}, QStringLiteral("nomic-embed-text")));
    QCOMPARE(r.status, 503);
    QCOMPARE(r.body, QByteArray("{\"error\":{\"message\":\"server busy, please try again.  maximum pending "
                                "requests exceeded\",\"type\":\"api_error\",\"param\":null,\"code\":null}}"
                                "\n"));
    QVERIFY(rateLimitHeadersOf(r).isEmpty());
}

void TestSimulatorProfiles::ollamaQueueFull()
{
    // Two requests at once against a queue of one: the second is refused at once with 503.
    SimulatorOptions o = profileOptions(ServerProfile::Ollama);
    o.maxQueue = 1;
    o.latencyMs = 400;
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    QNetworkAccessManager nam;
    QList<QNetworkReply*> replies;
    for (int i = 0; i < 2; ++i) {
        QNetworkRequest req(embeddingsUrl(sim));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        replies << nam.post(req, QJsonDocument(request({QStringLiteral("q%1").arg(i)})).toJson());
    }
    QTRY_VERIFY_WITH_TIMEOUT(replies[0]->isFinished() && replies[1]->isFinished(), 10000);
    QList<int> statuses;
    for (QNetworkReply* reply : replies) {
        statuses << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
    }
    std::sort(statuses.begin(), statuses.end());
    QCOMPARE(statuses, (QList<int>{200, 503}));
    QCOMPARE(sim.stats().faults(QStringLiteral("queue-full")), 1u);
}

void TestSimulatorProfiles::vllmErrors()
{
    SimulatorOptions o = profileOptions(ServerProfile::Vllm);
    o.knownModels = {QStringLiteral("BAAI/bge-m3")};
    o.requiredApiKey = QStringLiteral("vllm-key");
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const QList<std::pair<QByteArray, QByteArray>> auth{{"Authorization", "Bearer vllm-key"}};
    const QString model = QStringLiteral("BAAI/bge-m3");

    Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}, {}, model));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, QByteArray("{\"error\":\"Unauthorized\"}"
                                "\n"));

    r = http.post(embeddingsUrl(sim), request({textOfTokens(10288)}, {}, model), auth);
    QCOMPARE(r.status, 400);
    QCOMPARE(
        r.body,
        QByteArray("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens. "
                   "However, you requested 10288 tokens in the input for embedding generation. "
                   "Please reduce the length of the input.\",\"type\":\"BadRequestError\",\"param\":null,"
                   "\"code\":400}}"
                   "\n"));
    QVERIFY(r.errorObject().value(QLatin1String("code")).isDouble());

    r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}, {}, QStringLiteral("other")), auth);
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, QByteArray("{\"error\":{\"message\":\"The model `other` does not exist.\",\"type\":"
                                "\"NotFoundError\",\"param\":\"model\",\"code\":404}}"
                                "\n"));

    r = http.post(embeddingsUrl(sim), request({QString()}, {}, model), auth);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorObject().value(QLatin1String("type")).toString(), QStringLiteral("BadRequestError"));

    r = http.post(embeddingsUrl(sim),
                  request(repeated(QStringLiteral("x"), 3000), QStringLiteral("float"), model), auth);
    QCOMPARE(r.status, 200); // no cap on inputs
    QCOMPARE(r.json().value(QLatin1String("usage")).toObject().value(QLatin1String("prompt_tokens")).toInt(),
             3000);
    QVERIFY(rateLimitHeadersOf(r).isEmpty());
}

void TestSimulatorProfiles::faultsAnswerInTheProfileShape_data()
{
    QTest::addColumn<ServerProfile>("profile");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type"); ///< the error's `type`, wherever the shape keeps it
    QTest::addColumn<bool>("flat");
    const struct
    {
        ServerProfile profile;
        const char* name;
        bool flat;
        const char* t429;
        const char* t500;
        const char* t503;
        int queueStatus;
        const char* tQueue;
    } rows[] = {
        {ServerProfile::OpenAI, "openai", false, "requests", "server_error", "server_error", 503,
         "server_error"},
        {ServerProfile::Tei, "tei", true, "Overloaded", "Backend", "Unhealthy", 429, "Overloaded"},
        {ServerProfile::Ollama, "ollama", false, "api_error", "api_error", "api_error", 503, "api_error"},
        {ServerProfile::Vllm, "vllm", false, "TooManyRequests", "InternalServerError", "ServiceUnavailable",
         503, "ServiceUnavailable"},
    };
    for (const auto& row : rows) {
        QTest::addRow("%s 429", row.name) << row.profile << "429" << 429 << row.t429 << row.flat;
        QTest::addRow("%s 500", row.name) << row.profile << "500" << 500 << row.t500 << row.flat;
        QTest::addRow("%s 503", row.name) << row.profile << "503" << 503 << row.t503 << row.flat;
        QTest::addRow("%s queue-full", row.name)
            << row.profile << "queue-full" << row.queueStatus << row.tQueue << row.flat;
    }
}

void TestSimulatorProfiles::faultsAnswerInTheProfileShape()
{
    QFETCH(ServerProfile, profile);
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(bool, flat);
    SimulatorOptions o = profileOptions(profile);
    o.faults = {fault + QStringLiteral(":1")};
    SimulatorFixture sim(o);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    Http http;
    const Response r = http.post(embeddingsUrl(sim), request({QStringLiteral("a")}));
    QCOMPARE(r.status, status);
    const QJsonObject error = flat ? r.json() : r.errorObject();
    QCOMPARE(error.value(QLatin1String("type")).toString(), type);
    QVERIFY(!error.value(QLatin1String("message")).toString().isEmpty());
    QCOMPARE(r.json().contains(QLatin1String("error")), !flat);
    if (fault == QLatin1String("429"))
        QVERIFY(r.headers.contains("retry-after-ms"));
    QCOMPARE(sim.stats().faults(fault), 1u);
}

void TestSimulatorProfiles::quotaOnlyForOpenAi()
{
    QString error;
    SimulatorOptions o = profileOptions(ServerProfile::Tei);
    o.quotaExhausted = true;
    QVERIFY(!o.validate(&error));
    QVERIFY2(error.contains(QLatin1String("tei")), qPrintable(error));
    o = profileOptions(ServerProfile::Ollama);
    o.faults = {QStringLiteral("quota:0.5")};
    QVERIFY(!o.validate(&error));
    o.profile = ServerProfile::OpenAI;
    QVERIFY2(o.validate(&error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSimulatorProfiles)
#include "tst_simulator_profiles.moc"
