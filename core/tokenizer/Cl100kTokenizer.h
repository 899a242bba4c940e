#pragma once
// The exact cl100k_base tokenizer: the encoding of text-embedding-3-small,
// text-embedding-3-large and text-embedding-ada-002. Counts and token ids equal OpenAI's
// tiktoken (and the js-tiktoken / gpt-tokenizer ports, checked against a golden corpus).
// On the three code points where tiktoken's Rust regex and the JavaScript ports disagree
// (U+0085, U+FEFF, and "'ſ"), it follows tiktoken: see Cl100kPreTokenizer.h.
//
// Text is encoded as ordinary text: special-token strings such as "<|endoftext|>" are
// plain characters here, as they are for the embeddings endpoint.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <vector>

namespace ec {

class Cl100kTokenizer
{
public:
    /// SHA-256 (lowercase hex) of the rank file the tokenizer accepts.
    static constexpr const char* kRankFileSha256 =
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7";
    /// The Qt resource holding the rank file, compiled into ec_tokenizer.
    static constexpr const char* kRankFileResource = ":/tokenizer/cl100k_base.tiktoken";

    /// The shared tokenizer, loaded from the resource on first use (thread-safe) and
    /// immutable afterwards, so every method may be called from any thread at once.
    static const Cl100kTokenizer& instance();

    /// A tokenizer built from the bytes of a `.tiktoken` rank file. It is invalid unless
    /// the bytes have the SHA-256 kRankFileSha256 and parse.
    explicit Cl100kTokenizer(QByteArrayView rankFile);
    ~Cl100kTokenizer();
    Cl100kTokenizer(const Cl100kTokenizer&) = delete;
    Cl100kTokenizer& operator=(const Cl100kTokenizer&) = delete;

    bool isValid() const;
    /// Why the tokenizer is invalid; empty when it is valid.
    QString error() const;

    /// The number of tokens of the UTF-8 text; -1 when the tokenizer is invalid.
    /// Bytes that are not valid UTF-8 are encoded as bytes, never rejected.
    int count(QByteArrayView utf8) const;
    int count(const QString& text) const;

    /// The token ids of the UTF-8 text (empty when the tokenizer is invalid).
    std::vector<int> encode(QByteArrayView utf8) const;
    /// The bytes of the tokens, concatenated; unknown ids contribute nothing.
    QByteArray decode(const std::vector<int>& tokens) const;

    /// The longest prefix of utf8 that ends at one of its token boundaries, ends on a whole
    /// UTF-8 character and encodes to at most maxTokens tokens: the bytes of its first
    /// maxTokens tokens, backed off token by token when they end inside a character.
    /// *tokens receives the token count of the result. The text itself when it fits.
    QByteArray truncated(QByteArrayView utf8, int maxTokens, int* tokens = nullptr) const;

private:
    Cl100kTokenizer(); ///< loads kRankFileResource
    void load(QByteArrayView rankFile);

    struct Data;
    std::unique_ptr<Data> m_d;
};

} // namespace ec
