#pragma once
// Writes vectors into the operator's table, in bulk and in one transaction per call.
//
// A write sets the embedding, embedding-model and embedded-at columns of each item, records
// what the vector was made from in embedding_item_state (the persistent cache), and clears
// the items' failure records and leases. Either every row of a call is written or none is.
//
// On PostgreSQL two bulk methods exist, both sound for every column kind:
//  - Copy: binary COPY of the rows into a session-local staging table (real[] vectors),
//    then one set-based UPDATE … FROM the staging table (cast to vector for pgvector).
//  - Values: multi-row UPDATE … FROM (VALUES …) statements with the vectors as text, in
//    chunks of valuesChunkRows() rows.
// Auto picks Copy on PostgreSQL and Values on PGlite, which breaks on COPY FROM STDIN.
// On SQLite the rows go through prepared statements in one transaction.
//
// One connection, one thread. Not to be called while the connection has an open transaction
// or an unfinished forward-only query: each call begins and commits its own transaction.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <memory>

namespace ec {

class PgVectorWriter;
class SqlVectorWriter;

class VectorWriter
{
public:
    enum class Method {
        Auto,     ///< Copy on PostgreSQL, Values on PGlite, Prepared on SQLite
        Copy,     ///< binary COPY into a staging table + UPDATE … FROM (PostgreSQL only)
        Values,   ///< UPDATE … FROM (VALUES …) in chunks (PostgreSQL only)
        Prepared, ///< one prepared statement per row (SQLite)
    };

    /// The method RunSettings::writeMethod names ("auto", "copy", "values", "prepared");
    /// Auto with ok = false for anything else.
    static Method methodFromName(const QString& name, bool* ok = nullptr);
    static QString methodName(Method method);

    VectorWriter(QSqlDatabase db, TableSpec table, CatalogSchema schema);
    ~VectorWriter();

    VectorWriter(const VectorWriter&) = delete;
    VectorWriter& operator=(const VectorWriter&) = delete;

    /// Which method write() uses; Auto by default. Copy and Values concern PostgreSQL only:
    /// SQLite always writes with Prepared, and Prepared is refused on PostgreSQL.
    void setMethod(Method method) { m_method = method; }
    Method method() const { return m_method; }
    /// The method a write would use now (Auto resolved; may ask the server its version once).
    Method effectiveMethod();

    /// Rows per statement of the Values method (default 250).
    void setValuesChunkRows(int rows) { m_valuesChunkRows = qMax(1, rows); }
    int valuesChunkRows() const { return m_valuesChunkRows; }

    /// Writes the vectors of rows made by model with dimensions each (every vector must hold
    /// exactly that many floats), refreshes their embedding_item_state and clears their
    /// embedding_failures and embedding_leases rows. One transaction: on any error nothing
    /// is written, false is returned and error says why. Rows of ids missing from the table
    /// are ignored; when an id occurs twice the last row wins.
    bool write(const QVector<VectorWrite>& rows, const QString& model, int dimensions, QString* error);

    /// Marks items whose text still hashes to what their current vector was made from as
    /// current: embedded-at = now, embedding_item_state.embedded_at = now, failures and
    /// leases cleared. No vector moves. One transaction.
    bool markCurrent(const QVector<QString>& ids, QString* error);

    /// The bare bulk write the benchmark compares against: only the operator's embedding,
    /// model and embedded-at columns, with the same method and one transaction, no state.
    bool writeBare(const QVector<VectorWrite>& rows, const QString& model, int dimensions, QString* error);

    /// The original design's script's way, the benchmark's second baseline: one `UPDATE … SET embedding,
    /// model, embedded-at = now() WHERE id = …` per row, each its own transaction (autocommit),
    /// the vector sent as text, no state, no session settings. Stops at the first error.
    bool writeOneUpdatePerRow(const QVector<VectorWrite>& rows, const QString& model, QString* error);

    /// Forgets what the writer set up in the database session (its staging table, session
    /// settings): call it after the connection was opened again (DatabaseConnection::reconnect).
    void resetSession();

    /// Rows the last successful write()/writeBare()/markCurrent() changed in the
    /// operator's table.
    qint64 lastAffectedRows() const { return m_lastAffected; }

private:
    enum class Scope { Full, Bare };

    bool writeRows(const QVector<VectorWrite>& rows, const QString& model, int dimensions, Scope scope,
                   QString* error);
    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
    Method m_method = Method::Auto;
    int m_valuesChunkRows = 250;
    int m_pglite = -1; ///< -1 unknown, 0 real PostgreSQL, 1 PGlite
    qint64 m_lastAffected = 0;
    std::unique_ptr<PgVectorWriter> m_postgres; ///< COPY and VALUES, on libpq
    std::unique_ptr<SqlVectorWriter> m_sqlite;  ///< prepared statements, on QtSql
};

} // namespace ec
