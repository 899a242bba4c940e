#pragma once
// The persistent cache of vectors: embedding_item_state remembers, for every item the console
// embedded, the content hash its vector was made from. A hash found there, for the same model
// and dimensions, points at an item whose vector can be reused for any other item with the
// same text, in this run or a later one.
//
// One connection, one thread; not a QObject.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QByteArray>
#include <QHash>
#include <QSqlDatabase>
#include <QVector>

namespace ec {

class StateStore
{
public:
    StateStore(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// The vectors made by model with dimensions for these content hashes: for each hash an
    /// item whose embedding_item_state has (model, dimensions, hash) and whose row in the
    /// operator's table still holds a non-NULL vector of that length with embedding_model =
    /// model. Hashes without such an item are absent from the result. On a database error the
    /// result is empty and error says why.
    QHash<QByteArray, QVector<float>> lookup(const QVector<QByteArray>& hashes, const QString& model,
                                             int dimensions, QString* error = nullptr) const;

    /// Hashes per query; lookups of more hashes are split.
    static constexpr int kHashesPerQuery = 1000;

private:
    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
};

} // namespace ec
