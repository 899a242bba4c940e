// Item texts (the original design's rule, checked against the original design's own JavaScript when node is
// available), templates, content hashes, input preparation and batch planning.

#include "text/BatchPlanner.h"
#include "text/ContentHash.h"
#include "text/InputPreparer.h"
#include "text/ItemTextBuilder.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace ec;

namespace {

bool isValidUtf8(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

QByteArray longKoreanText(int repeats)
{
    QByteArray text;
    for (int i = 0; i < repeats; ++i)
        text += QString::fromUtf8(
                    "부드러운 울 혼방 소재로 제작되어 보온성이 뛰어나며, 데일리룩으로 활용하기 좋은 "
                    "베이직한 디자인입니다. Premium knit 😀 ")
                    .toUtf8();
    return text;
}

BatchSettings batchSettings(int batchSize, int maxTokensPerRequest, int maxInputsPerRequest = 2048)
{
    BatchSettings settings;
    settings.batchSize = batchSize;
    settings.maxTokensPerRequest = maxTokensPerRequest;
    settings.maxInputsPerRequest = maxInputsPerRequest;
    return settings;
}

std::vector<qint64> range(qint64 from, qint64 to)
{
    std::vector<qint64> values;
    for (qint64 v = from; v < to; ++v)
        values.push_back(v);
    return values;
}

} // namespace

class TestText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultText_data();
    void defaultText();
    void defaultTextMatchesTheSeedJavaScript();
    void templateText_data();
    void templateText();
    void emptyTemplateMeansSeedText();
    void contentHashIsSha256OfTheDocumentedBytes();
    void contentHashIsSensitiveToEveryPart();
    void emptyTextIsSkipped_data();
    void emptyTextIsSkipped();
    void textWithinLimitIsKeptWhole();
    void overlongTextIsTruncatedAndFlagged();
    void overlongTextAtTheDefaultLimit();
    void overlongTextIsSkippedByOption();
    void tokenLimitNeverExceedsTheRequestLimit();
    void invalidTokenizerSkipsInsteadOfGuessing();
    void batchesCloseAtTheBatchSize();
    void inputLimitCapsTheBatchSize();
    void tokenLimitClosesBatchBeforeSizeLimit();
    void exactTokenFitStaysInOneBatch();
    void oversizedInputTravelsAlone();
    void flushWithNothingPending();
    void randomInputsEachLandOnceWithinLimits();
};

void TestText::defaultText_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<QString>("expected");

    // Worked out by hand from [title, summary || '', tags.join(' ')].filter(Boolean).join(' ').trim()
    QTest::newRow("all parts") << QStringLiteral("무선 이어폰") << QStringLiteral("고음질")
                               << QStringList{QStringLiteral("audio"), QStringLiteral("bt")}
                               << QStringLiteral("무선 이어폰 고음질 audio bt");
    QTest::newRow("null summary") << QStringLiteral("T") << QString() << QStringList{QStringLiteral("a")}
                                  << QStringLiteral("T a");
    QTest::newRow("empty summary") << QStringLiteral("T") << QStringLiteral("")
                                   << QStringList{QStringLiteral("a")} << QStringLiteral("T a");
    QTest::newRow("no tags") << QStringLiteral("T") << QStringLiteral("S") << QStringList()
                             << QStringLiteral("T S");
    QTest::newRow("only tags") << QStringLiteral("") << QStringLiteral("")
                               << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                               << QStringLiteral("a b");
    QTest::newRow("nothing") << QStringLiteral("") << QString() << QStringList() << QStringLiteral("");
    QTest::newRow("null title") << QString() << QStringLiteral("S") << QStringList() << QStringLiteral("S");
    QTest::newRow("empty tag keeps its separator")
        << QStringLiteral("T") << QStringLiteral("S") << QStringList{QStringLiteral(""), QStringLiteral("a")}
        << QStringLiteral("T S  a");
    QTest::newRow("tags of empty strings are a space")
        << QStringLiteral("T") << QStringLiteral("") << QStringList{QStringLiteral(""), QStringLiteral("")}
        << QStringLiteral("T");
    QTest::newRow("inner white space kept")
        << QStringLiteral("  T  ") << QStringLiteral(" S ") << QStringList{QStringLiteral(" a ")}
        << QStringLiteral("T    S   a");
    QTest::newRow("white-space title is not empty")
        << QStringLiteral("   ") << QStringLiteral("S") << QStringList() << QStringLiteral("S");
    QTest::newRow("newlines and tabs inside")
        << QStringLiteral("T\nX") << QStringLiteral("S\tY") << QStringList() << QStringLiteral("T\nX S\tY");
    QTest::newRow("JavaScript trim set")
        << QStringLiteral("\u00A0\uFEFF\u3000T") << QStringLiteral("S\u2028\u205F") << QStringList()
        << QStringLiteral("T S");
    QTest::newRow("U+0085 is not trimmed")
        << QStringLiteral("\u0085T") << QString() << QStringList() << QStringLiteral("\u0085T");
    QTest::newRow("tags with spaces")
        << QStringLiteral("T") << QStringLiteral("S")
        << QStringList{QStringLiteral("a b"), QStringLiteral("c")} << QStringLiteral("T S a b c");
}

void TestText::defaultText()
{
    QFETCH(QString, title);
    QFETCH(QString, summary);
    QFETCH(QStringList, tags);
    QFETCH(QString, expected);
    QCOMPARE(ItemTextBuilder::defaultText(title, summary, tags), expected);
    QCOMPARE(ItemTextBuilder().build(title, summary, tags), expected);
}

void TestText::defaultTextMatchesTheSeedJavaScript()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not installed");

    const QStringList pool = {QString(),
                              QStringLiteral(""),
                              QStringLiteral(" "),
                              QStringLiteral("T"),
                              QStringLiteral("무선 이어폰"),
                              QStringLiteral("  padded  "),
                              QStringLiteral("\u00A0"),
                              QStringLiteral("\u3000x"),
                              QStringLiteral("\uFEFF"),
                              QStringLiteral("\u0085"),
                              QStringLiteral("a\nb"),
                              QStringLiteral("\t"),
                              QStringLiteral("x\u2028"),
                              QStringLiteral("😀 ")};
    std::mt19937 random(5);
    struct Item
    {
        QString title;
        QString summary;
        QStringList tags;
    };
    std::vector<Item> items;
    for (int i = 0; i < 600; ++i) {
        Item item{pool[qsizetype(random() % pool.size())], pool[qsizetype(random() % pool.size())], {}};
        for (int t = int(random() % 4); t > 0; --t)
            item.tags.append(pool[1 + qsizetype(random() % (pool.size() - 1))]); // tags are never null
        items.push_back(item);
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile input(dir.filePath(QStringLiteral("items.jsonl")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    for (const Item& item : items) {
        QJsonObject object;
        object.insert(QStringLiteral("title"), item.title.isNull() ? QJsonValue() : QJsonValue(item.title));
        object.insert(QStringLiteral("summary"),
                      item.summary.isNull() ? QJsonValue() : QJsonValue(item.summary));
        object.insert(QStringLiteral("tags"), QJsonArray::fromStringList(item.tags));
        input.write(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
    }
    input.close();

    QProcess process;
    process.start(node, {QStringLiteral(EC_SOURCE_DIR "/tests/text/seed-text.mjs"), input.fileName()});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    QVERIFY(lines.size() >= qsizetype(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const QString expected =
            QJsonDocument::fromJson('[' + lines[qsizetype(i)] + ']').array().at(0).toString();
        QCOMPARE(ItemTextBuilder::defaultText(items[i].title, items[i].summary, items[i].tags), expected);
    }
}

void TestText::templateText_data()
{
    QTest::addColumn<QString>("textTemplate");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("expected");
    QTest::newRow("all placeholders") << QStringLiteral("{title} | {summary} | {tags}") << QStringLiteral("T")
                                      << QStringLiteral("S") << QStringLiteral("T | S | a b");
    QTest::newRow("missing summary, trimmed")
        << QStringLiteral("{title} - {summary}") << QStringLiteral("T") << QString() << QStringLiteral("T -");
    QTest::newRow("unknown braces kept") << QStringLiteral("{title} {price} {") << QStringLiteral("T")
                                         << QStringLiteral("S") << QStringLiteral("T {price} {");
    QTest::newRow("values are not expanded again")
        << QStringLiteral("{title}/{summary}") << QStringLiteral("{summary}") << QStringLiteral("S")
        << QStringLiteral("{summary}/S");
    QTest::newRow("result trimmed") << QStringLiteral("  {title}\u3000\n") << QStringLiteral("T")
                                    << QStringLiteral("S") << QStringLiteral("T");
    QTest::newRow("repeated placeholder") << QStringLiteral("{title}{title}") << QStringLiteral("T")
                                          << QStringLiteral("S") << QStringLiteral("TT");
    QTest::newRow("korean labels") << QStringLiteral("상품명: {title}\n설명: {summary}\n태그: {tags}")
                                   << QStringLiteral("무선 이어폰") << QStringLiteral("고음질")
                                   << QStringLiteral("상품명: 무선 이어폰\n설명: 고음질\n태그: a b");
}

void TestText::templateText()
{
    QFETCH(QString, textTemplate);
    QFETCH(QString, title);
    QFETCH(QString, summary);
    QFETCH(QString, expected);
    BatchSettings settings;
    settings.textTemplate = textTemplate;
    const ItemTextBuilder builder(settings);
    QVERIFY(builder.usesTemplate());
    QCOMPARE(builder.build(title, summary, {QStringLiteral("a"), QStringLiteral("b")}), expected);
}

void TestText::emptyTemplateMeansSeedText()
{
    const ItemTextBuilder builder{BatchSettings()};
    QVERIFY(!builder.usesTemplate());
    const QStringList tags{QStringLiteral(""), QStringLiteral("x")};
    QCOMPARE(builder.build(QStringLiteral(" T"), QString(), tags),
             ItemTextBuilder::defaultText(QStringLiteral(" T"), QString(), tags));
}

void TestText::contentHashIsSha256OfTheDocumentedBytes()
{
    const QByteArray text = QString::fromUtf8("무선 이어폰 고음질").toUtf8();
    const QByteArray hash = ContentHash::of(text, QStringLiteral("text-embedding-3-small"), 1536);
    QCOMPARE(hash.size(), 64);
    QCOMPARE(hash, hash.toLower());
    QByteArray bytes = text;
    bytes.append('\0').append("text-embedding-3-small").append('\0').append("1536");
    QCOMPARE(hash, QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QCOMPARE(ContentHash::of(text, QStringLiteral("text-embedding-3-small"), 1536), hash); // stable
}

void TestText::contentHashIsSensitiveToEveryPart()
{
    const QByteArray text("wireless earbuds");
    const QString model = QStringLiteral("text-embedding-3-small");
    const QByteArray base = ContentHash::of(text, model, 1536);
    QVERIFY(ContentHash::of(text + ' ', model, 1536) != base);
    QVERIFY(ContentHash::of(text, QStringLiteral("text-embedding-3-large"), 1536) != base);
    QVERIFY(ContentHash::of(text, model, 512) != base);
    QVERIFY(ContentHash::of(text, model, 0) != base);
    QVERIFY(ContentHash::of("ab", QStringLiteral("c"), 1) != ContentHash::of("a", QStringLiteral("bc"), 1));
    QVERIFY(ContentHash::of("a", QStringLiteral("b"), 12) != ContentHash::of("a", QStringLiteral("b1"), 2));
}

void TestText::emptyTextIsSkipped_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("spaces") << QStringLiteral("   ");
    QTest::newRow("mixed white space") << QStringLiteral(" \n\t\r\u00A0\u3000\uFEFF");
}

void TestText::emptyTextIsSkipped()
{
    QFETCH(QString, text);
    const InputPreparer preparer{BatchSettings()};
    for (const PreparedInput& input : {preparer.prepare(text), preparer.prepare(text.toUtf8())}) {
        QVERIFY(input.isSkipped());
        QCOMPARE(input.skip, SkipReason::Empty);
        QCOMPARE(input.skipMessage, QStringLiteral("empty text"));
        QCOMPARE(InputPreparer::skipCode(input.skip), QStringLiteral("empty_text"));
        QVERIFY(input.text.isEmpty());
    }
}

void TestText::textWithinLimitIsKeptWhole()
{
    const InputPreparer preparer{BatchSettings()};
    const QString text = QStringLiteral("무선 블루투스 이어폰 노이즈 캔슬링 audio bluetooth");
    const PreparedInput input = preparer.prepare(text);
    QVERIFY(!input.isSkipped());
    QVERIFY(!input.truncated);
    QCOMPARE(input.text, text.toUtf8());
    QCOMPARE(input.tokens, Cl100kTokenizer::instance().count(text));
    QCOMPARE(input.originalTokens, input.tokens);
    QVERIFY(input.tokens > 0);
    const PreparedInput fromUtf8 = preparer.prepare(text.toUtf8());
    QCOMPARE(fromUtf8.text, input.text);
    QCOMPARE(fromUtf8.tokens, input.tokens);
}

void TestText::overlongTextIsTruncatedAndFlagged()
{
    BatchSettings settings;
    settings.maxTokensPerInput = 50;
    const InputPreparer preparer(settings);
    QCOMPARE(preparer.tokenLimit(), 50);
    const QByteArray text = longKoreanText(20);
    const int full = Cl100kTokenizer::instance().count(QByteArrayView(text));
    QVERIFY(full > 50);

    const PreparedInput input = preparer.prepare(text);
    QVERIFY(!input.isSkipped());
    QVERIFY(input.truncated);
    QCOMPARE(input.originalTokens, full);
    QVERIFY(input.tokens <= 50);
    QVERIFY(input.tokens > 0);
    QCOMPARE(input.tokens, Cl100kTokenizer::instance().count(QByteArrayView(input.text)));
    QVERIFY(text.startsWith(input.text));
    QVERIFY(isValidUtf8(input.text));
}

void TestText::overlongTextAtTheDefaultLimit()
{
    const InputPreparer preparer{BatchSettings()};
    QCOMPARE(preparer.tokenLimit(), 8192);
    const QByteArray text = longKoreanText(300);
    QVERIFY(Cl100kTokenizer::instance().count(QByteArrayView(text)) > 8192);
    const PreparedInput input = preparer.prepare(text);
    QVERIFY(input.truncated);
    QVERIFY(input.tokens <= 8192);
    QVERIFY(input.tokens > 8100); // cut near the limit, not far before it
    QVERIFY(text.startsWith(input.text));
    QVERIFY(isValidUtf8(input.text));
}

void TestText::overlongTextIsSkippedByOption()
{
    BatchSettings settings;
    settings.maxTokensPerInput = 50;
    settings.overlong = OverlongPolicy::Skip;
    const InputPreparer preparer(settings);
    const QByteArray text = longKoreanText(20);
    const int full = Cl100kTokenizer::instance().count(QByteArrayView(text));
    const PreparedInput input = preparer.prepare(text);
    QCOMPARE(input.skip, SkipReason::TooLong);
    QCOMPARE(InputPreparer::skipCode(input.skip), QStringLiteral("too_long"));
    QVERIFY(input.text.isEmpty());
    QVERIFY(!input.truncated);
    QCOMPARE(input.originalTokens, full);
    QVERIFY2(input.skipMessage.contains(QString::number(full)) &&
                 input.skipMessage.contains(QLatin1String("50")),
             qPrintable(input.skipMessage));

    // A text exactly at the limit is sent whole.
    const QByteArray fits = Cl100kTokenizer::instance().truncated(QByteArrayView(text), 50);
    const PreparedInput atLimit = preparer.prepare(fits);
    QVERIFY(!atLimit.isSkipped());
    QCOMPARE(atLimit.text, fits);
}

void TestText::tokenLimitNeverExceedsTheRequestLimit()
{
    BatchSettings settings;
    settings.maxTokensPerInput = 8192;
    settings.maxTokensPerRequest = 30;
    const InputPreparer preparer(settings);
    QCOMPARE(preparer.tokenLimit(), 30);
    const PreparedInput input = preparer.prepare(longKoreanText(5));
    QVERIFY(input.truncated);
    QVERIFY(input.tokens <= 30);
}

void TestText::invalidTokenizerSkipsInsteadOfGuessing()
{
    const Cl100kTokenizer broken{QByteArrayView("not a rank file")};
    QVERIFY(!broken.isValid());
    const InputPreparer preparer(BatchSettings(), broken);
    const PreparedInput input = preparer.prepare(QStringLiteral("hello"));
    QCOMPARE(input.skip, SkipReason::Untokenizable);
    QVERIFY(input.skipMessage.contains(broken.error()));
    QCOMPARE(preparer.prepare(QString()).skip, SkipReason::Empty);
}

void TestText::batchesCloseAtTheBatchSize()
{
    BatchPlanner planner(batchSettings(100, 300000));
    QCOMPARE(planner.maxInputs(), 100);
    std::vector<PlannedBatch> batches;
    for (qint64 i = 0; i < 250; ++i) {
        if (auto batch = planner.add(i, 10)) {
            QVERIFY2(i == 99 || i == 199, qPrintable(QString::number(i))); // closes on the add that fills it
            batches.push_back(*batch);
        }
    }
    QCOMPARE(planner.pendingInputs(), 50);
    QCOMPARE(planner.pendingTokens(), 500);
    batches.push_back(*planner.flush());
    QCOMPARE(batches.size(), std::size_t(3));
    QCOMPARE(batches[0].payloads, range(0, 100));
    QCOMPARE(batches[0].tokens, 1000);
    QCOMPARE(batches[1].payloads, range(100, 200));
    QCOMPARE(batches[2].payloads, range(200, 250));
    QCOMPARE(planner.pendingInputs(), 0);
}

void TestText::inputLimitCapsTheBatchSize()
{
    BatchPlanner planner(batchSettings(5000, 300000, 2048));
    QCOMPARE(planner.maxInputs(), 2048);
    QCOMPARE(BatchPlanner(BatchSettings()).maxInputs(), 100);
    QCOMPARE(BatchPlanner(BatchSettings()).maxTokens(), 300000);
    for (qint64 i = 0; i < 2047; ++i)
        QVERIFY(!planner.add(i, 1));
    const std::optional<PlannedBatch> batch = planner.add(2047, 1);
    QVERIFY(batch);
    QCOMPARE(batch->size(), 2048);
}

void TestText::tokenLimitClosesBatchBeforeSizeLimit()
{
    BatchPlanner planner(batchSettings(100, 1000));
    QVERIFY(!planner.add(0, 300));
    QVERIFY(!planner.add(1, 300));
    QVERIFY(!planner.add(2, 300));
    const std::optional<PlannedBatch> batch = planner.add(3, 300); // 1200 > 1000
    QVERIFY(batch);
    QCOMPARE(batch->payloads, range(0, 3));
    QCOMPARE(batch->tokens, 900);
    QCOMPARE(planner.pendingInputs(), 1);
    QCOMPARE(planner.pendingTokens(), 300);
    QCOMPARE(planner.flush()->payloads, range(3, 4));
}

void TestText::exactTokenFitStaysInOneBatch()
{
    BatchPlanner planner(batchSettings(100, 1000));
    for (qint64 i = 0; i < 4; ++i)
        QVERIFY(!planner.add(i, 250));
    QCOMPARE(planner.pendingTokens(), 1000);
    const std::optional<PlannedBatch> batch = planner.add(4, 1);
    QVERIFY(batch);
    QCOMPARE(batch->payloads, range(0, 4));
    QCOMPARE(batch->tokens, 1000);
}

void TestText::oversizedInputTravelsAlone()
{
    BatchPlanner planner(batchSettings(100, 1000));
    QVERIFY(!planner.add(0, 100));
    QCOMPARE(planner.add(1, 1500)->payloads, range(0, 1));
    QCOMPARE(planner.add(2, 100)->payloads, range(1, 2));
    const std::optional<PlannedBatch> last = planner.flush();
    QCOMPARE(last->payloads, range(2, 3));
    QCOMPARE(last->tokens, 100);
}

void TestText::flushWithNothingPending()
{
    BatchPlanner planner(batchSettings(2, 1000));
    QVERIFY(!planner.flush());
    QVERIFY(!planner.add(0, 1));
    QVERIFY(planner.add(1, 1));
    QVERIFY(!planner.flush());
}

void TestText::randomInputsEachLandOnceWithinLimits()
{
    std::mt19937 random(17);
    for (int round = 0; round < 40; ++round) {
        const int batchSize = 1 + int(random() % 120);
        const int maxTokens = 50 + int(random() % 5000);
        BatchPlanner planner(batchSettings(batchSize, maxTokens));
        const int count = int(random() % 2000);
        std::vector<int> tokens;
        std::vector<PlannedBatch> batches;
        for (int i = 0; i < count; ++i) {
            tokens.push_back(1 + int(random() % std::uint32_t(maxTokens)));
            if (auto batch = planner.add(i, tokens.back()))
                batches.push_back(std::move(*batch));
        }
        if (auto batch = planner.flush())
            batches.push_back(std::move(*batch));

        qint64 next = 0;
        for (std::size_t b = 0; b < batches.size(); ++b) {
            const PlannedBatch& batch = batches[b];
            QVERIFY(!batch.isEmpty());
            QVERIFY(batch.size() <= batchSize);
            QVERIFY(batch.tokens <= maxTokens);
            qint64 sum = 0;
            for (const qint64 payload : batch.payloads) {
                QCOMPARE(payload, next++); // every input once, in order
                sum += tokens[std::size_t(payload)];
            }
            QCOMPARE(batch.tokens, sum);
            // A batch closes only when full or when the next input would not have fitted.
            if (b + 1 < batches.size()) {
                const int following = tokens[std::size_t(batches[b + 1].payloads.front())];
                QVERIFY(batch.size() == batchSize || batch.tokens + following > maxTokens);
            }
        }
        QCOMPARE(next, qint64(count));
    }
}

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
