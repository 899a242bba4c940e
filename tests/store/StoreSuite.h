#pragma once
// The item store's behaviour, written once and run on each backend: SQLite with a BLOB
// column, PostgreSQL 15 with real[], PGlite with pgvector vector(N). A backend suite derives
// from StoreSuite, says how to reach its database and what its embedding column is, and may
// add slots of its own. Every test function uses one connection at a time (PGlite serves one).

#include "config/AppConfig.h"
#include "store/Database.h"
#include "store/DemoCatalog.h"
#include "store/ItemStore.h"

#include <QObject>
#include <QSqlDatabase>

#include <memory>

namespace ec::test {

/// What a pattern row is, by its 1-based index i: kind = i % 8.
enum class RowKind {
    Missing = 0,      ///< no vector
    Current = 1,      ///< vector of the configured model and dimensions, embedded after the update
    Outdated = 2,     ///< embedded before the update
    OutdatedNull = 3, ///< vector present, embedded-at NULL
    OtherModel = 4,   ///< vector of text-embedding-ada-002
    OtherDims = 5,    ///< vector of 3 values (stored as current where the column fixes 4)
    NullModel = 6,    ///< vector present, model NULL
    MissingReset = 7, ///< vector NULL but model and embedded-at set (a reset row)
};

class StoreSuite : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDims = 4;
    static QString model() { return QStringLiteral("text-embedding-3-small"); }

protected:
    struct Backend
    {
        bool postgres = false;
        QString embeddingType; ///< as created: "BLOB", "real[]", "vector(4)"
        VectorColumnKind kind = VectorColumnKind::SqliteBlob;
        int declaredDimensions = 0;
        bool canStoreOtherDims = true;
        QStringList idTypes; ///< id column types to create, e.g. "text", "bigint", "uuid"
    };

    virtual Backend backend() const = 0;
    /// The URL of the suite's database; empty (with why) skips the suite.
    virtual QString databaseUrl(QString* why) const = 0;
    /// One-time set-up of the suite's database (extensions…), before the first test.
    virtual bool prepareDatabase(QString* error)
    {
        Q_UNUSED(error);
        return true;
    }

    /// A new connection to the suite's database (QVERIFY-checked by the caller).
    std::unique_ptr<DatabaseConnection> connect(QString* error) const;
    /// A table name no other test uses.
    static QString newTable(const QString& prefix = QStringLiteral("items"));
    static TableSpec spec(const QString& table);
    static EmbeddingSettings embedding();

    /// The ai_items-shaped table with the given id column type.
    bool createTable(QSqlDatabase& db, const QString& table, const QString& idType, QString* error) const;
    /// rows pattern rows (see RowKind); ids from idFor().
    bool fillPattern(QSqlDatabase& db, const QString& table, const QString& idType, int rows,
                     QString* error) const;
    /// A table of `rows` pattern rows attached to a store (nullptr on failure, error set).
    std::unique_ptr<ItemStore> patternStore(const QString& idType, int rows, QString* error,
                                            QString* table = nullptr);

    static QString idFor(int index, const QString& idType);
    static RowKind kindOf(int index) { return static_cast<RowKind>(index % 8); }
    /// Whether row index is pending on this backend, and why.
    bool expectedPending(int index, PendingReason* reason) const;
    /// An SQL expression for "now + seconds" in the console's timestamp columns.
    QString nowPlus(int seconds) const;

    static bool exec(QSqlDatabase& db, const QString& sql, QString* error);

    /// Creates a demo catalog in bulk (5,000 rows, or the 100,000 with EC_STORE_BENCH=1),
    /// streams every pending row in keyset pages of 500, prints how long each took, and checks
    /// that every row was inserted and paged once. The summary goes to summaryOut.
    void checkDemoCatalogInBulk(DemoSummary* summaryOut = nullptr);

private Q_SLOTS:
    void initTestCase();

    void schemaDetection_data();
    void schemaDetection();
    void migrationsAreIdempotent();
    void statusEqualsTheSeedQuery();
    void pendingSplitByReason();
    void keysetPagingCoversEveryPendingRowOnce_data();
    void keysetPagingCoversEveryPendingRowOnce();
    void exclusionsFollowLeasesBackoffAndParking();
    void embeddedHashOnlyForCurrentModel();
    void itemsPageAndSingleItem();
    void vectorRoundTripThroughTheDatabase();
    void pendingCountsTheDimensionsOfToastedVectors();
    void missingTableIsAClearError();
    void missingColumnIsAClearError();
    void wrongColumnTypeIsAClearError();
    void demoCatalogIsRealistic();
};

} // namespace ec::test
