#include "UnicodeClasses.h"

#include "UnicodeClassRanges.h"

#include <cstring>
#include <string>
#include <unordered_map>

namespace ec {

namespace {

constexpr char32_t kCodePointCount = 0x110000;
constexpr std::size_t kBlockSize = 256;

template <std::size_t N>
void fill(std::vector<std::uint8_t>& classes, const unicode_ranges::CodePointRange (&ranges)[N],
          CharClass charClass)
{
    for (const auto& range : ranges)
        for (char32_t cp = range.first; cp <= range.last; ++cp)
            classes[cp] = static_cast<std::uint8_t>(charClass);
}

} // namespace

const UnicodeClassTable& UnicodeClassTable::instance()
{
    static const UnicodeClassTable table;
    return table;
}

UnicodeClassTable::UnicodeClassTable()
{
    std::vector<std::uint8_t> classes(kCodePointCount, static_cast<std::uint8_t>(CharClass::Other));
    fill(classes, unicode_ranges::kLetter, CharClass::Letter);
    fill(classes, unicode_ranges::kNumber, CharClass::Number);
    fill(classes, unicode_ranges::kWhiteSpace, CharClass::Space);
    classes[U'\r'] = static_cast<std::uint8_t>(CharClass::Newline);
    classes[U'\n'] = static_cast<std::uint8_t>(CharClass::Newline);

    std::unordered_map<std::string, std::uint16_t> distinct;
    m_blockIndex.resize(kCodePointCount / kBlockSize);
    for (std::size_t block = 0; block < m_blockIndex.size(); ++block) {
        std::string key(reinterpret_cast<const char*>(classes.data() + block * kBlockSize), kBlockSize);
        auto [it, inserted] = distinct.emplace(std::move(key), std::uint16_t(distinct.size()));
        if (inserted)
            m_blocks.insert(m_blocks.end(), classes.begin() + std::ptrdiff_t(block * kBlockSize),
                            classes.begin() + std::ptrdiff_t((block + 1) * kBlockSize));
        m_blockIndex[block] = it->second;
    }
}

} // namespace ec
