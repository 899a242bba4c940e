#pragma once
// The console's own tables (docs/schema.md) as a session sees them that must not change the
// database: read-only commands (status, estimate, dupes, failures) and the console's queries
// open the store without migrating (StoreOptions::migrate = false).
//
// ConsoleTables::standIn() probes each table with this build's columns. A table that is
// missing, that the role may not read, or that has an older schema version's columns is
// replaced, for this session only, by an empty TEMPORARY table of the same name and columns:
// PostgreSQL lets PUBLIC create temporary tables by default and looks in pg_temp first,
// SQLite has its temp schema and looks there first. Every query of the store then runs
// unchanged and reads nothing from it. A table that could not even be stood in for stays
// missing: queries on it fail, and the figures read from it are unavailable.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ec {

/// How one console table reads in this session.
struct ConsoleTableAccess
{
    enum class State {
        Readable,   ///< read as it is
        Absent,     ///< does not exist: an empty temporary table stands in (nothing to read)
        Unreadable, ///< exists, but not readable (privilege, older schema): an empty one stands in
        Missing,    ///< neither readable nor stood in for: queries on it fail
    };
    QString table;
    State state = State::Readable;
    QString reason; ///< one line: why it is not read as it is (empty when Readable)

    /// Its rows are known: read, or none because the console has never written any there.
    bool known() const { return state == State::Readable || state == State::Absent; }
    /// Queries on it run (they may read an empty stand-in).
    bool queryable() const { return state != State::Missing; }
};

class ConsoleTables
{
public:
    /// The tables a store queries: item state, leases, failures, runs, resets.
    static QStringList names();
    /// A table's columns at Migrations::latestVersion(), in table order.
    static QStringList columns(const QString& table);

    /// Probes every table of names() and stands in empty temporary tables where needed (see
    /// above). Never fails: what could not be done is in the returned states, names() order.
    static QVector<ConsoleTableAccess> standIn(QSqlDatabase& db, bool postgres);
};

} // namespace ec
