#pragma once
// The mergeable ranks of a tiktoken encoding (token bytes -> rank, which is also the token
// id) and the byte-pair merge that turns one pre-tokenized piece into tokens.

#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <vector>

namespace ec {

class BytePairRanks
{
public:
    /// Parses a `.tiktoken` file: one `<base64 bytes> <rank>` line per token. False, with a
    /// one-line reason, when a line is malformed or a rank or byte string repeats.
    bool load(QByteArrayView tiktokenFile, QString* error);

    /// The rank of a byte string, -1 when it is not a token.
    int rank(const std::uint8_t* bytes, std::size_t length) const;
    /// The bytes of a token, empty for an unknown id.
    QByteArrayView bytesOf(int rank) const;
    int tokenCount() const { return m_tokenCount; }

    /// Appends the tokens of one piece to out, the way tiktoken's byte_pair_encode does:
    /// a piece that is itself a token stays whole, otherwise the adjacent pair of lowest
    /// rank (leftmost on a tie) is merged until no pair is a token.
    void encodePiece(const std::uint8_t* piece, std::size_t length, std::vector<int>& out) const;
    /// The number of tokens encodePiece() would append.
    int countPiece(const std::uint8_t* piece, std::size_t length) const;

    /// Pieces longer than this are merged with a priority queue (O(n log n)) instead of
    /// tiktoken's rescans (O(n²)); both give the same tokens.
    static constexpr std::size_t kLinearMergeLimit = 96;

    /// The two merge strategies, public so tests can check that they agree. Both work on any
    /// length of at least one byte.
    void mergeWithQueue(const std::uint8_t* piece, std::size_t length, std::vector<int>* tokens,
                        int* count) const;
    void mergeWithScan(const std::uint8_t* piece, std::size_t length, std::vector<int>* tokens,
                       int* count) const;

private:
    struct Slot
    {
        std::uint32_t tag = 0;  ///< high half of the hash
        std::int32_t rank = -1; ///< -1: empty
    };

    void insert(std::uint64_t hash, int rank);

    std::vector<std::uint8_t> m_bytes;   ///< every token's bytes, back to back
    std::vector<std::uint32_t> m_offset; ///< by rank: where its bytes start in m_bytes
    std::vector<std::uint16_t> m_length; ///< by rank: its byte count (0: no such rank)
    std::vector<Slot> m_slots;           ///< open addressing, linear probing
    std::uint64_t m_mask = 0;
    std::vector<std::int32_t> m_pairRank; ///< rank of every two-byte string, -1 when none
    int m_byteRank[256] = {};
    int m_tokenCount = 0;
};

} // namespace ec
