#include "store/DemoCatalog.h"

#include <QUuid>

// The rows of the demo catalog (DemoCatalog::Generator): catalog entries in Korean and English,
// with the repeats, long texts, empty texts and NULLs a real catalog has.

namespace ec {

namespace {

constexpr int kMaxSources = 256;
constexpr int kLongTextChars = 40000;

struct Category
{
    const char* en;
    const char* ko;
    const char* enTask;
    const char* koTask;
    std::initializer_list<const char*> enTags;
    std::initializer_list<const char*> koTags;
};

const Category kCategories[] = {
    {"writing assistant",
     "글쓰기 도우미",
     "draft blog posts, emails and reports in minutes",
     "블로그 글, 이메일, 보고서 초안을 몇 분 만에 작성할",
     {"writing", "copywriting", "blog", "productivity"},
     {"글쓰기", "카피라이팅", "블로그", "생산성"}},
    {"image generator",
     "이미지 생성기",
     "turn text prompts into illustrations and product photos",
     "텍스트 프롬프트를 일러스트와 제품 사진으로 바꿀",
     {"image", "design", "art", "diffusion"},
     {"이미지", "디자인", "아트", "생성형AI"}},
    {"code assistant",
     "코딩 도우미",
     "write, review and refactor code across large repositories",
     "대규모 저장소의 코드를 작성하고 리뷰하고 리팩터링할",
     {"coding", "developer", "ide", "refactoring"},
     {"코딩", "개발자", "코드리뷰", "자동완성"}},
    {"translator",
     "번역기",
     "translate documents between Korean, English and forty other languages",
     "한국어, 영어 등 40여 개 언어로 문서를 번역할",
     {"translation", "localization", "language"},
     {"번역", "현지화", "다국어"}},
    {"voice tool",
     "음성 도구",
     "transcribe meetings and generate natural speech",
     "회의를 받아쓰고 자연스러운 음성을 만들",
     {"speech", "transcription", "tts", "audio"},
     {"음성인식", "받아쓰기", "음성합성", "오디오"}},
    {"video editor",
     "영상 편집기",
     "cut, caption and dub short-form videos automatically",
     "숏폼 영상을 자동으로 편집하고 자막과 더빙을 입힐",
     {"video", "editing", "subtitles", "shorts"},
     {"영상편집", "자막", "숏폼", "유튜브"}},
    {"data analyst",
     "데이터 분석 도구",
     "ask questions about spreadsheets and databases in plain language",
     "스프레드시트와 데이터베이스에 자연어로 질문할",
     {"analytics", "sql", "dashboard", "data"},
     {"데이터분석", "대시보드", "엑셀", "시각화"}},
    {"search engine",
     "검색 엔진",
     "find answers with cited sources instead of links",
     "링크 대신 출처가 달린 답을 찾을",
     {"search", "research", "citations", "rag"},
     {"검색", "리서치", "출처", "지식"}},
    {"tutor",
     "학습 튜터",
     "practise math, coding and languages with step-by-step feedback",
     "수학, 코딩, 외국어를 단계별 피드백과 함께 연습할",
     {"education", "learning", "tutoring", "students"},
     {"교육", "학습", "과외", "학생"}},
    {"marketing suite",
     "마케팅 도구",
     "plan campaigns and generate ad copy for every channel",
     "캠페인을 기획하고 채널별 광고 문구를 만들",
     {"marketing", "ads", "seo", "social-media"},
     {"마케팅", "광고", "검색최적화", "소셜미디어"}},
    {"music composer",
     "작곡 도구",
     "compose royalty-free background music in any mood",
     "분위기에 맞는 저작권 걱정 없는 배경음악을 작곡할",
     {"music", "audio", "composition"},
     {"음악", "작곡", "배경음악"}},
    {"chatbot builder",
     "챗봇 빌더",
     "build customer-support chatbots from existing documents",
     "기존 문서로 고객 상담 챗봇을 만들",
     {"chatbot", "customer-support", "no-code", "llm"},
     {"챗봇", "고객상담", "노코드", "대화형AI"}},
};

const char* const kEnPrefixes[] = {"Neural", "Deep",  "Smart",  "Auto",   "Quantum", "Hyper", "Open",
                                   "Meta",   "Cogni", "Vision", "Echo",   "Pixel",   "Synth", "Lingo",
                                   "Prompt", "Story", "Nova",   "Clever", "Bright",  "Swift"};
const char* const kEnSuffixes[] = {"Writer", "Pilot",  "Lens",  "Forge",  "Mind",  "Flow", "Studio",
                                   "Bot",    "Craft",  "Sense", "Scribe", "Mate",  "Hub",  "Lab",
                                   "Genie",  "Sketch", "Tutor", "Works",  "Spark", "Wave"};
const char* const kKoPrefixes[] = {"스마트", "딥",   "오토", "하이퍼", "뉴럴", "코드", "보이스", "비전",
                                   "데이터", "픽셀", "한빛", "누리",   "바로", "똑똑", "새봄"};
const char* const kKoSuffixes[] = {"작가",   "비서",   "번역기", "스튜디오", "튜터", "검색",
                                   "분석기", "메이커", "노트",   "챗봇",     "공방", "랩"};
const char* const kEnAudiences[] = {"marketers", "students",    "developers", "small businesses",
                                    "designers", "researchers", "teachers",   "content creators"};
const char* const kKoAudiences[] = {"마케터",   "학생",   "개발자", "소상공인",
                                    "디자이너", "연구자", "교사",   "크리에이터"};
const char* const kEnFeatures[] = {"team workspaces",    "a Chrome extension", "an open API",
                                   "Korean and English", "offline mode",       "SSO and audit logs",
                                   "a free tier",        "Slack integration",  "custom brand voices",
                                   "batch processing"};
const char* const kKoFeatures[] = {"팀 워크스페이스", "크롬 확장 프로그램", "오픈 API",    "한국어와 영어",
                                   "오프라인 모드",   "SSO와 감사 로그",    "무료 요금제", "슬랙 연동",
                                   "맞춤 브랜드 톤",  "일괄 처리"};

template <typename T, std::size_t N> constexpr int count(const T (&)[N])
{
    return int(N);
}

QString str(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

/// Positions of n special rows spread evenly over items, offset so that the two kinds differ.
QVector<int> spread(int items, int n, int offset)
{
    QVector<int> at;
    for (int k = 0; k < n; ++k)
        at << int((qint64(k) * 2 + 1) * items / (2 * n) + offset) % items;
    return at;
}

int specialCount(int items)
{
    if (items < 20)
        return 0;
    return qBound(2, items / 5000, 25);
}

} // namespace

DemoCatalog::Generator::Generator(int items, quint64 seed, IdKind idKind)
    : m_items(qMax(0, items))
    , m_state(seed ^ 0x9E3779B97F4A7C15ull)
    , m_idKind(idKind)
{
    const int n = specialCount(m_items);
    m_longAt = spread(m_items, n, 0);
    m_emptyAt = spread(m_items, n, 3);
}

quint64 DemoCatalog::Generator::random()
{
    // splitmix64: the same sequence on every platform and standard library.
    quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

QString DemoCatalog::Generator::makeId(int index)
{
    switch (m_idKind) {
    case IdKind::BigInt:
        return QString::number(index + 1);
    case IdKind::Uuid: {
        QByteArray bytes(16, Qt::Uninitialized);
        const quint64 hi = random();
        const quint64 lo = random();
        for (int i = 0; i < 8; ++i) {
            bytes[i] = char(hi >> (8 * i));
            bytes[8 + i] = char(lo >> (8 * i));
        }
        bytes[6] = char((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = char((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    }
    case IdKind::Text:
        break;
    }
    return QStringLiteral("tool-%1").arg(index + 1, 6, 10, QLatin1Char('0'));
}

QString DemoCatalog::Generator::longText(bool korean)
{
    QString text;
    text.reserve(kLongTextChars + 400);
    int n = 0;
    while (text.size() < (korean ? kLongTextChars / 2 : kLongTextChars)) {
        const Category& c = kCategories[below(count(kCategories))];
        if (korean)
            text += QStringLiteral("%1번째 릴리스 노트: %2 기능이 개선되어 %3 사용자가 %4 수 있습니다. ")
                        .arg(++n)
                        .arg(str(c.ko), str(kKoAudiences[below(count(kKoAudiences))]), str(c.koTask));
        else
            text += QStringLiteral("Release note %1: the %2 now lets %3 %4, with %5. ")
                        .arg(++n)
                        .arg(str(c.en), str(kEnAudiences[below(count(kEnAudiences))]), str(c.enTask),
                             str(kEnFeatures[below(count(kEnFeatures))]));
    }
    // Korean text is cut at 20,000+ characters: each syllable is at least one token.
    return korean ? text + QString(kLongTextChars / 2, QChar(0xAC00 + below(100))) : text;
}

DemoRow DemoCatalog::Generator::makeRow(int index)
{
    DemoRow row;
    row.id = makeId(index);
    // Updated some time in 2024, to the second.
    row.updatedAt =
        QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).addSecs(qint64(random() % (366ull * 86400)));

    if (m_emptyAt.contains(index)) {
        row.empty = true;
        return row;
    }
    const bool korean = below(100) < 40;
    const Category& c = kCategories[below(count(kCategories))];
    if (m_longAt.contains(index)) {
        row.longText = true;
        row.title = korean ? str(kKoPrefixes[below(count(kKoPrefixes))]) + QStringLiteral(" 릴리스 아카이브")
                           : str(kEnPrefixes[below(count(kEnPrefixes))]) + QStringLiteral(" Release Archive");
        row.summary = longText(korean);
        row.tags = QStringList{korean ? str(*c.koTags.begin()) : str(*c.enTags.begin())};
        return row;
    }
    if (!m_sources.isEmpty() && below(100) < 5) {
        const DemoRow& source = m_sources[below(int(m_sources.size()))];
        row.title = source.title;
        row.summary = source.summary;
        row.tags = source.tags;
        row.duplicate = true;
        return row;
    }

    if (korean) {
        row.title = str(kKoPrefixes[below(count(kKoPrefixes))]) + QLatin1Char(' ') +
                    str(kKoSuffixes[below(count(kKoSuffixes))]);
        if (below(3) == 0)
            row.title += QStringLiteral(" %1").arg(below(9) + 1);
        row.summary =
            QStringLiteral("%1은(는) %2가 %3 수 있도록 돕는 AI %4입니다. %5와(과) %6을(를) 지원합니다.")
                .arg(row.title, str(kKoAudiences[below(count(kKoAudiences))]), str(c.koTask), str(c.ko),
                     str(kKoFeatures[below(count(kKoFeatures))]),
                     str(kKoFeatures[below(count(kKoFeatures))]));
    } else {
        row.title = str(kEnPrefixes[below(count(kEnPrefixes))]) + str(kEnSuffixes[below(count(kEnSuffixes))]);
        if (below(4) == 0)
            row.title += QStringLiteral(" %1").arg(below(5) + 2);
        row.summary = QStringLiteral("%1 is an AI %2 that helps %3 %4. It offers %5 and %6.")
                          .arg(row.title, str(c.en), str(kEnAudiences[below(count(kEnAudiences))]),
                               str(c.enTask), str(kEnFeatures[below(count(kEnFeatures))]),
                               str(kEnFeatures[below(count(kEnFeatures))]));
    }
    QStringList tags;
    const int tagCount = 2 + below(3);
    const bool koreanTags = korean ? below(100) < 75 : below(100) < 10;
    const auto& pool = koreanTags ? c.koTags : c.enTags;
    for (int i = 0; i < tagCount && i < int(pool.size()); ++i)
        tags << str(pool.begin()[(i + below(2)) % int(pool.size())]);
    tags << (korean ? QStringLiteral("AI도구") : QStringLiteral("ai-tool"));
    tags.removeDuplicates();
    row.tags = tags;
    if (below(100) < 8)
        row.summary.reset();
    if (below(100) < 10)
        row.tags.reset();

    if (m_sources.size() < kMaxSources)
        m_sources.append(row);
    else
        m_sources[below(kMaxSources)] = row;
    return row;
}

DemoRow DemoCatalog::Generator::next()
{
    return makeRow(m_index++);
}

} // namespace ec
