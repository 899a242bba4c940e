#pragma once
// Turns an item's text into an input the embeddings API accepts: counted exactly, cut at a
// token boundary when it is too long (or skipped, by option), skipped when empty.

#include "config/AppConfig.h"

#include <QByteArray>
#include <QString>

namespace ec {

class Cl100kTokenizer;

/// Why an input is not sent.
enum class SkipReason {
    None,
    Empty,        ///< empty or only white space (JavaScript trim())
    TooLong,      ///< over the token limit with OverlongPolicy::Skip
    Untokenizable ///< the tokenizer failed to load, so the text cannot be counted
};

struct PreparedInput
{
    QByteArray text;        ///< UTF-8 to send: the text, or its truncated prefix; empty when skipped
    int tokens = 0;         ///< exact cl100k_base tokens of `text`
    int originalTokens = 0; ///< tokens of the whole text before any truncation
    bool truncated = false; ///< `text` is a prefix cut at a token boundary
    SkipReason skip = SkipReason::None;
    QString skipMessage; ///< for the failure record, e.g. "empty text"

    bool isSkipped() const { return skip != SkipReason::None; }
};

class InputPreparer
{
public:
    /// Uses the shared Cl100kTokenizer::instance() unless given another tokenizer, which
    /// must outlive the preparer.
    explicit InputPreparer(const BatchSettings& settings);
    InputPreparer(const BatchSettings& settings, const Cl100kTokenizer& tokenizer);

    /// The most tokens one input may have: maxTokensPerInput, and never more than a whole
    /// request may hold (maxTokensPerRequest); at least 1.
    int tokenLimit() const { return m_tokenLimit; }

    /// Prepares one text. A text within tokenLimit() is kept whole; a longer one is cut to
    /// its longest prefix of at most tokenLimit() tokens ending on a token boundary and a
    /// whole character (OverlongPolicy::Truncate) or skipped (OverlongPolicy::Skip).
    /// Whatever is not skipped is non-empty and within tokenLimit().
    PreparedInput prepare(const QString& text) const;
    PreparedInput prepare(const QByteArray& utf8) const;

    /// A stable machine-readable code for failure records: "empty_text", "too_long",
    /// "tokenizer_unavailable"; empty for SkipReason::None.
    static QString skipCode(SkipReason reason);

private:
    PreparedInput prepareNonBlank(const QByteArray& utf8) const;

    const Cl100kTokenizer& m_tokenizer;
    OverlongPolicy m_overlong;
    int m_tokenLimit;
};

} // namespace ec
