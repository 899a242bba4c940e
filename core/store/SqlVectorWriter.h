#pragma once
// VectorWriter's SQLite half, on QtSql: prepared statements in one transaction, the vectors as
// little-endian float32 BLOBs (VectorCodec). Used through VectorWriter only.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace ec {

class SqlVectorWriter
{
public:
    SqlVectorWriter(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// Writes rows (one per id, validated) in one transaction; full: the state, failures and
    /// leases too.
    bool write(const QVector<VectorWrite>& rows, const QString& model, int dimensions, bool full,
               qint64* affected, QString* error);
    /// VectorWriter::markCurrent.
    bool markCurrent(const QVector<QString>& ids, qint64* affected, QString* error);
    /// VectorWriter::writeOneUpdatePerRow.
    bool writeOneUpdatePerRow(const QVector<VectorWrite>& rows, const QString& model, qint64* affected,
                              QString* error);

private:
    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
};

} // namespace ec
