#include "store/StateStore.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "store/VectorCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <libpq-fe.h>

#include <cstring>
#include <memory>

namespace ec {

namespace {

constexpr quint32 kFloat4Oid = 700;

/// A real[] in PostgreSQL's binary send format, one dimension of `dimensions` float4 without
/// NULLs, read bit for bit; false for anything else.
bool decodeBinaryFloat4Array(const char* data, int length, int dimensions, QVector<float>* out)
{
    auto int32At = [&](int offset) {
        return qFromBigEndian<qint32>(data + offset);
    };
    if (length < 20 || int32At(0) != 1 || int32At(4) != 0 || quint32(int32At(8)) != kFloat4Oid ||
        int32At(12) != dimensions || length != 20 + dimensions * 8)
        return false;
    out->resize(dimensions);
    const char* element = data + 20;
    for (int i = 0; i < dimensions; ++i, element += 8) {
        if (qFromBigEndian<qint32>(element) != 4)
            return false;
        const quint32 bits = qFromBigEndian<quint32>(element + 4);
        std::memcpy(out->data() + i, &bits, sizeof bits);
    }
    return true;
}

struct PgResultDeleter
{
    void operator()(PGresult* result) const { PQclear(result); }
};

} // namespace

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
    // On PostgreSQL the vectors come back in binary (libpq, $n parameters): float4 bits as
    // stored, without printing 1,536 shortest decimals per hit on the server and parsing them
    // here (as text a hit cost about 0.6 ms of the server's CPU). Both column kinds are cast to
    // real[] (pgvector has the cast), whose binary form is decoded above. PGlite keeps the text
    // path.
    PGconn* conn = m_schema.postgres && !m_schema.pglite ? pgConnection(m_db) : nullptr;
    struct Holders
    {
        QString hashes, model, dims, model2;
    };
    const Holders holders = conn ? Holders{QStringLiteral("$1"), QStringLiteral("$2"),
                                           QStringLiteral("CAST($3 AS integer)"), QStringLiteral("$2")}
                                 : Holders{QStringLiteral(":hashes"), QStringLiteral(":model"),
                                           QStringLiteral(":dims"), QStringLiteral(":model2")};
    const QString embedding = QStringLiteral("t.") + sql.name(m_table.embeddingColumn);
    const QString vectorSelect = conn ? QStringLiteral("CAST(%1 AS real[])").arg(embedding)
                                      : sql.vectorSelect(embedding, m_schema.vectorKind);
    const QString hashList =
        m_schema.postgres
            ? QStringLiteral("SELECT DISTINCT jsonb_array_elements_text(CAST(%1 AS jsonb)) AS hash")
                  .arg(holders.hashes)
            : QStringLiteral("SELECT DISTINCT value AS hash FROM json_each(%1)").arg(holders.hashes);
    QString text =
        QStringLiteral("SELECT h.hash, (SELECT ") + vectorSelect +
        QStringLiteral(" FROM embedding_item_state s JOIN ") + sql.table(m_table.table) +
        QStringLiteral(" t ON t.") + sql.name(m_table.idColumn) + QStringLiteral(" = ") +
        sql.idParam(QStringLiteral("s.item_id"), m_schema.idKind) + QStringLiteral(" WHERE s.item_table = ") +
        SqlDialect::catalogLiteral(m_table.table) + QStringLiteral(" AND s.model = ") + holders.model +
        QStringLiteral(" AND s.dimensions = ") + holders.dims +
        QStringLiteral(" AND s.content_hash = h.hash AND ") + embedding +
        QStringLiteral(" IS NOT NULL AND t.") + sql.name(m_table.modelColumn) + QStringLiteral(" = ") +
        holders.model2 + QStringLiteral(" LIMIT 1) AS vec FROM (") + hashList + QStringLiteral(") h");
    // Only the hits come back.
    text = QStringLiteral("SELECT hash, vec FROM (") + text + QStringLiteral(") found WHERE vec IS NOT NULL");
    const QByteArray binaryText = text.toUtf8();

    for (qsizetype first = 0; first < hashes.size(); first += kHashesPerQuery) {
        QJsonArray list;
        const qsizetype end = qMin<qsizetype>(hashes.size(), first + kHashesPerQuery);
        for (qsizetype i = first; i < end; ++i) {
            if (!found.contains(hashes.at(i)))
                list.append(QString::fromLatin1(hashes.at(i)));
        }
        if (list.isEmpty())
            continue;
        if (conn) {
            const QByteArray hashesJson = QJsonDocument(list).toJson(QJsonDocument::Compact);
            const QByteArray modelText = model.toUtf8();
            const QByteArray dimsText = QByteArray::number(dimensions);
            const char* values[3] = {hashesJson.constData(), modelText.constData(), dimsText.constData()};
            std::unique_ptr<PGresult, PgResultDeleter> result(PQexecParams(
                conn, binaryText.constData(), 3, nullptr, values, nullptr, nullptr, /*binary*/ 1));
            if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
                if (error)
                    *error = QStringLiteral("cannot look up cached vectors: ") +
                             firstLine(QString::fromUtf8(result ? PQresultErrorMessage(result.get())
                                                                : PQerrorMessage(conn)));
                return {};
            }
            const int rows = PQntuples(result.get());
            for (int row = 0; row < rows; ++row) {
                if (PQgetisnull(result.get(), row, 0) || PQgetisnull(result.get(), row, 1))
                    continue;
                const QByteArray hash(PQgetvalue(result.get(), row, 0), PQgetlength(result.get(), row, 0));
                QVector<float> vector;
                if (decodeBinaryFloat4Array(PQgetvalue(result.get(), row, 1),
                                            PQgetlength(result.get(), row, 1), dimensions, &vector))
                    found.insert(hash, std::move(vector));
            }
            continue;
        }
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
