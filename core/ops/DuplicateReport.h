#pragma once
// Groups of items whose texts are identical (the same content hash, the hash the run and
// the persistent cache use), and what sending each text once saves.
//
// Scope: by default the pending items (missing, outdated, other model; leases, backoff and
// parking ignored) — what the next run dedupes; the original design's query looked only at rows
// without an embedding. Scope::All looks at every row: what a full re-embed would dedupe.
// Items whose text cannot be sent (empty, or over the limit under the skip policy) are left
// out: they never cost anything.

#include "config/AppConfig.h"
#include "ops/CostModel.h"
#include "util/Feedback.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QMetaType>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

namespace ec {

class ItemStore;

/// Items sharing one text.
struct DuplicateGroup
{
    QByteArray contentHash; ///< hex SHA-256 of text + model + dimensions
    QStringList itemIds;    ///< in id order
    QString sample;         ///< the start of the text (at most DuplicateFinder::kSampleChars)
    int tokens = 0;         ///< tokens of the text as sent

    qint64 count() const { return itemIds.size(); }
    /// {"content_hash","item_ids","count","sample","tokens"}
    QJsonObject toJson() const;
};

struct DuplicateReport
{
    enum class Scope { Pending, All };

    Scope scope = Scope::Pending;
    QString model;
    int dimensions = 0;
    qint64 itemsScanned = 0;
    qint64 skippedItems = 0; ///< not sendable, left out
    qint64 distinctTexts = 0;
    QVector<DuplicateGroup> groups; ///< largest saving first, then by hash
    qint64 duplicateItems = 0;      ///< Σ (count − 1): items that need no request of their own
    qint64 savedTokens = 0;         ///< Σ (count − 1) × tokens
    CostFigures saved;              ///< savedTokens at the configured model's prices

    static QString scopeName(Scope scope); ///< "pending" or "all"

    /// {"groups":[…], "group_count", "duplicate_items", "saved_tokens", "saved_usd",
    ///  "saved_krw", "saved_batch_usd", "scope", "model", "dimensions", "items_scanned",
    ///  "skipped_items", "distinct_texts"}
    QJsonObject toJson() const;
};

class DuplicateFinder
{
public:
    static constexpr int kSampleChars = 120;

    explicit DuplicateFinder(AppConfig config);

    /// Streams the items of scope in keyset pages; memory grows with the distinct texts
    /// (32 bytes and an id each), not with the texts. feedback (may be null) follows the pages;
    /// a cancel ends it with the error "cancelled".
    Result<DuplicateReport> find(const ItemStore& store, DuplicateReport::Scope scope,
                                 Feedback* feedback = nullptr) const;

private:
    AppConfig m_config;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::DuplicateReport)
