// The official `openai` npm client (OpenAI and AzureOpenAI) against the simulator: float,
// base64 and the SDK's default decoding, `dimensions`, usage counted by js-tiktoken, the error
// format and authentication (tests/node/openai-check.mjs); and each server profile driven the
// same way, its errors surfacing as the SDK surfaces the real server's
// (tests/node/profiles-check.mjs). Skipped when node or the npm modules are missing
// (`npm ci --prefix tests/node`).

#include "SimulatorFixture.h"
#include "sim/EmbeddingSimulator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;
using ec::test::SimulatorFixture;

namespace {

QString base64Vector(const QString& text, int dimensions)
{
    const QVector<float> v = EmbeddingSimulator::deterministicVector(text.toUtf8(), dimensions);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(v.constData()), v.size() * 4).toBase64());
}

const QDir kNodeDir(QStringLiteral(EC_SOURCE_DIR "/tests/node"));

/// node, or empty with the reason the test is skipped.
QString nodeOrSkipReason(QString* reason)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        *reason = QStringLiteral("node is not installed");
    else if (!kNodeDir.exists(QStringLiteral("node_modules/openai/package.json")) ||
             !kNodeDir.exists(QStringLiteral("node_modules/js-tiktoken/package.json")))
        *reason =
            QStringLiteral("the openai / js-tiktoken npm modules are missing: npm ci --prefix tests/node");
    else
        return node;
    return {};
}

/// Runs tests/node/`script` on `spec`; its JSON verdict, or a failure text in *error.
QJsonObject runNodeCheck(const QString& node, const QString& script, const QJsonObject& spec, QString* error)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("spec.json")));
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write the spec");
        return {};
    }
    file.write(QJsonDocument(spec).toJson());
    file.close();
    QProcess process;
    process.setWorkingDirectory(kNodeDir.absolutePath());
    process.start(node, {kNodeDir.filePath(script), file.fileName()});
    // The simulator runs on its own thread, so blocking here does not stall it.
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000)) {
        *error = QStringLiteral("node did not run: ") + process.errorString();
        return {};
    }
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        *error = QString::fromUtf8(out + err);
    return QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
}

QJsonArray base64Vectors(const QStringList& inputs, int dimensions)
{
    QJsonArray out;
    for (const QString& input : inputs)
        out.append(base64Vector(input, dimensions));
    return out;
}

/// One error the SDK must raise: what to send and what it must surface.
QJsonObject expectedError(const QString& label, const QJsonObject& request, const QJsonObject& expect)
{
    QJsonObject out = request;
    out.insert(QStringLiteral("label"), label);
    out.insert(QStringLiteral("expect"), expect);
    return out;
}

} // namespace

class TestOpenAiNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialClientAcceptsTheSimulator();
    void officialClientPerProfile_data();
    void officialClientPerProfile();
    void officialClientDrivesTheBatchApi();
};

void TestOpenAiNode::officialClientAcceptsTheSimulator()
{
    QString skip;
    const QString node = nodeOrSkipReason(&skip);
    if (node.isEmpty())
        QSKIP(qPrintable(skip));

    SimulatorOptions options;
    options.requiredApiKey = QStringLiteral("sk-node-check-0123456789");
    options.faults = {QStringLiteral("bad-input:BADWORD")};
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));

    const QStringList inputs{
        QStringLiteral("무선 블루투스 이어폰, 노이즈 캔슬링"),
        QStringLiteral("Stainless steel bottle 750ml — keeps cold 24h"),
        QStringLiteral(
            "emoji 👩‍👩‍👧‍👦 🇰🇷 e\u0301 and code: for (i = 0; i < n; ++i) {}"),
        QStringLiteral("  spaces\t\ttabs\n\nnewlines 1234567 digits https://example.com/a?b=c"),
        QStringLiteral("日本語と中文 mixed with English"),
    };
    const QJsonObject spec{
        {QStringLiteral("baseUrl"), sim.baseUrl().toString()},
        {QStringLiteral("azureEndpoint"), QStringLiteral("http://127.0.0.1:%1").arg(sim.port())},
        {QStringLiteral("apiKey"), options.requiredApiKey},
        {QStringLiteral("model"), QStringLiteral("text-embedding-3-small")},
        {QStringLiteral("inputs"), QJsonArray::fromStringList(inputs)},
        {QStringLiteral("shortDimensions"), 256},
        {QStringLiteral("expected"), base64Vectors(inputs, 1536)},
        {QStringLiteral("expectedShort"), base64Vectors(inputs, 256)},
        {QStringLiteral("badInput"), QStringLiteral("this one has a BADWORD in it")},
    };
    QString failure;
    const QJsonObject result = runNodeCheck(node, QStringLiteral("openai-check.mjs"), spec, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), true);
    QVERIFY(result.value(QLatin1String("checks")).toInt() > 50);

    // What the simulator saw: the SDK asked for base64 by default, float and base64 explicitly,
    // authenticated with Bearer, and AzureOpenAI used the deployment route with api-key.
    const SimulatorStats stats = sim.stats();
    QStringList formats;
    QSet<QString> auths;
    bool azureRoute = false;
    for (const SimulatorRequestRecord& r : stats.requestLog) {
        if (r.method != "POST")
            continue;
        formats << r.encodingFormat;
        auths.insert(r.auth);
        azureRoute =
            azureRoute || r.target.startsWith("/openai/deployments/text-embedding-3-small/embeddings");
    }
    QVERIFY(formats.contains(QStringLiteral("base64")));
    QVERIFY(formats.contains(QStringLiteral("float")));
    QVERIFY(auths.contains(QStringLiteral("bearer")));
    QVERIFY(auths.contains(QStringLiteral("api-key")));
    QVERIFY(azureRoute);
    QCOMPARE(stats.responses(400), 1u);
    QCOMPARE(stats.responses(401), 1u);
}

void TestOpenAiNode::officialClientPerProfile_data()
{
    QTest::addColumn<QString>("profile");
    for (const QString& name : profileNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestOpenAiNode::officialClientPerProfile()
{
    QFETCH(QString, profile);
    QString skip;
    const QString node = nodeOrSkipReason(&skip);
    if (node.isEmpty())
        QSKIP(qPrintable(skip));

    // What each profile serves, and the errors the SDK must raise as it does for the real server.
    // Its message is "<status> <error.message>"; a body without an `error` object (TEI's flat
    // errors) is taken whole as the error (Client.makeStatusError), so code and type are TEI's.
    SimulatorOptions options;
    options.profile = *parseServerProfile(profile);
    options.dimensions = 384;
    options.nativeModelDimensions = false;
    options.requiredApiKey = QStringLiteral("sk-profile-check-0123456789");
    QString model = QStringLiteral("text-embedding-3-small");
    QString expectedModel = model;
    QJsonArray errors;
    const QJsonObject wrongKey{{QStringLiteral("apiKey"), QStringLiteral("sk-wrong-key-000000000")}};
    auto expect = [](const QString& cls, int status, QJsonObject fields) {
        fields.insert(QStringLiteral("class"), cls);
        fields.insert(QStringLiteral("status"), status);
        return fields;
    };
    std::unique_ptr<SimulatorFixture> quotaSim;
    switch (options.profile) {
    case ServerProfile::OpenAI: {
        options.knownModels = {model};
        SimulatorOptions broke = options;
        broke.quotaExhausted = true;
        quotaSim = std::make_unique<SimulatorFixture>(broke);
        QVERIFY2(quotaSim->isRunning(), qPrintable(quotaSim->error()));
        errors.append(expectedError(
            QStringLiteral("quota"), {{QStringLiteral("baseUrl"), quotaSim->baseUrl().toString()}},
            expect(QStringLiteral("RateLimitError"), 429,
                   {{QStringLiteral("code"), QStringLiteral("insufficient_quota")},
                    {QStringLiteral("type"), QStringLiteral("insufficient_quota")},
                    {QStringLiteral("message"),
                     QStringLiteral("429 You exceeded your current quota, please check your plan and billing "
                                    "details. For more information on this error, read the docs: "
                                    "https://platform.openai.com/docs/guides/error-codes/api-errors.")}})));
        errors.append(expectedError(QStringLiteral("unknown model"),
                                    {{QStringLiteral("model"), QStringLiteral("text-embedding-9")}},
                                    expect(QStringLiteral("NotFoundError"), 404,
                                           {{QStringLiteral("code"), QStringLiteral("model_not_found")},
                                            {QStringLiteral("message"),
                                             QStringLiteral("404 The model `text-embedding-9` does not exist "
                                                            "or you do not have access to it.")}})));
        errors.append(
            expectedError(QStringLiteral("2049 inputs"), {{QStringLiteral("inputsCount"), 2049}},
                          expect(QStringLiteral("BadRequestError"), 400,
                                 {{QStringLiteral("param"), QStringLiteral("input")},
                                  {QStringLiteral("type"), QStringLiteral("invalid_request_error")}})));
        errors.append(expectedError(QStringLiteral("wrong key"), wrongKey,
                                    expect(QStringLiteral("AuthenticationError"), 401,
                                           {{QStringLiteral("code"), QStringLiteral("invalid_api_key")}})));
        break;
    }
    case ServerProfile::Azure:
        model = expectedModel = QStringLiteral("my-embeddings");
        options.knownModels = {model};
        errors.append(expectedError(
            QStringLiteral("wrong key"), wrongKey,
            expect(
                QStringLiteral("AuthenticationError"), 401,
                {{QStringLiteral("code"), QStringLiteral("401")},
                 {QStringLiteral("message"),
                  QStringLiteral("401 Access denied due to invalid subscription key or wrong API endpoint. "
                                 "Make sure to provide a valid key for an active subscription and use a "
                                 "correct regional API endpoint for your resource.")}})));
        errors.append(expectedError(
            QStringLiteral("unknown deployment"), {{QStringLiteral("deployment"), QStringLiteral("missing")}},
            expect(QStringLiteral("NotFoundError"), 404,
                   {{QStringLiteral("code"), QStringLiteral("DeploymentNotFound")}})));
        break;
    case ServerProfile::Tei:
        options.requiredApiKey.clear();
        expectedModel = QStringLiteral("BAAI/bge-small-en-v1.5");
        options.knownModels = {expectedModel};
        errors.append(
            expectedError(QStringLiteral("33 inputs"), {{QStringLiteral("inputsCount"), 33}},
                          expect(QStringLiteral("UnprocessableEntityError"), 422,
                                 {{QStringLiteral("message"),
                                   QStringLiteral("422 batch size 33 > maximum allowed batch size 32")},
                                  {QStringLiteral("code"), 422},
                                  {QStringLiteral("type"), QStringLiteral("Validation")}})));
        errors.append(
            expectedError(QStringLiteral("empty input"), {{QStringLiteral("inputText"), QString()}},
                          expect(QStringLiteral("BadRequestError"), 400,
                                 {{QStringLiteral("message"),
                                   QStringLiteral("400 Input validation error: `inputs` cannot be empty")},
                                  {QStringLiteral("code"), 400},
                                  {QStringLiteral("type"), QStringLiteral("Empty")}})));
        break;
    case ServerProfile::Ollama:
        model = expectedModel = QStringLiteral("nomic-embed-text");
        options.knownModels = {model};
        errors.append(expectedError(
            QStringLiteral("unknown model"), {{QStringLiteral("model"), QStringLiteral("all-minilm")}},
            expect(QStringLiteral("NotFoundError"), 404,
                   {{QStringLiteral("type"), QStringLiteral("not_found_error")},
                    {QStringLiteral("code"), QJsonValue::Null},
                    {QStringLiteral("message"), QStringLiteral("404 model 'all-minilm' not found")}})));
        break;
    case ServerProfile::Vllm:
        model = expectedModel = QStringLiteral("BAAI/bge-m3");
        options.knownModels = {model};
        errors.append(
            expectedError(QStringLiteral("wrong key"), wrongKey,
                          expect(QStringLiteral("AuthenticationError"), 401,
                                 {{QStringLiteral("message"), QStringLiteral("401 \"Unauthorized\"")}})));
        errors.append(expectedError(
            QStringLiteral("over the context"), {{QStringLiteral("inputTokens"), 9000}},
            expect(QStringLiteral("BadRequestError"), 400,
                   {{QStringLiteral("code"), 400},
                    {QStringLiteral("type"), QStringLiteral("BadRequestError")},
                    {QStringLiteral("message"),
                     QStringLiteral("400 This model's maximum context length is 8192 tokens. However, you "
                                    "requested 9000 tokens in the input for embedding generation. Please "
                                    "reduce the length of the input.")}})));
        errors.append(expectedError(
            QStringLiteral("unknown model"), {{QStringLiteral("model"), QStringLiteral("other")}},
            expect(QStringLiteral("NotFoundError"), 404,
                   {{QStringLiteral("code"), 404}, {QStringLiteral("param"), QStringLiteral("model")}})));
        break;
    }
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));

    const QStringList inputs{QStringLiteral("무선 블루투스 이어폰"),
                             QStringLiteral("Stainless steel bottle 750ml"),
                             QStringLiteral("emoji 👩‍👩‍👧‍👦 and code {}")};
    const QJsonObject spec{
        {QStringLiteral("profile"), profile},
        {QStringLiteral("baseUrl"), sim.baseUrl().toString()},
        {QStringLiteral("azureEndpoint"), QStringLiteral("http://127.0.0.1:%1").arg(sim.port())},
        {QStringLiteral("apiVersion"), QStringLiteral("2024-10-21")},
        {QStringLiteral("apiKey"),
         options.requiredApiKey.isEmpty() ? QStringLiteral("unused") : options.requiredApiKey},
        {QStringLiteral("model"), model},
        {QStringLiteral("expectedModel"), expectedModel},
        {QStringLiteral("inputs"), QJsonArray::fromStringList(inputs)},
        {QStringLiteral("expected"), base64Vectors(inputs, options.dimensions)},
        {QStringLiteral("errors"), errors},
    };
    QString failure;
    const QJsonObject result = runNodeCheck(node, QStringLiteral("profiles-check.mjs"), spec, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), true);
    QVERIFY(result.value(QLatin1String("checks")).toInt() > 20);

    // Both encodings reached the simulator, Azure's on its deployment route with api-key.
    QSet<QString> formats;
    for (const SimulatorRequestRecord& r : sim.stats().requestLog) {
        formats.insert(r.encodingFormat);
        if (options.profile == ServerProfile::Azure)
            QVERIFY2(r.target.startsWith("/openai/deployments/") &&
                         r.target.contains("api-version=2024-10-21"),
                     r.target.constData());
    }
    QVERIFY(formats.contains(QStringLiteral("base64")));
    QVERIFY(formats.contains(QStringLiteral("float")));
}

void TestOpenAiNode::officialClientDrivesTheBatchApi()
{
    QString skip;
    const QString node = nodeOrSkipReason(&skip);
    if (node.isEmpty())
        QSKIP(qPrintable(skip));

    // Five simulators on one fast clock (24 h in 6 s): a plain one, one slow to validate, one whose
    // enqueued-token limit no batch fits, one whose batches expire half done, one failing every request.
    SimulatorOptions options;
    options.requiredApiKey = QStringLiteral("sk-batch-check-0123456789");
    options.faults = {QStringLiteral("bad-input:BADWORD")};
    options.batch.minutesPerSecond = 14400;
    SimulatorFixture sim(options);
    SimulatorOptions limitedOptions = options;
    limitedOptions.batch.enqueuedTokenLimit = 5;
    SimulatorFixture limited(limitedOptions);
    SimulatorOptions expiringOptions = options;
    expiringOptions.batch.expireAtFraction = 0.5;
    SimulatorFixture expiring(expiringOptions);
    SimulatorOptions slowOptions = options;
    slowOptions.batch.validatingMinutes = 600;
    SimulatorFixture slow(slowOptions);
    SimulatorOptions faultyOptions = options;
    faultyOptions.batch.requestErrorRate = 1;
    SimulatorFixture faulty(faultyOptions);
    for (const SimulatorFixture* s : {&sim, &slow, &limited, &expiring, &faulty})
        QVERIFY2(s->isRunning(), qPrintable(s->error()));

    const QStringList inputs{
        QStringLiteral("Stainless steel bottle 750ml — keeps cold 24h"),
        QStringLiteral("무선 블루투스 이어폰, 노이즈 캔슬링"),
        QStringLiteral("日本語と中文 mixed with English"),
        QStringLiteral("emoji 👩‍👩‍👧‍👦 and code: for (i = 0; i < n; ++i) {}"),
        QStringLiteral("plain text"),
    };
    const QJsonObject spec{
        {QStringLiteral("baseUrl"), sim.baseUrl().toString()},
        {QStringLiteral("slowBaseUrl"), slow.baseUrl().toString()},
        {QStringLiteral("limitedBaseUrl"), limited.baseUrl().toString()},
        {QStringLiteral("expiringBaseUrl"), expiring.baseUrl().toString()},
        {QStringLiteral("faultyBaseUrl"), faulty.baseUrl().toString()},
        {QStringLiteral("apiKey"), options.requiredApiKey},
        {QStringLiteral("model"), QStringLiteral("text-embedding-3-small")},
        {QStringLiteral("dimensions"), 64},
        {QStringLiteral("inputs"), QJsonArray::fromStringList(inputs)},
        {QStringLiteral("expected"), base64Vectors(inputs, 64)},
        {QStringLiteral("badInput"), QStringLiteral("a BADWORD here")},
    };
    QString failure;
    const QJsonObject result = runNodeCheck(node, QStringLiteral("batch-check.mjs"), spec, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(result.value(QLatin1String("ok")).toBool(), true);
    QVERIFY(result.value(QLatin1String("checks")).toInt() > 60);

    // Every text answered by the batch was served exactly once (the pair adds inputs 0 and 1).
    const SimulatorStats stats = sim.stats();
    QCOMPARE(stats.servedCount.value(inputs[2].toUtf8()), 1);
    QCOMPARE(stats.servedCount.value(inputs[0].toUtf8()), 2);
}

QTEST_GUILESS_MAIN(TestOpenAiNode)
#include "tst_openai_node.moc"
