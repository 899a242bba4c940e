#include "Cl100kPreTokenizer.h"

namespace ec {

namespace {

constexpr std::size_t kShrinkAboveUnits = std::size_t(1) << 20;

bool isContinuation(std::uint8_t byte)
{
    return (byte & 0xC0) == 0x80;
}

/// Decodes the UTF-8 sequence at data[0..available). Returns its length (1–4) and the code
/// point, or length 1 with a code point above U+10FFFF when the bytes are not valid UTF-8
/// (overlong forms, surrogates and truncated sequences included).
std::size_t decodeUtf8(const std::uint8_t* data, std::size_t available, char32_t& cp)
{
    constexpr char32_t kInvalid = 0x110000;
    const std::uint8_t lead = data[0];
    std::size_t length = 0;
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        cp = kInvalid;
        return 1;
    }
    if (available < length || data[1] < low || data[1] > high) {
        cp = kInvalid;
        return 1;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (!isContinuation(data[i])) {
            cp = kInvalid;
            return 1;
        }
        cp = (cp << 6) | (data[i] & 0x3F);
    }
    return length;
}

} // namespace

Cl100kPreTokenizer::Cl100kPreTokenizer()
    : m_table(UnicodeClassTable::instance())
{
    for (char32_t c = 0; c < 128; ++c)
        m_asciiClass[c] = m_table.classOf(c);
}

void Cl100kPreTokenizer::reset(QByteArrayView utf8)
{
    const auto* data = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto size = std::size_t(utf8.size());
    if (m_class.capacity() > kShrinkAboveUnits && size < m_class.capacity() / 4) {
        std::vector<CharClass>().swap(m_class);
        std::vector<std::size_t>().swap(m_start);
    }
    m_class.resize(size);
    m_start.resize(size + 1);
    m_data = data;

    std::size_t units = 0;
    std::size_t i = 0;
    while (i < size) {
        m_start[units] = i;
        const std::uint8_t byte = data[i];
        if (byte < 0x80) {
            m_class[units++] = m_asciiClass[byte];
            ++i;
            continue;
        }
        char32_t cp = 0;
        const std::size_t length = decodeUtf8(data + i, size - i, cp);
        m_class[units++] = m_table.classOf(cp); // Other for invalid bytes
        i += length;
    }
    m_start[units] = size;
    m_units = units;
    m_position = 0;
}

bool Cl100kPreTokenizer::isAsciiAt(std::size_t unit, char lower) const
{
    if (unit >= m_units)
        return false;
    const std::uint8_t byte = m_data[m_start[unit]];
    return byte == std::uint8_t(lower) || byte == std::uint8_t(lower - 'a' + 'A');
}

std::size_t Cl100kPreTokenizer::contractionEnd(std::size_t unit) const
{
    // (?i:'s|'t|'re|'ve|'m|'ll|'d): the alternatives start with distinct letters, so at most
    // one of them can match.
    if (m_data[m_start[unit]] != '\'' || unit + 1 >= m_units)
        return 0;
    const std::size_t letter = unit + 1;
    if (isAsciiAt(letter, 's') || isAsciiAt(letter, 't') || isAsciiAt(letter, 'm') || isAsciiAt(letter, 'd'))
        return unit + 2;
    const std::size_t at = m_start[letter];
    if (m_start[letter + 1] - at == 2 && m_data[at] == 0xC5 && m_data[at + 1] == 0xBF) // U+017F ſ
        return unit + 2;
    if ((isAsciiAt(letter, 'r') || isAsciiAt(letter, 'v')) && isAsciiAt(letter + 1, 'e'))
        return unit + 3;
    if (isAsciiAt(letter, 'l') && isAsciiAt(letter + 1, 'l'))
        return unit + 3;
    return 0;
}

std::size_t Cl100kPreTokenizer::runEnd(std::size_t unit, CharClass charClass) const
{
    while (unit < m_units && m_class[unit] == charClass)
        ++unit;
    return unit;
}

bool Cl100kPreTokenizer::next(TextPiece& piece)
{
    const std::size_t i = m_position;
    if (i >= m_units)
        return false;
    const CharClass c = m_class[i];
    const bool hasNext = i + 1 < m_units;
    std::size_t end = contractionEnd(i);
    if (end != 0) {
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
    } else if (c == CharClass::Letter) {
        // \p{L}+ (the optional prefix cannot be a letter)
        end = runEnd(i, CharClass::Letter);
    } else if ((c == CharClass::Space || c == CharClass::Other) && hasNext &&
               m_class[i + 1] == CharClass::Letter) {
        // [^\r\n\p{L}\p{N}]\p{L}+
        end = runEnd(i + 1, CharClass::Letter);
    } else if (c == CharClass::Number) {
        // \p{N}{1,3}
        end = i + 1;
        while (end < m_units && end < i + 3 && m_class[end] == CharClass::Number)
            ++end;
    } else if (c == CharClass::Other ||
               (m_data[m_start[i]] == ' ' && hasNext && m_class[i + 1] == CharClass::Other)) {
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        end = runEnd(c == CharClass::Other ? i : i + 1, CharClass::Other);
        end = runEnd(end, CharClass::Newline);
    } else {
        // White space: \s*[\r\n]+ | \s+(?!\S) | \s+
        std::size_t runLast = i;
        std::size_t lastNewline = m_units;
        while (runLast < m_units &&
               (m_class[runLast] == CharClass::Space || m_class[runLast] == CharClass::Newline)) {
            if (m_class[runLast] == CharClass::Newline)
                lastNewline = runLast;
            ++runLast;
        }
        if (lastNewline != m_units)
            end = lastNewline + 1; // \s* backtracks to the last CR/LF of the run
        else if (runLast == m_units || runLast - i == 1)
            end = runLast; // the run ends the text, or \s+ of a single character
        else
            end = runLast - 1; // \s+(?!\S) leaves the last white space to the next piece
    }
    m_position = end;
    piece.offset = qsizetype(m_start[i]);
    piece.length = qsizetype(m_start[end] - m_start[i]);
    return true;
}

std::vector<QByteArray> Cl100kPreTokenizer::split(QByteArrayView utf8)
{
    Cl100kPreTokenizer splitter;
    splitter.reset(utf8);
    std::vector<QByteArray> pieces;
    TextPiece piece;
    while (splitter.next(piece))
        pieces.push_back(utf8.sliced(piece.offset, piece.length).toByteArray());
    return pieces;
}

} // namespace ec
