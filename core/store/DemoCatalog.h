#pragma once
// `embedctl init-demo`: a realistic, deterministic catalog of AI tools in the original design's shape
// (id, title, summary, tags, embedding, embedding_model, embedding_updated_at, updated_at).
// Korean and English titles, summaries and tags; about 8% NULL summaries and 10% NULL tags;
// about 5% rows whose text exactly repeats an earlier row's; a few texts far over 8,192
// tokens (≥ 40,000 characters); a few empty texts (empty title, NULL summary and tags).
// Every row is pending (no embedding). The same seed always gives the same rows.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"
#include "util/Feedback.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace ec {

struct DemoOptions
{
    /// The seed of the operator's demo catalogs: `embedctl init-demo`, `run --demo` and the
    /// console's "Create demo catalog".
    static constexpr quint64 kOperatorSeed = 20261124;

    int items = 1000;
    quint64 seed = 42;
    /// Id type of a table created here: text ids "tool-000001", uuids, or 1, 2, 3…
    IdKind idKind = IdKind::Text;
    /// Embedding column type of a table created here; empty: real[] (PostgreSQL) or BLOB
    /// (SQLite). Also accepted: vector(N) (needs pgvector), float4[].
    QString embeddingType;
    /// Drop the table first (it is created again in the demo shape).
    bool replace = false;
    /// Follows the rows generated of options.items after each batch (may be null); a cancel
    /// rolls the transaction back and nothing is written.
    Feedback* feedback = nullptr;
};

/// What create() wrote.
struct DemoSummary
{
    qint64 inserted = 0;   ///< rows added (existing ids are kept as they are)
    qint64 duplicates = 0; ///< rows repeating an earlier row's text exactly
    qint64 longTexts = 0;  ///< rows whose text is ≥ 40,000 characters
    qint64 emptyTexts = 0; ///< rows with an empty title and NULL summary and tags
    qint64 nullSummaries = 0;
    qint64 nullTags = 0;
};

/// One generated row, before it is written.
struct DemoRow
{
    QString id;
    QString title;
    std::optional<QString> summary;
    std::optional<QStringList> tags;
    QDateTime updatedAt;
    bool duplicate = false;
    bool longText = false;
    bool empty = false;
};

class DemoCatalog
{
public:
    /// Creates spec's table in the demo shape when it is missing (an existing table is used
    /// as it is, its id and tags types respected) and inserts options.items rows in batches
    /// inside one transaction. nullopt and a one-line error on failure (nothing is written).
    static std::optional<DemoSummary> create(QSqlDatabase& db, bool postgres, const TableSpec& spec,
                                             const DemoOptions& options, QString* error);
    /// The same on config's database, over a connection of its own.
    static std::optional<DemoSummary> create(const AppConfig& config, const DemoOptions& options,
                                             QString* error);

    /// The rows create() writes, row by row (for tests and previews); index 0…items-1.
    class Generator
    {
    public:
        Generator(int items, quint64 seed, IdKind idKind);
        DemoRow next();
        bool atEnd() const { return m_index >= m_items; }
        int index() const { return m_index; } ///< rows generated so far

    private:
        quint64 random();
        int below(int bound) { return int(random() % quint64(bound)); }
        DemoRow makeRow(int index);
        QString makeId(int index);
        QString longText(bool korean);

        int m_items;
        int m_index = 0;
        quint64 m_state;
        IdKind m_idKind;
        QVector<int> m_longAt;
        QVector<int> m_emptyAt;
        QVector<DemoRow> m_sources; ///< earlier ordinary rows, for exact duplicates
    };
};

} // namespace ec
