#pragma once
// Which models the operator's table holds vectors of: how many embedded rows each model has,
// and the vector length of the most common one. Read-only; one GROUP BY over the embedded rows
// and one row's vector length. The model guard (ops/ModelGuard) decides from it which model a
// run, an estimate or a search uses when none is configured, and refuses a silent model change.

#include <QString>
#include <QVector>

#include <optional>

namespace ec {

class ItemStore;

struct TableModelCount
{
    QString model; ///< empty: rows with a vector but no recorded model
    qint64 rows = 0;
};

struct TableModels
{
    QVector<TableModelCount> models; ///< most rows first; recorded models before an unrecorded one
    qint64 embeddedRows = 0;         ///< rows with a vector, of any model
    int dominantDimensions = 0;      ///< vector length of a row of dominant(); 0 when none

    /// The recorded model of the most embedded rows; empty for a table without vectors (or
    /// whose vectors record no model).
    QString dominant() const;
    qint64 dominantRows() const;
    qint64 rowsOf(const QString& model) const;

    /// Reads store's table.
    static std::optional<TableModels> read(const ItemStore& store, QString* error);
};

} // namespace ec
