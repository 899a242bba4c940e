#pragma once
// The pre-tokenizer of cl100k_base: splits UTF-8 text into the pieces that byte-pair
// encoding then works on, exactly like tiktoken's regex
//
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*
//   |\s*[\r\n]+|\s+(?!\S)|\s+
//
// applied leftmost-first from the start of the text, with the semantics of tiktoken's Rust
// regex engine: `\s` is Unicode White_Space (so U+0085 is white space and U+FEFF is not),
// and `(?i:'s)` also matches the long s "'ſ" (U+017F folds to s).
//
// Bytes that are not valid UTF-8 never stop the split: each one is a character of class
// CharClass::Other on its own.

#include "UnicodeClasses.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace ec {

/// A piece of the input, as a byte range.
struct TextPiece
{
    qsizetype offset = 0;
    qsizetype length = 0;
};

class Cl100kPreTokenizer
{
public:
    Cl100kPreTokenizer();

    /// Starts splitting utf8, which must stay alive while next() is called. Keeps the
    /// capacity of earlier calls, so one object can split many texts without allocating.
    void reset(QByteArrayView utf8);

    /// The next piece, false at the end of the text.
    bool next(TextPiece& piece);

    /// Convenience: all pieces of utf8 as byte strings.
    static std::vector<QByteArray> split(QByteArrayView utf8);

private:
    bool isAsciiAt(std::size_t unit, char lower) const;
    std::size_t contractionEnd(std::size_t unit) const;
    std::size_t runEnd(std::size_t unit, CharClass charClass) const;

    const UnicodeClassTable& m_table;
    CharClass m_asciiClass[128];
    const std::uint8_t* m_data = nullptr;
    std::vector<CharClass> m_class;   ///< class of each character (unit)
    std::vector<std::size_t> m_start; ///< byte offset of each unit, plus the text size
    std::size_t m_units = 0;
    std::size_t m_position = 0; ///< the unit where the next piece starts
};

} // namespace ec
