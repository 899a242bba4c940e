#include "TokenizerBenchmark.h"

#include "Cl100kTokenizer.h"

#include <QElapsedTimer>
#include <QString>

#include <array>
#include <ctime>

namespace ec {

namespace {

constexpr std::array kKoreanWords = {
    "무선",   "블루투스", "이어폰",   "노이즈",   "캔슬링",   "고음질",     "배터리", "충전",
    "케이스", "정품",     "할인",     "무료배송", "스마트폰", "갤럭시",     "호환",   "초경량",
    "방수",   "생활가전", "주방용품", "세트",     "프리미엄", "여성",       "남성",   "니트",
    "가디건", "겨울",     "신상품",   "인기",     "추천",     "상품입니다", "합니다", "있습니다",
    "제품은", "사용",     "가능한",   "편리하게", "최대",     "시간",       "연속",   "재생",
    "색상",   "사이즈",   "선택",     "고객님",   "만족도",   "높은",       "베스트", "한정판매",
};

constexpr std::array kEnglishWords = {
    "wireless", "Bluetooth", "earbuds",  "noise",      "cancelling", "premium", "quality",  "battery",
    "USB-C",    "fast",      "charging", "case",       "compatible", "with",    "iPhone",   "Galaxy",
    "the",      "and",       "for",      "waterproof", "kitchen",    "set",     "cotton",   "knit",
    "cardigan", "winter",    "new",      "best",       "seller",     "it's",    "don't",    "you'll",
    "Pro",      "Max",       "Ultra",    "edition",    "limited",    "stock",   "warranty", "official",
};

constexpr std::array kExtras = {"256GB", "2024", "49,900원", "(신상)", "#추천", "5.0", "x2", "100%", "A/S"};

/// A small deterministic generator (64-bit LCG), so every run measures the same text.
class Lcg
{
public:
    quint32 next(quint32 bound)
    {
        m_state = m_state * 6364136223846793005ull + 1442695040888963407ull;
        return quint32((m_state >> 33) % bound);
    }

private:
    quint64 m_state = 0x5EEDu;
};

void appendWords(QByteArray& text, Lcg& random, int words, bool sentences)
{
    for (int w = 0; w < words; ++w) {
        if (!text.isEmpty() && !text.endsWith(' '))
            text.append(' ');
        const quint32 pick = random.next(100);
        if (pick < 48)
            text.append(kKoreanWords[random.next(kKoreanWords.size())]);
        else if (pick < 92)
            text.append(kEnglishWords[random.next(kEnglishWords.size())]);
        else
            text.append(kExtras[random.next(kExtras.size())]);
        if (sentences && random.next(9) == 0)
            text.append(random.next(3) == 0 ? "!" : ".");
        else if (sentences && random.next(12) == 0)
            text.append(',');
    }
}

double threadCpuSeconds()
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec now{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
        return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
#endif
    return 0;
}

} // namespace

std::vector<QByteArray> tokenizerBenchmarkTexts(qint64 targetBytes)
{
    std::vector<QByteArray> texts;
    Lcg random;
    qint64 total = 0;
    while (total < targetBytes) {
        QByteArray text;
        appendWords(text, random, 3 + int(random.next(6)), false);  // title
        appendWords(text, random, 15 + int(random.next(80)), true); // summary
        appendWords(text, random, 3 + int(random.next(4)), false);  // tags
        total += text.size();
        texts.push_back(std::move(text));
    }
    return texts;
}

TokenizerBenchmarkResult benchmarkTokenizer(qint64 targetBytes)
{
    TokenizerBenchmarkResult result;
    const Cl100kTokenizer& tokenizer = Cl100kTokenizer::instance();
    if (!tokenizer.isValid())
        return result;
    const std::vector<QByteArray> texts = tokenizerBenchmarkTexts(targetBytes);
    const double cpuStart = threadCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    for (const QByteArray& text : texts) {
        result.tokens += tokenizer.count(QByteArrayView(text));
        result.bytes += text.size();
    }
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.cpuSeconds = threadCpuSeconds() - cpuStart;
    if (result.seconds > 0)
        result.megabytesPerSecond = double(result.bytes) / 1e6 / result.seconds;
    return result;
}

} // namespace ec
