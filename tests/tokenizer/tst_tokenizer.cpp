// The cl100k_base tokenizer against the reference: token ids of the golden corpus (made by
// js-tiktoken and gpt-tokenizer, scripts/gen-token-golden.mjs), random texts checked with
// js-tiktoken at test time, the regex's split rules, truncation and the rank file's checksum.

#include "tokenizer/BytePairRanks.h"
#include "tokenizer/Cl100kPreTokenizer.h"
#include "tokenizer/Cl100kTokenizer.h"
#include "tokenizer/TokenizerBenchmark.h"

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
#include <string_view>
#include <thread>

using namespace ec;

namespace {

QString sourcePath(const QString& relative)
{
    return QStringLiteral(EC_SOURCE_DIR "/") + relative;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QList<QJsonObject> readJsonLines(const QString& path)
{
    QList<QJsonObject> objects;
    const QList<QByteArray> lines = readFile(path).split('\n');
    for (const QByteArray& line : lines) {
        if (!line.trimmed().isEmpty())
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return objects;
}

std::vector<int> toIds(const QJsonArray& array)
{
    std::vector<int> ids;
    ids.reserve(std::size_t(array.size()));
    for (const QJsonValue& value : array)
        ids.push_back(value.toInt(-1));
    return ids;
}

bool isValidUtf8(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

const Cl100kTokenizer& tokenizer()
{
    return Cl100kTokenizer::instance();
}

QByteArray bytesOfTokens(const std::vector<int>& ids, std::size_t count)
{
    return tokenizer().decode(std::vector<int>(ids.begin(), ids.begin() + std::ptrdiff_t(count)));
}

/// Random texts built from fragments that exercise every rule of the pre-tokenizer.
QStringList randomTexts(int count, quint32 seed)
{
    static const char* const fragments[] = {"a",
                                            "Z",
                                            "hello",
                                            "World",
                                            "it",
                                            "don",
                                            "'",
                                            "'s",
                                            "'S",
                                            "'t",
                                            "'re",
                                            "'RE",
                                            "'ve",
                                            "'vE",
                                            "'m",
                                            "'ll",
                                            "'LL",
                                            "'d",
                                            "'x",
                                            " ",
                                            "  ",
                                            "   ",
                                            "\t",
                                            "\n",
                                            "\r",
                                            "\r\n",
                                            "\n\n",
                                            "\u00A0",
                                            "\u3000",
                                            "\u2003",
                                            "\u2028",
                                            "\v",
                                            "\f",
                                            "1",
                                            "12",
                                            "1234",
                                            "\u0663",
                                            "\u00BD",
                                            "\u216B",
                                            "!",
                                            "?",
                                            "...",
                                            ",",
                                            "-",
                                            "(",
                                            ")",
                                            "\"",
                                            "#",
                                            "@",
                                            "/",
                                            "=",
                                            "\u2019",
                                            "한",
                                            "한국어",
                                            "ㅋㅋ",
                                            "가나다",
                                            "中文",
                                            "日本",
                                            "Привет",
                                            "é",
                                            "e\u0301",
                                            "\u0301",
                                            "😀",
                                            "👍🏽",
                                            "🇰🇷",
                                            "👨\u200D👩\u200D👧",
                                            "\u200D",
                                            "\uFE0F",
                                            "𝐀",
                                            "𠀀",
                                            "<|endoftext|>",
                                            "http://x.y/z?a=1",
                                            "\u0001"};
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> length(1, 40);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(fragments) - 1);
    QStringList texts;
    for (int i = 0; i < count; ++i) {
        QString text;
        for (int n = length(random); n > 0; --n)
            text += QString::fromUtf8(fragments[pick(random)]);
        texts.append(text);
    }
    return texts;
}

/// Random texts of code points from anywhere in Unicode (no surrogates, and none of the
/// code points on which tiktoken's Rust regex and JavaScript's disagree: U+0085, U+FEFF,
/// U+017F), with enough spaces, newlines and apostrophes to form pieces of every kind.
QStringList randomCodePointTexts(int count, quint32 seed)
{
    std::mt19937 random(seed);
    auto codePoint = [&random]() -> char32_t {
        switch (random() % 8) {
        case 0:
            return char32_t(0x20 + random() % 0x5F);
        case 1:
            return std::u32string_view(U"  \n\r\t'")[random() % 6];
        case 2:
            return char32_t(0xA0 + random() % 0x560);
        case 3:
            return char32_t(0xAC00 + random() % 11172);
        case 4:
        case 5:
            return char32_t(random() % 0x10000);
        default:
            return char32_t(0x10000 + random() % 0x100000);
        }
    };
    QStringList texts;
    for (int i = 0; i < count; ++i) {
        QString text;
        for (int n = 1 + int(random() % 30); n > 0;) {
            const char32_t cp = codePoint();
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x85 || cp == 0xFEFF || cp == 0x17F)
                continue;
            text += QString::fromUcs4(&cp, 1);
            --n;
        }
        texts.append(text);
    }
    return texts;
}

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rankResourceHasTheExpectedChecksum();
    void tamperedRankFileMakesTheTokenizerInvalid();
    void goldenCorpusMatchesTheReference_data();
    void goldenCorpusMatchesTheReference();
    void goldenCorpusCoversTheRequiredKinds();
    void randomTextsMatchNodeReference();
    void splitFollowsTheRegex_data();
    void splitFollowsTheRegex();
    void queueMergeEqualsScanMerge();
    void arbitraryBytesRoundTrip();
    void countOfQStringEqualsCountOfUtf8();
    void truncationKeepsKoreanValidAndWithinLimit();
    void truncationBacksOffWhenATokenSplitsACharacter();
    void truncationEdgeCases();
    void concurrentCountsAgree();
    void benchmarkReportsWhatItCounted();
    void cliCountsEachInputLine();
};

void TestTokenizer::rankResourceHasTheExpectedChecksum()
{
    QVERIFY2(tokenizer().isValid(), qPrintable(tokenizer().error()));
    QVERIFY(tokenizer().error().isEmpty());

    const QByteArray resource = readFile(QString::fromLatin1(Cl100kTokenizer::kRankFileResource));
    QVERIFY2(!resource.isEmpty(), "the rank file resource is not linked into the executable");
    const QByteArray sha = QCryptographicHash::hash(resource, QCryptographicHash::Sha256).toHex();
    QCOMPARE(sha, QByteArray(Cl100kTokenizer::kRankFileSha256));

    // The shipped file, its README and the resource are the same bytes.
    QCOMPARE(readFile(sourcePath(QStringLiteral("resources/tokenizer/cl100k_base.tiktoken"))), resource);
    QVERIFY(readFile(sourcePath(QStringLiteral("resources/tokenizer/README.md"))).contains(sha));
    QCOMPARE(resource.count('\n'), 100256);
}

void TestTokenizer::tamperedRankFileMakesTheTokenizerInvalid()
{
    QByteArray rankFile = readFile(QString::fromLatin1(Cl100kTokenizer::kRankFileResource));
    QVERIFY(!rankFile.isEmpty());
    {
        const Cl100kTokenizer intact(rankFile);
        QVERIFY2(intact.isValid(), qPrintable(intact.error()));
        QCOMPARE(intact.count(QByteArrayView("hello world")), 2);
    }
    // Swap the ranks of two tokens: still a well-formed rank file, but not the right one.
    rankFile.replace("IQ== 0\nIg== 1\n", "IQ== 1\nIg== 0\n");
    const Cl100kTokenizer tampered(rankFile);
    QVERIFY(!tampered.isValid());
    QVERIFY2(tampered.error().contains(QLatin1String("SHA-256")), qPrintable(tampered.error()));
    QCOMPARE(tampered.count(QByteArrayView("hello world")), -1);
    QVERIFY(tampered.encode(QByteArrayView("hello world")).empty());

    const Cl100kTokenizer empty{QByteArrayView()};
    QVERIFY(!empty.isValid());
}

void TestTokenizer::goldenCorpusMatchesTheReference_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expectedCount");
    QTest::addColumn<QJsonArray>("expectedTokens");

    const QList<QJsonObject> corpus =
        readJsonLines(sourcePath(QStringLiteral("tests/tokenizer/golden/corpus.jsonl")));
    const QList<QJsonObject> expected =
        readJsonLines(sourcePath(QStringLiteral("tests/tokenizer/golden/expected.jsonl")));
    QVERIFY(!corpus.isEmpty());
    QCOMPARE(expected.size(), corpus.size());
    for (qsizetype i = 0; i < corpus.size(); ++i) {
        const QString name = corpus[i].value(QLatin1String("name")).toString();
        QCOMPARE(expected[i].value(QLatin1String("name")).toString(), name);
        QTest::newRow(qPrintable(name)) << corpus[i].value(QLatin1String("text")).toString().toUtf8()
                                        << expected[i].value(QLatin1String("count")).toInt()
                                        << expected[i].value(QLatin1String("tokens")).toArray();
    }
}

void TestTokenizer::goldenCorpusMatchesTheReference()
{
    QFETCH(QByteArray, text);
    QFETCH(int, expectedCount);
    QFETCH(QJsonArray, expectedTokens);

    const std::vector<int> tokens = tokenizer().encode(text);
    QCOMPARE(tokens, toIds(expectedTokens));
    QCOMPARE(tokenizer().count(QByteArrayView(text)), expectedCount);
    QCOMPARE(tokenizer().decode(tokens), text);
}

void TestTokenizer::goldenCorpusCoversTheRequiredKinds()
{
    const QList<QJsonObject> corpus =
        readJsonLines(sourcePath(QStringLiteral("tests/tokenizer/golden/corpus.jsonl")));
    QVERIFY(corpus.size() >= 150);
    int longTexts = 0;
    QStringList prefixes;
    for (const QJsonObject& item : corpus) {
        const QString name = item.value(QLatin1String("name")).toString();
        prefixes.append(name.section(QLatin1Char('_'), 0, 0));
        if (item.value(QLatin1String("text")).toString().size() >= 10000)
            ++longTexts;
    }
    QVERIFY(longTexts >= 5);
    for (const char* kind : {"en", "ko", "mix", "emoji", "cjk", "comb", "contr", "num", "code", "url", "ws"})
        QVERIFY2(prefixes.contains(QLatin1String(kind)), kind);
}

void TestTokenizer::randomTextsMatchNodeReference()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not installed");
    if (!QFile::exists(sourcePath(QStringLiteral("tests/node/node_modules/js-tiktoken/package.json"))))
        QSKIP("tests/node/node_modules is missing (npm ci --prefix tests/node)");

    // Fragments that combine into every piece rule, and code points from all of Unicode
    // (which checks the letter/number/space tables against the reference engine).
    const QStringList texts = randomTexts(2000, 20240315) + randomCodePointTexts(3000, 4242);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile input(dir.filePath(QStringLiteral("texts.jsonl")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    for (const QString& text : texts) {
        input.write(
            QJsonDocument(QJsonObject{{QStringLiteral("text"), text}}).toJson(QJsonDocument::Compact));
        input.write("\n");
    }
    input.close();

    QProcess process;
    process.start(node,
                  {sourcePath(QStringLiteral("tests/tokenizer/reference-tokens.mjs")), input.fileName()});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), texts.size());
    int mismatches = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const std::vector<int> expected = toIds(QJsonDocument::fromJson(lines[i]).array());
        const std::vector<int> actual = tokenizer().encode(texts[i].toUtf8());
        if (actual != expected && ++mismatches <= 5)
            qWarning().noquote() << "mismatch on" << texts[i].toUtf8().toPercentEncoding(" ");
    }
    QCOMPARE(mismatches, 0);
}

void TestTokenizer::splitFollowsTheRegex_data()
{
    // Pieces worked out by hand from the regex (Rust semantics); separated by '|'.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("pieces");
    QTest::newRow("words") << QByteArray("hello world") << QByteArray("hello| world");
    QTest::newRow("two spaces before a word") << QByteArray("a  b") << QByteArray("a| | b");
    QTest::newRow("space run before a digit") << QByteArray("a   1") << QByteArray("a|  | |1");
    QTest::newRow("trailing spaces stay together") << QByteArray("hi   ") << QByteArray("hi|   ");
    QTest::newRow("newlines up to the last one") << QByteArray("a \n \n  b") << QByteArray("a| \n \n| | b");
    QTest::newRow("crlf") << QByteArray("a\r\n\r\nb") << QByteArray("a|\r\n\r\n|b");
    QTest::newRow("contractions any case")
        << QByteArray("IT'LL it's we'Ve") << QByteArray("IT|'LL| it|'s| we|'Ve");
    QTest::newRow("contraction before letters") << QByteArray("'sound") << QByteArray("'s|ound");
    QTest::newRow("digits in threes") << QByteArray("1234567") << QByteArray("123|456|7");
    QTest::newRow("punctuation takes newlines") << QByteArray(" !!\n\nx") << QByteArray(" !!\n\n|x");
    QTest::newRow("punctuation prefix of a word") << QByteArray("(abc)") << QByteArray("(abc|)");
    QTest::newRow("tab prefix of a word") << QByteArray("\tabc") << QByteArray("\tabc");
    QTest::newRow("newline is no word prefix") << QByteArray("\nabc") << QByteArray("\n|abc");
    QTest::newRow("tab is no punctuation prefix") << QByteArray("\t!") << QByteArray("\t|!");
    QTest::newRow("NEL is white space (Rust \\s)") << QByteArray("x\xC2\x85!") << QByteArray("x|\xC2\x85|!");
    QTest::newRow("BOM is not white space (Rust \\s)")
        << QByteArray("!\xEF\xBB\xBF!") << QByteArray("!\xEF\xBB\xBF!");
    QTest::newRow("long s folds to s") << QByteArray("'\xC5\xBFt") << QByteArray("'\xC5\xBF|t");
    QTest::newRow("invalid byte before letters") << QByteArray("a \xFF"
                                                               "b")
                                                 << QByteArray("a| \xFF|b");
    QTest::newRow("invalid byte as punctuation") << QByteArray("\xC3(") << QByteArray("\xC3(");
    QTest::newRow("truncated sequence at the end") << QByteArray("ab\xE2\x82") << QByteArray("ab|\xE2\x82");
}

void TestTokenizer::splitFollowsTheRegex()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, pieces);
    QByteArray joined;
    for (const QByteArray& piece : Cl100kPreTokenizer::split(text))
        joined += (joined.isEmpty() ? QByteArray() : QByteArray("|")) + piece;
    QCOMPARE(joined, pieces);
}

void TestTokenizer::queueMergeEqualsScanMerge()
{
    BytePairRanks ranks;
    QString error;
    QVERIFY2(ranks.load(readFile(QString::fromLatin1(Cl100kTokenizer::kRankFileResource)), &error),
             qPrintable(error));
    const QByteArray alphabets[] = {QByteArray("ab "), QByteArray("etaoin shrdlu"),
                                    QString::fromUtf8("가나다라마바사한국어").toUtf8(), QByteArray("=-_"),
                                    QString::fromUtf8("😀🇰🇷e\u0301").toUtf8()};
    std::mt19937 random(7);
    for (int round = 0; round < 1500; ++round) {
        const QByteArray& alphabet = alphabets[round % std::size(alphabets)];
        const int length = 2 + int(random() % 300);
        QByteArray piece;
        for (int i = 0; i < length; ++i)
            piece += alphabet[qsizetype(random() % std::uint32_t(alphabet.size()))];
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(piece.constData());
        std::vector<int> scan;
        std::vector<int> queue;
        int scanCount = 0;
        int queueCount = 0;
        ranks.mergeWithScan(bytes, std::size_t(piece.size()), &scan, &scanCount);
        ranks.mergeWithQueue(bytes, std::size_t(piece.size()), &queue, &queueCount);
        QCOMPARE(queue, scan);
        QCOMPARE(queueCount, scanCount);
        QCOMPARE(int(scan.size()), scanCount);
    }
}

void TestTokenizer::arbitraryBytesRoundTrip()
{
    std::mt19937 random(11);
    for (int round = 0; round < 2000; ++round) {
        QByteArray bytes(qsizetype(random() % 200), Qt::Uninitialized);
        for (char& byte : bytes)
            byte = char(random() % 3 == 0 ? 0x80 + random() % 0x80 : random() % 256);
        const std::vector<int> tokens = tokenizer().encode(bytes);
        QCOMPARE(tokenizer().decode(tokens), bytes);
        QCOMPARE(tokenizer().count(QByteArrayView(bytes)), int(tokens.size()));
    }
    QCOMPARE(tokenizer().count(QByteArrayView()), 0);
    QVERIFY(tokenizer().encode(QByteArrayView()).empty());
}

void TestTokenizer::countOfQStringEqualsCountOfUtf8()
{
    for (const QString& text : randomTexts(200, 3))
        QCOMPARE(tokenizer().count(text), tokenizer().count(QByteArrayView(text.toUtf8())));
}

void TestTokenizer::truncationKeepsKoreanValidAndWithinLimit()
{
    QByteArray text;
    for (int i = 0; i < 40; ++i)
        text += QString::fromUtf8(
                    "이 제품은 블루투스 5.3을 지원하며 최대 30시간 연속 재생이 가능합니다. 똠방각하 뷁! ")
                    .toUtf8();
    const std::vector<int> all = tokenizer().encode(text);
    QVERIFY(all.size() > 300);
    for (int maxTokens = 1; maxTokens < 300; maxTokens += 7) {
        int tokens = -1;
        const QByteArray cut = tokenizer().truncated(text, maxTokens, &tokens);
        QVERIFY(text.startsWith(cut));
        QVERIFY2(isValidUtf8(cut), qPrintable(QString::number(maxTokens)));
        QCOMPARE(tokens, tokenizer().count(QByteArrayView(cut)));
        QVERIFY(tokens <= maxTokens);
        QVERIFY(tokens > 0);
        // The cut is a token boundary of the whole text's encoding.
        std::size_t k = 0;
        while (k < all.size() && bytesOfTokens(all, k).size() < cut.size())
            ++k;
        QCOMPARE(bytesOfTokens(all, k), cut);
    }
}

void TestTokenizer::truncationBacksOffWhenATokenSplitsACharacter()
{
    // Rare ideographs and emoji are encoded as byte fragments: some token boundaries fall
    // inside a character.
    const QByteArray text = QString::fromUtf8("𩸽𪚥𠀀😀🇰🇷 똠뷁 𩸽𪚥").toUtf8();
    const std::vector<int> all = tokenizer().encode(text);
    int splitBoundaries = 0;
    for (std::size_t k = 1; k < all.size(); ++k)
        splitBoundaries += isValidUtf8(bytesOfTokens(all, k)) ? 0 : 1;
    QVERIFY2(splitBoundaries > 0, "the text no longer exercises a split character");

    for (int maxTokens = 1; maxTokens <= int(all.size()); ++maxTokens) {
        int tokens = -1;
        const QByteArray cut = tokenizer().truncated(text, maxTokens, &tokens);
        QVERIFY(text.startsWith(cut));
        QVERIFY2(isValidUtf8(cut), qPrintable(QString::number(maxTokens)));
        QVERIFY(tokens <= maxTokens);
        QCOMPARE(tokens, tokenizer().count(QByteArrayView(cut)));
        // Nothing longer that is still valid and within the limit was skipped.
        std::size_t k = std::size_t(maxTokens);
        while (k > 0 && !isValidUtf8(bytesOfTokens(all, k)))
            --k;
        const QByteArray best = bytesOfTokens(all, k);
        if (tokenizer().count(QByteArrayView(best)) <= maxTokens)
            QCOMPARE(cut, best);
    }
}

void TestTokenizer::truncationEdgeCases()
{
    int tokens = -1;
    const QByteArray text("hello world, this is a short text");
    const int full = tokenizer().count(QByteArrayView(text));
    QCOMPARE(tokenizer().truncated(text, full, &tokens), text);
    QCOMPARE(tokens, full);
    QCOMPARE(tokenizer().truncated(text, full + 100, &tokens), text);
    QCOMPARE(tokens, full);
    QCOMPARE(tokenizer().truncated(text, 0, &tokens), QByteArray());
    QCOMPARE(tokens, 0);
    QCOMPARE(tokenizer().truncated(text, 2, &tokens), QByteArray("hello world"));
    QCOMPARE(tokens, 2);
    QCOMPARE(tokenizer().truncated(QByteArrayView(), 5, &tokens), QByteArray());
    QCOMPARE(tokens, 0);
}

void TestTokenizer::concurrentCountsAgree()
{
    const QStringList texts = randomTexts(300, 99);
    std::vector<QByteArray> utf8;
    std::vector<int> expected;
    for (const QString& text : texts) {
        utf8.push_back(text.toUtf8());
        expected.push_back(tokenizer().count(QByteArrayView(utf8.back())));
    }
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round)
                for (std::size_t i = 0; i < utf8.size(); ++i)
                    failures[std::size_t(t)] += tokenizer().count(QByteArrayView(utf8[i])) != expected[i];
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    QCOMPARE(failures, std::vector<int>(4, 0));
}

void TestTokenizer::benchmarkReportsWhatItCounted()
{
    const qint64 target = 100000;
    const std::vector<QByteArray> texts = tokenizerBenchmarkTexts(target);
    qint64 bytes = 0;
    qint64 tokens = 0;
    for (const QByteArray& text : texts) {
        bytes += text.size();
        tokens += tokenizer().count(QByteArrayView(text));
    }
    QVERIFY(bytes >= target);
    QVERIFY(isValidUtf8(texts.front()));
    const TokenizerBenchmarkResult result = benchmarkTokenizer(target);
    QCOMPARE(result.bytes, bytes);
    QCOMPARE(result.tokens, tokens);
    QVERIFY(result.seconds > 0);
    QVERIFY(result.megabytesPerSecond > 0);
#ifdef Q_OS_LINUX
    QVERIFY(result.cpuSeconds > 0);
#endif
}

void TestTokenizer::cliCountsEachInputLine()
{
    // `embedctl tokens` against the reference counts: one-line texts of the golden corpus, one
    // per line, an empty line among them, and no newline after the last.
    const QList<QJsonObject> corpus =
        readJsonLines(sourcePath(QStringLiteral("tests/tokenizer/golden/corpus.jsonl")));
    const QList<QJsonObject> expected =
        readJsonLines(sourcePath(QStringLiteral("tests/tokenizer/golden/expected.jsonl")));
    QByteArray input;
    QJsonArray counts;
    qint64 total = 0;
    for (qsizetype i = 0; i < corpus.size() && counts.size() < 40; ++i) {
        const QByteArray text = corpus[i].value(QLatin1String("text")).toString().toUtf8();
        if (text.isEmpty() || text.contains('\n') || text.contains('\r'))
            continue;
        if (counts.size() == 10) {
            input += '\n';
            counts.append(0);
        }
        if (!input.isEmpty())
            input += '\n';
        input += text;
        const int count = expected[i].value(QLatin1String("count")).toInt();
        counts.append(count);
        total += count;
    }
    QCOMPARE(counts.size(), 40);

    QProcess cli;
    cli.start(QStringLiteral(EC_BINARY_DIR "/app/embedctl"),
              {QStringLiteral("tokens"), QStringLiteral("--json")});
    QVERIFY(cli.waitForStarted());
    cli.write(input);
    cli.closeWriteChannel();
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject result = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(result.value(QLatin1String("counts")).toArray(), counts);
    QCOMPARE(result.value(QLatin1String("total")).toInteger(), total);
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
