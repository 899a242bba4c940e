#include "ItemTextBuilder.h"

namespace ec {

namespace {

const QString kTitle = QStringLiteral("{title}");
const QString kSummary = QStringLiteral("{summary}");
const QString kTags = QStringLiteral("{tags}");

} // namespace

ItemTextBuilder::ItemTextBuilder(const BatchSettings& settings)
    : m_template(settings.textTemplate)
{}

ItemTextBuilder::ItemTextBuilder(const QString& textTemplate)
    : m_template(textTemplate)
{}

QString ItemTextBuilder::build(const QString& title, const QString& summary, const QStringList& tags) const
{
    if (!usesTemplate())
        return defaultText(title, summary, tags);

    QString text;
    text.reserve(m_template.size() + title.size() + summary.size() + 16 * tags.size());
    qsizetype position = 0;
    while (position < m_template.size()) {
        const qsizetype brace = m_template.indexOf(QLatin1Char('{'), position);
        if (brace < 0) {
            text += QStringView(m_template).mid(position);
            break;
        }
        text += QStringView(m_template).mid(position, brace - position);
        const QStringView rest = QStringView(m_template).mid(brace);
        if (rest.startsWith(kTitle)) {
            text += title;
            position = brace + kTitle.size();
        } else if (rest.startsWith(kSummary)) {
            text += summary;
            position = brace + kSummary.size();
        } else if (rest.startsWith(kTags)) {
            text += tags.join(QLatin1Char(' '));
            position = brace + kTags.size();
        } else {
            text += QLatin1Char('{');
            position = brace + 1;
        }
    }
    return jsTrimmed(text);
}

QString ItemTextBuilder::defaultText(const QString& title, const QString& summary, const QStringList& tags)
{
    QString text;
    for (const QString& part : {title, summary, tags.join(QLatin1Char(' '))}) {
        if (part.isEmpty())
            continue; // filter(Boolean)
        if (!text.isEmpty())
            text += QLatin1Char(' ');
        text += part;
    }
    return jsTrimmed(text);
}

bool ItemTextBuilder::isJsWhiteSpace(char16_t c)
{
    switch (c) {
    case 0x0009:
    case 0x000A:
    case 0x000B:
    case 0x000C:
    case 0x000D:
    case 0x0020:
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

QString ItemTextBuilder::jsTrimmed(const QString& text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isJsWhiteSpace(text[begin].unicode()))
        ++begin;
    while (end > begin && isJsWhiteSpace(text[end - 1].unicode()))
        --end;
    if (begin == 0 && end == text.size())
        return text;
    return text.mid(begin, end - begin);
}

} // namespace ec
