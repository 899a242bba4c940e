#pragma once
// The nearest items to a query vector in the operator's table, by cosine similarity (1 best).
//   - pgvector `vector(N)`: the database's own operator, `ORDER BY embedding <=> $1 LIMIT k`,
//     so an HNSW or IVFFlat index on the column serves it;
//   - PostgreSQL `real[]` and SQLite BLOBs: the vectors are streamed in keyset pages of the id
//     (PostgreSQL sends them as array_send() bytes, no float text to parse) and a top-k heap is
//     kept in C++: memory is flat in the number of rows.
// Only rows whose embedding_model is `model` (when given) and whose vector has the query's
// length are compared: vectors of another space are never mixed into the ranking.
// Read-only. Blocks: call it on a worker thread (StoreJob, the console's StoreWorker).

#include "store/StoreTypes.h"

#include <QString>
#include <QVector>

#include <functional>
#include <optional>

namespace ec {

class ItemStore;

struct SearchHit
{
    QString id;
    QString title;
    double score = 0; ///< cosine similarity, 1 for the same direction
    QString text;     ///< the item's text as embedded (filled by SearchJob, not by the scan)
};

struct ScanStats
{
    QString method;     ///< "pgvector" (the database ranks) or "scan" (C++ top-k over a stream)
    qint64 scanned = 0; ///< vectors compared (scan only)
    qint64 skipped = 0; ///< vectors of another length, left out (scan only)
    double seconds = 0; ///< wall time of the search
    int pages = 0;      ///< keyset pages read (scan only)
};

class VectorScan
{
public:
    /// Rows per keyset page of a scan.
    static constexpr int kPageRows = 2000;

    /// The k nearest rows to query, best first (ties by id). progress(scanned) is called after
    /// every page of a scan; returning false cancels (nullopt, error "cancelled"). pageRows:
    /// rows per keyset page of a scan.
    static std::optional<QVector<SearchHit>> nearest(const ItemStore& store, const QVector<float>& query,
                                                     int k, const QString& model, ScanStats* stats,
                                                     QString* error,
                                                     const std::function<bool(qint64)>& progress = {},
                                                     int pageRows = kPageRows);

    /// Cosine similarity of two vectors of the same length (0 when either is all zeros).
    static double cosine(const float* a, const float* b, int n);
    /// Decodes PostgreSQL's array_send() of a one-dimensional real[] into out; false when the
    /// bytes are not such an array (or hold a NULL).
    static bool fromArraySend(const QByteArray& bytes, QVector<float>* out);
};

/// Keeps the k best hits seen (score, then id, as VectorScan ranks them).
class TopK
{
public:
    explicit TopK(int k)
        : m_k(k)
    {}
    /// Whether a hit of this score would enter now (cheap test before building the hit).
    bool wouldTake(double score) const;
    void offer(SearchHit hit);
    /// Best first.
    QVector<SearchHit> take();

    static bool better(const SearchHit& a, const SearchHit& b)
    {
        return a.score > b.score || (a.score == b.score && a.id < b.id);
    }

private:
    int m_k;
    std::vector<SearchHit> m_heap; ///< worst on top
};

} // namespace ec
