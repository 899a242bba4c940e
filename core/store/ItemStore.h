#pragma once
// The operator's catalog as the engine sees it: one database connection, the detected
// schema of the operator's table, and the queries that read it (status figures, pending items
// in keyset pages, single items). Writers (VectorWriter, FailureLog, RunLog, LeaseManager…)
// work on the same connection through database(), dialect(), codec() and schema().
//
// Threading: an ItemStore owns one Qt SQL connection and must be created, used and destroyed
// on one thread. A thread that needs the catalog opens its own ItemStore under its own
// connection name. Not a QObject; every call blocks on the database, so call it from a worker
// thread, not from a GUI event loop. Copies of database() must be gone before the store is
// destroyed (Qt warns "connection still in use" otherwise).
//
// Pending (docs/schema.md): embedding NULL (missing); embedding_model IS DISTINCT FROM the model
// or a vector length other than the dimensions (other model); embedded-at NULL or older than
// updated_at (outdated), in that order of precedence. Pages are ordered by the native id
// (bigint ids as numbers, uuid as uuid, text by the column's collation); pass the last id of a
// page as the next afterId. Each page is one bounded query read forward-only: memory stays flat.

#include "config/AppConfig.h"
#include "store/ConsoleTables.h"
#include "store/Database.h"
#include "store/SqlDialect.h"
#include "store/StoreTypes.h"
#include "store/TextDecoding.h"
#include "store/VectorCodec.h"
#include "util/Result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVector>

#include <memory>
#include <optional>

namespace ec {

/// One keyset page of pending items (docs/schema.md, "Pending items").
struct PendingQuery
{
    QString model = QStringLiteral("text-embedding-3-small");
    int dimensions = 0;         ///< the configured vector length; 0: any length counts as current
    QString afterId;            ///< keyset cursor: the last id of the previous page; empty for the first
    int limit = 500;            ///< page size (1…100000)
    QStringList onlyIds;        ///< when not empty, only these ids (at most 1000 per call)
    bool includeParked = false; ///< also parked items that were not updated since parking
    bool ignoreBackoff = false; ///< also items whose next_retry_at lies in the future
    bool ignoreLeases = false;  ///< also items leased by other workers (estimates, reports)
    QString leaseOwner;         ///< leases of this owner do not exclude their items
    /// A model migration's staging (store/MigrationStore): the rows without a staged vector
    /// (reason Missing) or edited since they were staged (Outdated), with the staged vector's
    /// content hash as embeddedHash; the operator's vectors, leases, back-off and parking are
    /// not looked at.
    bool staging = false;
    /// With staging: also leaves out the rows behind an open staging batch of this migration
    /// (embedding_migrations id; 0: none), which its collection stages (ops/BatchRunner).
    qint64 stagingBatchesOf = 0;
};

/// One keyset page of the whole table, pending or not (for estimates and reports).
struct ItemsQuery
{
    QString model = QStringLiteral("text-embedding-3-small");
    int dimensions = 0;
    QString afterId;
    int limit = 500;
    bool onlyPending = false; ///< pending by content only; leases, backoff and parking ignored
};

/// Options of ItemStore::open().
struct StoreOptions
{
    /// Create/upgrade the console's tables (docs/schema.md). False for a session that must not
    /// change the database (status, estimate, dupes, failures, the console's views): the
    /// console's tables it cannot read as they are read as empty (ConsoleTables::standIn()),
    /// SQLite is opened read-only and PostgreSQL sessions are set read-only.
    bool migrate = true;
    ConnectOptions connect;
};

class ItemStore
{
public:
    /// Parses config.effectiveDatabaseUrl(), connects under connectionName (empty: a unique
    /// name), inspects config.table and applies the migrations (options.migrate) or stands in
    /// for the console's tables it cannot read. nullptr and a one-line error on any failure
    /// (see DatabaseConnection::open, SchemaInspector::inspect, Migrations::apply).
    static std::unique_ptr<ItemStore> open(const AppConfig& config, const QString& connectionName,
                                           QString* error, const StoreOptions& options = {});
    /// The same on a connection opened already.
    static std::unique_ptr<ItemStore> attach(std::unique_ptr<DatabaseConnection> connection,
                                             const TableSpec& table, QString* error,
                                             const StoreOptions& options = {});
    ~ItemStore();
    ItemStore(const ItemStore&) = delete;
    ItemStore& operator=(const ItemStore&) = delete;

    const CatalogSchema& schema() const { return m_schema; }
    const TableSpec& table() const { return m_table; }
    QSqlDatabase database() const { return m_connection->database(); }
    const DatabaseConnection& connection() const { return *m_connection; }
    DatabaseConnection& connection() { return *m_connection; }
    const DatabaseUrl& url() const { return m_connection->url(); }
    const SqlDialect& dialect() const { return m_dialect; }
    const VectorCodec& codec() const { return m_codec; }
    bool isPostgres() const { return m_schema.postgres; }
    /// How each console table reads in a store opened without migrating (empty otherwise:
    /// the migrations made every one readable).
    const QVector<ConsoleTableAccess>& consoleTables() const { return m_consoleTables; }
    /// False when the rows of a console table could not be read in this session (see
    /// ConsoleTableAccess::known()): figures taken from it are unavailable.
    bool consoleTableKnown(const QString& table) const;

    /// The original design's figures (count(*), count(embedding), round(count(embedding)*100.0/count(*), 2),
    /// max(embedding_updated_at)) plus the pending split and the failure counts, in one query.
    /// The split is a partition of the pending rows: missing (no vector), other model (a vector
    /// of another model or dimension count), outdated (the rest that are older than updated_at).
    Result<StatusCounts> status(const EmbeddingSettings& embedding) const;

    /// The next page of pending items in id order (bigint ids as numbers), leaving out items
    /// leased by another owner, in failure backoff, or parked and not updated since parking.
    /// Empty at the end; an error leaves error non-empty.
    QVector<CatalogItem> pendingPage(const PendingQuery& query, QString* error) const;
    /// SQLite: pending rows whose id is stored as a BLOB, which pendingPage() leaves out because
    /// no text binds to them, each with CatalogItem::unreadable saying so (the same filters,
    /// afterId ignored, at most limit and 1,000). Empty on PostgreSQL.
    QVector<CatalogItem> unaddressablePending(const PendingQuery& query, QString* error) const;
    /// How many items pendingPage() would return across all pages (afterId/limit ignored).
    Result<qint64> pendingCount(const PendingQuery& query) const;

    /// The next page of the table in id order, with pending = false for current items.
    QVector<CatalogItem> itemsPage(const ItemsQuery& query, QString* error) const;

    /// One item by id (pending judged against embedding), nullopt when there is none or on error.
    std::optional<CatalogItem> item(const QString& id, const EmbeddingSettings& embedding,
                                    QString* error) const;

    /// The stored vector of one item; nullopt when the item or its vector is missing.
    std::optional<QVector<float>> vector(const QString& id, QString* error) const;

    /// The given ids no row of the table has (the reset dialog's "2 ids not found"). Compared as
    /// text, so an id that is not even of the table's id type (a word for a bigint id) is simply
    /// not found. Empty with error set when the look-up fails.
    QStringList idsNotFound(const QStringList& ids, QString* error) const;

    /// The table's SQL name (quoted) and a column's, for writers composing their own SQL.
    QString sqlTable() const { return m_dialect.table(m_table.table); }
    QString sqlColumn(const QString& column) const { return m_dialect.name(column); }

private:
    ItemStore(std::unique_ptr<DatabaseConnection> connection, TableSpec table, CatalogSchema schema);

    struct Selection; // which rows and which filters a page query applies
    using Bindings = QVector<std::pair<QString, QVariant>>;
    static Selection selectionFor(const PendingQuery& query);
    /// A selection as SQL: `where` filters the operator's table alone (key range, ids, pending);
    /// `eligible` is what the state joins add (leases, back-off, parking), empty when nothing.
    struct PageFilter
    {
        QString where;
        QString eligible;
        bool withLeases = false;
        bool staging = false;
        Bindings bindings;
    };
    bool buildFilter(const Selection& selection, PageFilter* filter, QString* error) const;
    QVector<CatalogItem> fetchItems(const Selection& selection, QString* error) const;
    /// The joins a selection's columns and filters read: embedding_item_state as s,
    /// embedding_failures as f and, with withLeases, other workers' live leases as l (binding
    /// :owner). Probe: on PostgreSQL each is a LATERAL look-up by primary key, for pages; Set:
    /// plain joins the planner may hash, for counts over the whole table.
    enum class JoinStyle { Probe, Set };
    QString stateJoins(bool withLeases, JoinStyle style, bool staging = false) const;
    /// Staging: the row was edited after its staged vector (t.updated_at after m.staged_asof).
    QString stagedStale() const;

    std::unique_ptr<DatabaseConnection> m_connection;
    QVector<ConsoleTableAccess> m_consoleTables;
    TableSpec m_table;
    CatalogSchema m_schema;
    SqlDialect m_dialect;
    VectorCodec m_codec;
};

} // namespace ec
