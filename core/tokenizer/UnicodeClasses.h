#pragma once
// The character classes the cl100k_base pre-tokenizer distinguishes, for every code point.

#include <cstdint>
#include <vector>

namespace ec {

/// What the cl100k_base pre-tokenizer regex can tell apart about one code point.
enum class CharClass : std::uint8_t {
    Other,   ///< none of the below: punctuation, symbols, marks, controls, emoji, invalid bytes
    Letter,  ///< \p{L}
    Number,  ///< \p{N}
    Space,   ///< Unicode White_Space (`\s`) other than CR and LF
    Newline, ///< CR or LF (`[\r\n]`)
};

/// A lookup table of CharClass over all of Unicode (two stages: 4352 blocks of 256 code
/// points, identical blocks shared). Built once from UnicodeClassRanges.h; immutable after.
class UnicodeClassTable
{
public:
    static const UnicodeClassTable& instance();

    /// The class of a code point; code points above U+10FFFF are Other.
    CharClass classOf(char32_t cp) const
    {
        if (cp > 0x10FFFF)
            return CharClass::Other;
        return static_cast<CharClass>(m_blocks[(std::size_t(m_blockIndex[cp >> 8]) << 8) | (cp & 0xFF)]);
    }

private:
    UnicodeClassTable();

    std::vector<std::uint16_t> m_blockIndex; ///< block number of each 256-code-point page
    std::vector<std::uint8_t> m_blocks;      ///< the distinct blocks, 256 classes each
};

} // namespace ec
