#include "Cl100kTokenizer.h"

#include "BytePairRanks.h"
#include "Cl100kPreTokenizer.h"

#include <QCryptographicHash>
#include <QFile>

namespace ec {

struct Cl100kTokenizer::Data
{
    BytePairRanks ranks;
    QString error;
};

namespace {

QByteArray loadResource(QString* error)
{
    QFile file(QString::fromLatin1(Cl100kTokenizer::kRankFileResource));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open the cl100k_base rank file %1: %2")
                     .arg(file.fileName(), file.errorString());
        return {};
    }
    return file.readAll();
}

/// The pre-tokenizer of the calling thread, reused across calls.
Cl100kPreTokenizer& threadSplitter()
{
    thread_local Cl100kPreTokenizer splitter;
    return splitter;
}

bool isContinuationByte(char byte)
{
    return (std::uint8_t(byte) & 0xC0) == 0x80;
}

} // namespace

const Cl100kTokenizer& Cl100kTokenizer::instance()
{
    static const Cl100kTokenizer tokenizer;
    return tokenizer;
}

Cl100kTokenizer::Cl100kTokenizer()
    : m_d(std::make_unique<Data>())
{
    const QByteArray rankFile = loadResource(&m_d->error);
    if (m_d->error.isEmpty())
        load(rankFile);
}

Cl100kTokenizer::Cl100kTokenizer(QByteArrayView rankFile)
    : m_d(std::make_unique<Data>())
{
    load(rankFile);
}

void Cl100kTokenizer::load(QByteArrayView rankFile)
{
    const QByteArray sha = QCryptographicHash::hash(rankFile, QCryptographicHash::Sha256).toHex();
    if (sha != QByteArrayView(kRankFileSha256)) {
        m_d->error =
            QStringLiteral("the cl100k_base rank file is not the expected one (SHA-256 %1, expected %2)")
                .arg(QString::fromLatin1(sha), QString::fromLatin1(kRankFileSha256));
        return;
    }
    QString error;
    if (!m_d->ranks.load(rankFile, &error))
        m_d->error = QStringLiteral("cannot parse the cl100k_base rank file: %1").arg(error);
}

Cl100kTokenizer::~Cl100kTokenizer() = default;

bool Cl100kTokenizer::isValid() const
{
    return m_d->error.isEmpty();
}

QString Cl100kTokenizer::error() const
{
    return m_d->error;
}

int Cl100kTokenizer::count(QByteArrayView utf8) const
{
    if (!isValid())
        return -1;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    Cl100kPreTokenizer& splitter = threadSplitter();
    splitter.reset(utf8);
    int total = 0;
    TextPiece piece;
    while (splitter.next(piece))
        total += m_d->ranks.countPiece(bytes + piece.offset, std::size_t(piece.length));
    return total;
}

int Cl100kTokenizer::count(const QString& text) const
{
    return count(QByteArrayView(text.toUtf8()));
}

std::vector<int> Cl100kTokenizer::encode(QByteArrayView utf8) const
{
    std::vector<int> tokens;
    if (!isValid())
        return tokens;
    tokens.reserve(std::size_t(utf8.size() / 3 + 1));
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    Cl100kPreTokenizer& splitter = threadSplitter();
    splitter.reset(utf8);
    TextPiece piece;
    while (splitter.next(piece))
        m_d->ranks.encodePiece(bytes + piece.offset, std::size_t(piece.length), tokens);
    return tokens;
}

QByteArray Cl100kTokenizer::decode(const std::vector<int>& tokens) const
{
    QByteArray text;
    for (const int token : tokens)
        text.append(m_d->ranks.bytesOf(token));
    return text;
}

QByteArray Cl100kTokenizer::truncated(QByteArrayView utf8, int maxTokens, int* tokens) const
{
    auto result = [tokens](QByteArray text, int count) {
        if (tokens)
            *tokens = count;
        return text;
    };
    if (!isValid())
        return result({}, -1);
    const std::vector<int> ids = encode(utf8);
    if (int(ids.size()) <= maxTokens)
        return result(utf8.toByteArray(), int(ids.size()));
    if (maxTokens <= 0)
        return result({}, 0);

    // ends[k]: the byte length of the first k + 1 tokens; the encoding concatenates to the text.
    std::vector<qsizetype> ends(ids.size());
    qsizetype end = 0;
    for (std::size_t k = 0; k < ids.size(); ++k) {
        end += m_d->ranks.bytesOf(ids[k]).size();
        ends[k] = end;
    }
    // Back off while the cut splits a character, or while the prefix, encoded on its own,
    // takes more tokens than allowed (its last piece can split differently).
    for (int keep = maxTokens; keep > 0; --keep) {
        const qsizetype cut = ends[std::size_t(keep) - 1];
        if (cut < utf8.size() && isContinuationByte(utf8[cut]))
            continue;
        const QByteArrayView prefix = utf8.first(cut);
        const int prefixTokens = count(prefix);
        if (prefixTokens <= maxTokens)
            return result(prefix.toByteArray(), prefixTokens);
    }
    return result({}, 0);
}

} // namespace ec
