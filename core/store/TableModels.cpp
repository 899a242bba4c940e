#include "store/TableModels.h"

#include "store/ItemStore.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace ec {

QString TableModels::dominant() const
{
    for (const TableModelCount& m : models)
        if (!m.model.isEmpty())
            return m.model;
    return QString();
}

qint64 TableModels::dominantRows() const
{
    const QString name = dominant();
    return name.isEmpty() ? 0 : rowsOf(name);
}

qint64 TableModels::rowsOf(const QString& model) const
{
    for (const TableModelCount& m : models)
        if (m.model == model)
            return m.rows;
    return 0;
}

std::optional<TableModels> TableModels::read(const ItemStore& store, QString* error)
{
    const SqlDialect& sql = store.dialect();
    const TableSpec& spec = store.table();
    const QString embedding = sql.name(spec.embeddingColumn);
    const QString model = sql.name(spec.modelColumn);
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    const QString counts = QStringLiteral("SELECT %1, count(*) FROM %2 WHERE %3 IS NOT NULL GROUP BY %1")
                               .arg(model, store.sqlTable(), embedding);
    if (!q.exec(counts)) {
        *error = QStringLiteral("cannot count the models of %1: %2").arg(spec.table, q.lastError().text());
        return std::nullopt;
    }
    TableModels result;
    while (q.next()) {
        TableModelCount c{q.value(0).toString(), q.value(1).toLongLong()};
        result.embeddedRows += c.rows;
        result.models << c;
    }
    q.finish();
    std::sort(result.models.begin(), result.models.end(),
              [](const TableModelCount& a, const TableModelCount& b) {
                  if (a.model.isEmpty() != b.model.isEmpty())
                      return b.model.isEmpty();
                  if (a.rows != b.rows)
                      return a.rows > b.rows;
                  return a.model < b.model;
              });
    const QString dominant = result.dominant();
    if (dominant.isEmpty())
        return result;
    q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 IS NOT NULL AND %4 = :model LIMIT 1")
                  .arg(sql.vectorDimensions(embedding, store.schema().vectorKind), store.sqlTable(),
                       embedding, model));
    q.bindValue(QStringLiteral(":model"), dominant);
    if (!q.exec()) {
        *error =
            QStringLiteral("cannot read a vector length of %1: %2").arg(spec.table, q.lastError().text());
        return std::nullopt;
    }
    if (q.next())
        result.dominantDimensions = q.value(0).toInt();
    return result;
}

} // namespace ec
