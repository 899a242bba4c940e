#pragma once
// The console's own tables (docs/schema.md), created and upgraded by numbered migrations.
// Each migration runs once, inside one transaction with its version row; on PostgreSQL
// concurrent migrators wait for each other on a transaction-scoped advisory lock, on SQLite
// on `BEGIN IMMEDIATE`. Applying is idempotent. The operator's table is never touched.

#include <QSqlDatabase>
#include <QString>

namespace ec {

class Migrations
{
public:
    /// The highest version this build knows.
    static int latestVersion();

    /// Brings the console's tables up to latestVersion(). False with a one-line error when
    /// a statement fails (everything of that call is rolled back) or when the database holds
    /// a newer version than this build knows. `catalogKey` (SqlDialect::catalogKey()) names
    /// the catalog table that rows recorded before version 2, which did not say, belong to.
    /// `upTo` > 0 stops at that version (tests of an upgrade from an older schema).
    static bool apply(QSqlDatabase& db, bool postgres, const QString& catalogKey, QString* error,
                      int upTo = 0);

    /// The highest applied version; 0 before the first migration, -1 with error on failure.
    static int currentVersion(QSqlDatabase& db, bool postgres, QString* error);

    /// The advisory lock key migrators take on PostgreSQL (exposed for tests).
    static constexpr qint64 advisoryLockKey = 0x4543'4d49'4752'0001; // "ECMIGR" 1
};

} // namespace ec
