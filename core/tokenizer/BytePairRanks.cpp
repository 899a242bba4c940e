#include "BytePairRanks.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace ec {

namespace {

constexpr int kNoRank = INT_MAX; ///< "not a token" inside the merges: never the minimum
constexpr std::size_t kMaxTokenBytes = 0xFFFF;

std::uint64_t finalMix(std::uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
}

std::uint64_t hashBytes(const std::uint8_t* bytes, std::size_t length)
{
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = (length + 1) * kMul;
    while (length >= 8) {
        std::uint64_t v;
        std::memcpy(&v, bytes, 8);
        h = (h ^ v) * kMul;
        h = (h << 31) | (h >> 33);
        bytes += 8;
        length -= 8;
    }
    if (length > 0) {
        std::uint64_t v = 0;
        std::memcpy(&v, bytes, length);
        h = (h ^ v) * kMul;
    }
    return finalMix(h);
}

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/// Strict standard base64 with padding; appends to out. False when malformed.
bool decodeBase64(QByteArrayView text, std::vector<std::uint8_t>& out)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return false;
    for (qsizetype i = 0; i < text.size(); i += 4) {
        int values[4];
        int padding = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                values[k] = 0;
                ++padding;
            } else if (padding > 0 || (values[k] = base64Value(c)) < 0) {
                return false;
            }
        }
        const std::uint32_t triple = (std::uint32_t(values[0]) << 18) | (std::uint32_t(values[1]) << 12) |
                                     (std::uint32_t(values[2]) << 6) | std::uint32_t(values[3]);
        out.push_back(std::uint8_t(triple >> 16));
        if (padding < 2)
            out.push_back(std::uint8_t(triple >> 8));
        if (padding < 1)
            out.push_back(std::uint8_t(triple));
    }
    return true;
}

bool parseRank(QByteArrayView text, int& rank)
{
    if (text.isEmpty() || text.size() > 9)
        return false;
    rank = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
        rank = rank * 10 + (c - '0');
    }
    return true;
}

/// Reusable buffers of the queue merge, one set per thread.
struct QueueScratch
{
    std::vector<std::uint32_t> next;
    std::vector<std::uint32_t> prev;
    std::vector<int> rank;
    std::vector<std::uint64_t> heap; ///< (rank << 32) | start: a min-heap by rank, then position
};

} // namespace

bool BytePairRanks::load(QByteArrayView tiktokenFile, QString* error)
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    m_bytes.clear();
    m_offset.clear();
    m_length.clear();
    m_tokenCount = 0;

    struct Entry
    {
        std::uint32_t offset;
        std::uint32_t length;
        int rank;
    };
    std::vector<Entry> entries;
    entries.reserve(std::size_t(tiktokenFile.count('\n')) + 1);
    int maxRank = -1;
    int lineNumber = 0;
    qsizetype position = 0;
    while (position < tiktokenFile.size()) {
        ++lineNumber;
        qsizetype lineEnd = tiktokenFile.indexOf('\n', position);
        if (lineEnd < 0)
            lineEnd = tiktokenFile.size();
        QByteArrayView line = tiktokenFile.sliced(position, lineEnd - position);
        position = lineEnd + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype space = line.indexOf(' ');
        int rank = 0;
        const std::size_t offset = m_bytes.size();
        if (space <= 0 || !parseRank(line.sliced(space + 1), rank) ||
            !decodeBase64(line.first(space), m_bytes)) {
            return fail(QStringLiteral("malformed rank file line %1").arg(lineNumber));
        }
        if (m_bytes.size() - offset > kMaxTokenBytes)
            return fail(QStringLiteral("token on rank file line %1 is too long").arg(lineNumber));
        entries.push_back({std::uint32_t(offset), std::uint32_t(m_bytes.size() - offset), rank});
        maxRank = std::max(maxRank, rank);
    }
    if (entries.empty())
        return fail(QStringLiteral("the rank file holds no tokens"));

    m_offset.assign(std::size_t(maxRank) + 1, 0);
    m_length.assign(std::size_t(maxRank) + 1, 0);
    std::size_t capacity = 1024;
    while (capacity < entries.size() * 5 / 2)
        capacity *= 2;
    m_slots.assign(capacity, Slot{});
    m_mask = capacity - 1;
    std::fill(std::begin(m_byteRank), std::end(m_byteRank), -1);
    m_pairRank.assign(65536, -1);

    for (const Entry& entry : entries) {
        const std::uint8_t* bytes = m_bytes.data() + entry.offset;
        if (m_length[std::size_t(entry.rank)] != 0)
            return fail(QStringLiteral("rank %1 appears twice in the rank file").arg(entry.rank));
        if (rank(bytes, entry.length) >= 0)
            return fail(QStringLiteral("token of rank %1 appears twice in the rank file").arg(entry.rank));
        m_offset[std::size_t(entry.rank)] = entry.offset;
        m_length[std::size_t(entry.rank)] = std::uint16_t(entry.length);
        insert(hashBytes(bytes, entry.length), entry.rank);
        if (entry.length == 1)
            m_byteRank[bytes[0]] = entry.rank;
        else if (entry.length == 2)
            m_pairRank[std::size_t(bytes[0]) << 8 | bytes[1]] = entry.rank;
    }
    for (int byte = 0; byte < 256; ++byte) {
        if (m_byteRank[byte] < 0)
            return fail(QStringLiteral("the rank file has no token for byte %1").arg(byte));
    }
    m_tokenCount = int(entries.size());
    return true;
}

void BytePairRanks::insert(std::uint64_t hash, int rank)
{
    std::uint64_t index = hash & m_mask;
    while (m_slots[index].rank >= 0)
        index = (index + 1) & m_mask;
    m_slots[index] = Slot{std::uint32_t(hash >> 32), rank};
}

int BytePairRanks::rank(const std::uint8_t* bytes, std::size_t length) const
{
    if (length == 1)
        return m_byteRank[bytes[0]];
    if (length == 2)
        return m_pairRank[std::size_t(bytes[0]) << 8 | bytes[1]];
    if (length == 0 || length > kMaxTokenBytes || m_slots.empty())
        return -1;
    const std::uint64_t hash = hashBytes(bytes, length);
    const auto tag = std::uint32_t(hash >> 32);
    for (std::uint64_t index = hash & m_mask;; index = (index + 1) & m_mask) {
        const Slot& slot = m_slots[index];
        if (slot.rank < 0)
            return -1;
        const auto r = std::size_t(slot.rank);
        if (slot.tag == tag && m_length[r] == length &&
            std::memcmp(m_bytes.data() + m_offset[r], bytes, length) == 0) {
            return slot.rank;
        }
    }
}

QByteArrayView BytePairRanks::bytesOf(int rank) const
{
    if (rank < 0 || std::size_t(rank) >= m_length.size())
        return {};
    const auto r = std::size_t(rank);
    return QByteArrayView(reinterpret_cast<const char*>(m_bytes.data()) + m_offset[r], m_length[r]);
}

void BytePairRanks::encodePiece(const std::uint8_t* piece, std::size_t length, std::vector<int>& out) const
{
    const int whole = rank(piece, length);
    if (whole >= 0) {
        out.push_back(whole);
        return;
    }
    if (length <= kLinearMergeLimit)
        mergeWithScan(piece, length, &out, nullptr);
    else
        mergeWithQueue(piece, length, &out, nullptr);
}

int BytePairRanks::countPiece(const std::uint8_t* piece, std::size_t length) const
{
    if (rank(piece, length) >= 0)
        return 1;
    int count = 0;
    if (length <= kLinearMergeLimit)
        mergeWithScan(piece, length, nullptr, &count);
    else
        mergeWithQueue(piece, length, nullptr, &count);
    return count;
}

void BytePairRanks::mergeWithScan(const std::uint8_t* piece, std::size_t length, std::vector<int>* tokens,
                                  int* count) const
{
    // tiktoken's _byte_pair_merge: parts[k] = (start, rank of merging part k with part k+1),
    // two sentinels at the end.
    if (length == 0) {
        if (count)
            *count = 0;
        return;
    }
    std::uint32_t startOnStack[kLinearMergeLimit + 1];
    int pairRankOnStack[kLinearMergeLimit + 1];
    std::uint32_t* start = startOnStack;
    int* pairRank = pairRankOnStack;
    thread_local std::vector<std::uint32_t> startOnHeap;
    thread_local std::vector<int> pairRankOnHeap;
    if (length > kLinearMergeLimit) {
        startOnHeap.resize(length + 1);
        pairRankOnHeap.resize(length + 1);
        start = startOnHeap.data();
        pairRank = pairRankOnHeap.data();
    }
    const std::size_t n = length;
    auto rankOrNone = [this, piece](std::size_t from, std::size_t to) {
        const int r = rank(piece + from, to - from);
        return r < 0 ? kNoRank : r;
    };
    for (std::size_t k = 0; k <= n; ++k) {
        start[k] = std::uint32_t(k);
        pairRank[k] = k + 2 <= n ? rankOrNone(k, k + 2) : kNoRank;
    }
    std::size_t parts = n + 1;
    for (;;) {
        int minRank = kNoRank;
        std::size_t minAt = 0;
        for (std::size_t k = 0; k + 1 < parts; ++k) {
            if (pairRank[k] < minRank) {
                minRank = pairRank[k];
                minAt = k;
            }
        }
        if (minRank == kNoRank)
            break;
        auto spanRank = [&](std::size_t k) {
            return k + 3 < parts ? rankOrNone(start[k], start[k + 3]) : kNoRank;
        };
        if (minAt > 0)
            pairRank[minAt - 1] = spanRank(minAt - 1);
        pairRank[minAt] = spanRank(minAt);
        const std::size_t moved = parts - minAt - 2;
        std::memmove(start + minAt + 1, start + minAt + 2, moved * sizeof(start[0]));
        std::memmove(pairRank + minAt + 1, pairRank + minAt + 2, moved * sizeof(pairRank[0]));
        --parts;
    }
    if (count)
        *count = int(parts - 1);
    if (tokens) {
        for (std::size_t k = 0; k + 1 < parts; ++k)
            tokens->push_back(rank(piece + start[k], start[k + 1] - start[k]));
    }
}

void BytePairRanks::mergeWithQueue(const std::uint8_t* piece, std::size_t length, std::vector<int>* tokens,
                                   int* count) const
{
    // The same merges as mergeWithScan: parts are nodes of a linked list named by their first
    // byte, and the lowest (rank, start) pair comes from a heap with lazily dropped entries.
    thread_local QueueScratch scratch;
    const auto n = std::uint32_t(length);
    auto& next = scratch.next;
    auto& prev = scratch.prev;
    auto& pairRank = scratch.rank;
    auto& heap = scratch.heap;
    next.resize(n);
    prev.resize(n);
    pairRank.resize(n);
    heap.clear();
    auto rankOrNone = [this, piece](std::uint32_t from, std::uint32_t to) {
        const int r = rank(piece + from, to - from);
        return r < 0 ? kNoRank : r;
    };
    auto push = [&heap](int r, std::uint32_t at) {
        if (r == kNoRank)
            return;
        heap.push_back(std::uint64_t(std::uint32_t(r)) << 32 | at);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
    };
    for (std::uint32_t k = 0; k < n; ++k) {
        next[k] = k + 1;
        prev[k] = k - 1; // unused for k == 0
        pairRank[k] = k + 2 <= n ? rankOrNone(k, k + 2) : kNoRank;
        if (pairRank[k] != kNoRank)
            heap.push_back(std::uint64_t(std::uint32_t(pairRank[k])) << 32 | k);
    }
    std::make_heap(heap.begin(), heap.end(), std::greater<>());
    int parts = int(n);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        const std::uint64_t top = heap.back();
        heap.pop_back();
        const auto at = std::uint32_t(top);
        const int r = int(top >> 32);
        if (pairRank[at] != r)
            continue; // stale: the part grew or was merged into its left neighbour
        const std::uint32_t right = next[at];
        const std::uint32_t afterRight = next[right];
        next[at] = afterRight;
        if (afterRight < n)
            prev[afterRight] = at;
        pairRank[right] = kNoRank;
        --parts;
        pairRank[at] = afterRight < n ? rankOrNone(at, next[afterRight]) : kNoRank;
        push(pairRank[at], at);
        if (at > 0) {
            const std::uint32_t left = prev[at];
            pairRank[left] = rankOrNone(left, afterRight);
            push(pairRank[left], left);
        }
    }
    if (count)
        *count = parts;
    if (tokens) {
        for (std::uint32_t k = 0; k < n; k = next[k])
            tokens->push_back(rank(piece + k, next[k] - k));
    }
}

} // namespace ec
