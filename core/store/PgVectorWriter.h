#pragma once
// VectorWriter's PostgreSQL half, on libpq directly (the connection QtSql opened): the binary
// COPY into a session-local staging table and the UPDATE … FROM (VALUES …) statements, each
// applied with one set-based statement that also refreshes embedding_item_state and clears the
// failures and leases. Used through VectorWriter only.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

struct pg_conn; // libpq's PGconn

namespace ec {

class PgVectorWriter
{
public:
    PgVectorWriter(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// Writes rows (one per id, validated) in one transaction: with COPY when copy, else with
    /// VALUES statements of valuesChunkRows rows; full: the state, failures and leases too.
    bool write(const QVector<VectorWrite>& rows, const QString& model, int dimensions, bool full, bool copy,
               int valuesChunkRows, qint64* affected, QString* error);
    /// VectorWriter::markCurrent, in one statement.
    bool markCurrent(const QVector<QString>& ids, qint64* affected, QString* error);
    /// VectorWriter::writeOneUpdatePerRow.
    bool writeOneUpdatePerRow(const QVector<VectorWrite>& rows, const QString& model, qint64* affected,
                              QString* error);
    /// Forgets the session's staging table and settings (the connection was opened again).
    void resetSession()
    {
        m_stagingReady = false;
        m_compressionChecked = false;
    }

private:
    /// Creates the session's staging table for the Copy method unless it exists.
    bool ensureStagingTable(pg_conn* conn, QString* error);
    /// Once per session: SET default_toast_compression = lz4 where the server has it. Vectors
    /// hardly compress; lz4 finds that out several times faster than pglz, which halves the cost
    /// of an UPDATE of a 1,536-dimension vector. Columns with their own method keep it.
    void preferFastToastCompression(pg_conn* conn);
    /// The statement that applies staged rows read from `source` (a table or a VALUES list
    /// aliased s, columns item_id, vec[, content_hash, tokens, truncated]) and returns how
    /// many operator rows it changed. Parameters: $1 model[, $2 dimensions when full].
    QString applySql(const QString& source, bool full, bool castFromRealArray) const;
    /// The CTEs that clear the failure records and leases of the rows in `upd` (which returns
    /// item_id and item_table).
    static QString cleanUpSql();

    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
    bool m_stagingReady = false;
    bool m_compressionChecked = false;
};

} // namespace ec
