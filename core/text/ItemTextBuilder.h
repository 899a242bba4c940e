#pragma once
// The text that is embedded for a catalog item.

#include "config/AppConfig.h"

#include <QString>
#include <QStringList>

namespace ec {

class ItemTextBuilder
{
public:
    /// The original design's text, or BatchSettings::textTemplate when one is set.
    explicit ItemTextBuilder(const BatchSettings& settings);
    /// An empty template means the original design's text.
    explicit ItemTextBuilder(const QString& textTemplate = QString());

    bool usesTemplate() const { return !m_template.isEmpty(); }

    /// The item's text: defaultText(), or the template with {title}, {summary} and {tags}
    /// (the tags joined by single spaces) replaced in one pass, then trimmed like
    /// JavaScript's String.prototype.trim(). Other braces are kept as they are, and
    /// placeholders inside the values are not expanded again.
    QString build(const QString& title, const QString& summary, const QStringList& tags) const;

    /// Exactly the original design's prepareTextForEmbedding():
    /// `[title, summary || '', tags.join(' ')].filter(Boolean).join(' ').trim()`
    /// — the empty parts (null or "") dropped, the rest joined by single spaces, trimmed
    /// with JavaScript's white space set. Parts of only white space are not empty, so they
    /// still add their spaces inside the text.
    static QString defaultText(const QString& title, const QString& summary, const QStringList& tags);

    /// JavaScript's String.prototype.trim(): strips the ECMAScript WhiteSpace and
    /// LineTerminator code points (TAB, VT, FF, SP, NBSP, U+FEFF, Unicode Zs, LF, CR, U+2028,
    /// U+2029) from both ends. Unlike QString::trimmed(), it keeps U+0085 and strips U+FEFF.
    static QString jsTrimmed(const QString& text);
    static bool isJsWhiteSpace(char16_t c);

private:
    QString m_template;
};

} // namespace ec
