#include "InputPreparer.h"

#include "ItemTextBuilder.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <algorithm>

namespace ec {

namespace {

PreparedInput skipped(SkipReason reason, const QString& message, int originalTokens = 0)
{
    PreparedInput input;
    input.skip = reason;
    input.skipMessage = message;
    input.originalTokens = originalTokens;
    return input;
}

bool isBlank(QStringView text)
{
    return std::all_of(text.begin(), text.end(),
                       [](QChar c) { return ItemTextBuilder::isJsWhiteSpace(c.unicode()); });
}

bool isBlank(const QByteArray& utf8)
{
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto byte = std::uint8_t(utf8[i]);
        if (byte >= 0x80)
            return isBlank(QString::fromUtf8(utf8.mid(i)));
        if (!ItemTextBuilder::isJsWhiteSpace(char16_t(byte)))
            return false;
    }
    return true;
}

} // namespace

InputPreparer::InputPreparer(const BatchSettings& settings)
    : InputPreparer(settings, Cl100kTokenizer::instance())
{}

InputPreparer::InputPreparer(const BatchSettings& settings, const Cl100kTokenizer& tokenizer)
    : m_tokenizer(tokenizer)
    , m_overlong(settings.overlong)
    , m_tokenLimit(std::max(1, std::min(settings.maxTokensPerInput, settings.maxTokensPerRequest)))
{}

PreparedInput InputPreparer::prepare(const QString& text) const
{
    if (isBlank(QStringView(text)))
        return skipped(SkipReason::Empty, QStringLiteral("empty text"));
    return prepareNonBlank(text.toUtf8());
}

PreparedInput InputPreparer::prepare(const QByteArray& utf8) const
{
    if (isBlank(utf8))
        return skipped(SkipReason::Empty, QStringLiteral("empty text"));
    return prepareNonBlank(utf8);
}

PreparedInput InputPreparer::prepareNonBlank(const QByteArray& utf8) const
{
    if (!m_tokenizer.isValid())
        return skipped(SkipReason::Untokenizable,
                       QStringLiteral("the tokenizer is unavailable: %1").arg(m_tokenizer.error()));

    const int tokens = m_tokenizer.count(QByteArrayView(utf8));
    PreparedInput input;
    input.originalTokens = tokens;
    if (tokens <= m_tokenLimit) {
        input.text = utf8;
        input.tokens = tokens;
        return input;
    }
    const QString overLimit =
        QStringLiteral("text has %1 tokens, over the limit of %2 per input").arg(tokens).arg(m_tokenLimit);
    if (m_overlong == OverlongPolicy::Skip)
        return skipped(SkipReason::TooLong, overLimit, tokens);

    int kept = 0;
    input.text = m_tokenizer.truncated(QByteArrayView(utf8), m_tokenLimit, &kept);
    if (input.text.isEmpty())
        return skipped(SkipReason::TooLong, overLimit + QStringLiteral(" and cannot be cut"), tokens);
    input.tokens = kept;
    input.truncated = true;
    return input;
}

QString InputPreparer::skipCode(SkipReason reason)
{
    switch (reason) {
    case SkipReason::None:
        return {};
    case SkipReason::Empty:
        return QStringLiteral("empty_text");
    case SkipReason::TooLong:
        return QStringLiteral("too_long");
    case SkipReason::Untokenizable:
        return QStringLiteral("tokenizer_unavailable");
    }
    return {};
}

} // namespace ec
