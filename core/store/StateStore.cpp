#include "store/StateStore.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "store/VectorCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace ec {

StateStore::StateStore(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

QHash<QByteArray, QVector<float>> StateStore::lookup(const QVector<QByteArray>& hashes, const QString& model,
                                                     int dimensions, QString* error) const
{
    QHash<QByteArray, QVector<float>> found;
    if (error)
        error->clear();
    if (hashes.isEmpty() || dimensions <= 0)
        return found;

    const SqlDialect sql(m_schema.postgres);
    const VectorCodec codec(m_schema.vectorKind);
    // One probe of the cache index per distinct hash, and one vector read for it, however many
    // items share the text: a join would read every sharing item's vector, and lets the planner
    // hash the whole state table once it has grown.
    const QString hashList =
        m_schema.postgres
            ? QStringLiteral("SELECT DISTINCT jsonb_array_elements_text(CAST(:hashes AS jsonb)) AS hash")
            : QStringLiteral("SELECT DISTINCT value AS hash FROM json_each(:hashes)");
    QString text =
        QStringLiteral("SELECT h.hash, (SELECT ") +
        sql.vectorSelect(QStringLiteral("t.") + sql.name(m_table.embeddingColumn), m_schema.vectorKind) +
        QStringLiteral(" FROM embedding_item_state s JOIN ") + sql.table(m_table.table) +
        QStringLiteral(" t ON t.") + sql.name(m_table.idColumn) + QStringLiteral(" = ") +
        sql.idParam(QStringLiteral("s.item_id"), m_schema.idKind) + QStringLiteral(" WHERE s.item_table = ") +
        SqlDialect::catalogLiteral(m_table.table) +
        QStringLiteral(" AND s.model = :model AND s.dimensions = :dims AND s.content_hash = h.hash AND t.") +
        sql.name(m_table.embeddingColumn) + QStringLiteral(" IS NOT NULL AND t.") +
        sql.name(m_table.modelColumn) + QStringLiteral(" = :model2 LIMIT 1) AS vec FROM (") + hashList +
        QStringLiteral(") h");
    // Only the hits come back.
    text = QStringLiteral("SELECT hash, vec FROM (") + text + QStringLiteral(") found WHERE vec IS NOT NULL");

    for (qsizetype first = 0; first < hashes.size(); first += kHashesPerQuery) {
        QJsonArray list;
        const qsizetype end = qMin<qsizetype>(hashes.size(), first + kHashesPerQuery);
        for (qsizetype i = first; i < end; ++i) {
            if (!found.contains(hashes.at(i)))
                list.append(QString::fromLatin1(hashes.at(i)));
        }
        if (list.isEmpty())
            continue;
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.prepare(text)) {
            if (error)
                *error =
                    QStringLiteral("cannot look up cached vectors: ") + firstLine(query.lastError().text());
            return {};
        }
        query.bindValue(QStringLiteral(":hashes"),
                        QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
        query.bindValue(QStringLiteral(":model"), model);
        query.bindValue(QStringLiteral(":dims"), dimensions);
        query.bindValue(QStringLiteral(":model2"), model);
        if (!query.exec()) {
            if (error)
                *error =
                    QStringLiteral("cannot look up cached vectors: ") + firstLine(query.lastError().text());
            return {};
        }
        while (query.next()) {
            // One row per distinct hash not found before (the list leaves found ones out).
            const QByteArray hash = query.value(0).toString().toLatin1();
            std::optional<QVector<float>> vector = codec.decode(query.value(1));
            if (vector && vector->size() == dimensions)
                found.insert(hash, std::move(*vector));
        }
    }
    return found;
}

} // namespace ec
