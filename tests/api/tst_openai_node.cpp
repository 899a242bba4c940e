// The official `openai` npm client (OpenAI and AzureOpenAI) against the simulator: float,
// base64 and the SDK's default decoding, `dimensions`, usage counted by js-tiktoken, the error
// format and authentication (tests/node/openai-check.mjs). Skipped when node or the npm
// modules are missing (`npm ci --prefix tests/node`).

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

} // namespace

class TestOpenAiNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialClientAcceptsTheSimulator();
};

void TestOpenAiNode::officialClientAcceptsTheSimulator()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not installed");
    const QDir nodeDir(QStringLiteral(EC_SOURCE_DIR "/tests/node"));
    if (!nodeDir.exists(QStringLiteral("node_modules/openai/package.json")) ||
        !nodeDir.exists(QStringLiteral("node_modules/js-tiktoken/package.json")))
        QSKIP("the openai / js-tiktoken npm modules are missing: npm ci --prefix tests/node");

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
    QJsonArray expected;
    QJsonArray expectedShort;
    for (const QString& input : inputs) {
        expected.append(base64Vector(input, 1536));
        expectedShort.append(base64Vector(input, 256));
    }
    const QJsonObject spec{
        {QStringLiteral("baseUrl"), sim.baseUrl().toString()},
        {QStringLiteral("azureEndpoint"), QStringLiteral("http://127.0.0.1:%1").arg(sim.port())},
        {QStringLiteral("apiKey"), options.requiredApiKey},
        {QStringLiteral("model"), QStringLiteral("text-embedding-3-small")},
        {QStringLiteral("inputs"), QJsonArray::fromStringList(inputs)},
        {QStringLiteral("shortDimensions"), 256},
        {QStringLiteral("expected"), expected},
        {QStringLiteral("expectedShort"), expectedShort},
        {QStringLiteral("badInput"), QStringLiteral("this one has a BADWORD in it")},
    };
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("spec.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(spec).toJson());
    file.close();

    QProcess process;
    process.setWorkingDirectory(nodeDir.absolutePath());
    process.start(node, {nodeDir.filePath(QStringLiteral("openai-check.mjs")), file.fileName()});
    QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
    // The simulator runs on its own thread, so blocking here does not stall it.
    QVERIFY2(process.waitForFinished(120000), "node did not finish");
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    const QJsonObject result = QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(QString::fromUtf8(out + err)));
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

QTEST_GUILESS_MAIN(TestOpenAiNode)
#include "tst_openai_node.moc"
