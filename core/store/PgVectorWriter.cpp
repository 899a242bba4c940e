#include "store/PgVectorWriter.h"

#include "store/PgBinaryCopy.h"

#include "store/Database.h"
#include "store/SqlDialect.h"
#include "store/VectorCodec.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <libpq-fe.h>

#include <cstring>
#include <memory>

namespace ec {

namespace {

const char kStagingTable[] = "ec_vector_stage";

struct PgResultDeleter
{
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

QString pgError(PGconn* conn, const PGresult* result)
{
    const char* text = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    QString message = QString::fromUtf8(text).trimmed();
    const qsizetype newline = message.indexOf(QLatin1Char('\n'));
    if (newline > 0)
        message.truncate(newline);
    return message.isEmpty() ? QStringLiteral("unknown PostgreSQL error") : message;
}

/// Runs one command (no parameters) and checks its status.
bool pgCommand(PGconn* conn, const char* sql, QString* error)
{
    PgResult result(PQexec(conn, sql));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return true;
    *error = pgError(conn, result.get());
    return false;
}

/// Text parameters of one PQexecParams call, owned together.
class PgParams
{
public:
    void add(QByteArray value)
    {
        m_storage.append(std::move(value));
        m_null.append(false);
    }
    void addNull()
    {
        m_storage.append(QByteArray());
        m_null.append(true);
    }
    int size() const { return int(m_storage.size()); }

    /// Runs sql with these parameters; returns the result when it succeeded.
    PgResult exec(PGconn* conn, const QString& sql, QString* error)
    {
        QVector<const char*> values(m_storage.size());
        for (qsizetype i = 0; i < m_storage.size(); ++i)
            values[i] = m_null.at(i) ? nullptr : m_storage.at(i).constData();
        const QByteArray text = sql.toUtf8();
        PgResult result(
            PQexecParams(conn, text.constData(), size(), nullptr, values.constData(), nullptr, nullptr, 0));
        const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
            return result;
        *error = pgError(conn, result.get());
        return PgResult();
    }

private:
    QVector<QByteArray> m_storage;
    QVector<bool> m_null;
};

qint64 countOf(const PgResult& result)
{
    if (!result || PQntuples(result.get()) < 1 || PQgetisnull(result.get(), 0, 0))
        return 0;
    return QByteArray(PQgetvalue(result.get(), 0, 0)).toLongLong();
}

/// The text form of a vector for a CAST(… AS vector) or CAST(… AS real[]) parameter.
QByteArray vectorText(const QVector<float>& vector, VectorColumnKind kind)
{
    const bool pgvector = kind == VectorColumnKind::PgVector;
    QByteArray out;
    out.reserve(vector.size() * 12 + 2);
    out.append(pgvector ? '[' : '{');
    for (qsizetype i = 0; i < vector.size(); ++i) {
        if (i > 0)
            out.append(',');
        VectorCodec::appendFloat(out, vector.at(i));
    }
    out.append(pgvector ? ']' : '}');
    return out;
}

} // namespace

PgVectorWriter::PgVectorWriter(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

bool PgVectorWriter::writeOneUpdatePerRow(const QVector<VectorWrite>& rows, const QString& model,
                                          qint64* affected, QString* error)
{
    QString* err = error;
    const SqlDialect sql(true);
    PGconn* conn = pgConnection(m_db);
    if (!conn) {
        *err = QStringLiteral("the PostgreSQL connection is not open");
        return false;
    }
    const QString vecType = m_schema.vectorKind == VectorColumnKind::PgVector ? QStringLiteral("vector")
                                                                              : QStringLiteral("real[]");
    // The original design's statement: `embedding = $2::vector, embedding_model = $3, embedding_updated_at
    // = NOW() WHERE id = $1`, an unnamed statement parsed for every row (node-postgres's
    // pool.query without a name), in autocommit.
    const QString text = QStringLiteral("UPDATE ") + sql.table(m_table.table) + QStringLiteral(" SET ") +
                         sql.name(m_table.embeddingColumn) + QStringLiteral(" = CAST($2 AS ") + vecType +
                         QStringLiteral("), ") + sql.name(m_table.modelColumn) + QStringLiteral(" = $3, ") +
                         sql.name(m_table.embeddedAtColumn) + QStringLiteral(" = now() WHERE ") +
                         sql.name(m_table.idColumn) + QStringLiteral(" = ") +
                         sql.idParam(QStringLiteral("$1"), m_schema.idKind);
    const QByteArray modelText = model.toUtf8();
    for (const VectorWrite& row : rows) {
        PgParams params;
        params.add(row.itemId.toUtf8());
        params.add(vectorText(row.vector, m_schema.vectorKind));
        params.add(modelText);
        PgResult result = params.exec(conn, text, err);
        if (!result)
            return false;
        *affected += QByteArray(PQcmdTuples(result.get())).toLongLong();
    }
    return true;
}

QString PgVectorWriter::cleanUpSql()
{
    // The failure records and leases of the rows the statement's `upd` updated. The keys come
    // from upd's rows, not from a constant: a constant item_table lets the planner estimate
    // from stale statistics that the catalog has a handful of leases and join every committed
    // id against all of them by a filter, which grows with the leases held (quadratic).
    return QStringLiteral(
        ", fl AS (DELETE FROM embedding_failures f USING (SELECT DISTINCT item_id, item_table FROM upd) u "
        "WHERE f.item_id = u.item_id AND f.item_table = u.item_table RETURNING 1), "
        "ls AS (DELETE FROM embedding_leases l USING (SELECT DISTINCT item_id, item_table FROM upd) u "
        "WHERE l.item_id = u.item_id AND l.item_table = u.item_table RETURNING 1)");
}

QString PgVectorWriter::applySql(const QString& source, bool full, bool castFromRealArray) const
{
    const SqlDialect sql(true);
    QString vec = QStringLiteral("s.vec");
    if (castFromRealArray && m_schema.vectorKind == VectorColumnKind::PgVector)
        vec = QStringLiteral("CAST(s.vec AS vector)");
    // The operator's id as the database spells it (canonical uuid text) keys the console's tables.
    const QString itemId = sql.idAsText(QStringLiteral("t.") + sql.name(m_table.idColumn)) +
                           QStringLiteral(" AS item_id, ") + SqlDialect::catalogLiteral(m_table.table) +
                           QStringLiteral(" AS item_table");
    const QString returning =
        full ? itemId + QStringLiteral(", s.content_hash, s.tokens, s.truncated") : itemId;
    QString text = QStringLiteral("WITH upd AS (UPDATE ") + sql.table(m_table.table) +
                   QStringLiteral(" AS t SET ") + sql.name(m_table.embeddingColumn) + QStringLiteral(" = ") +
                   vec + QStringLiteral(", ") + sql.name(m_table.modelColumn) + QStringLiteral(" = $1, ") +
                   sql.name(m_table.embeddedAtColumn) + QStringLiteral(" = now() FROM ") + source +
                   QStringLiteral(" WHERE t.") + sql.name(m_table.idColumn) + QStringLiteral(" = ") +
                   sql.idParam(QStringLiteral("s.item_id"), m_schema.idKind) + QStringLiteral(" RETURNING ") +
                   returning + QStringLiteral(")");
    if (full) {
        text +=
            QStringLiteral(
                ", st AS (INSERT INTO embedding_item_state "
                "(item_table, item_id, content_hash, model, dimensions, tokens, truncated, embedded_at) "
                "SELECT item_table, item_id, content_hash, $1, CAST($2 AS integer), tokens, truncated, now() "
                "FROM upd ON CONFLICT (item_id, item_table) DO UPDATE SET content_hash = "
                "EXCLUDED.content_hash, model = EXCLUDED.model, dimensions = EXCLUDED.dimensions, "
                "tokens = EXCLUDED.tokens, truncated = EXCLUDED.truncated, embedded_at = "
                "EXCLUDED.embedded_at RETURNING 1)") +
            cleanUpSql();
    }
    text += QStringLiteral(" SELECT count(*) FROM upd");
    return text;
}

bool PgVectorWriter::ensureStagingTable(PGconn* conn, QString* error)
{
    if (m_stagingReady)
        return true;
    const QByteArray exists = QByteArrayLiteral("SELECT to_regclass('pg_temp.") + kStagingTable +
                              QByteArrayLiteral("') IS NOT NULL");
    PgResult result(PQexec(conn, exists.constData()));
    if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1) {
        *error = pgError(conn, result.get());
        return false;
    }
    if (qstrcmp(PQgetvalue(result.get(), 0, 0), "t") != 0) {
        // Session-local and emptied at every commit. STORAGE MAIN keeps a staged vector inside
        // its row when it fits a page (up to about 2,000 dimensions): no TOAST round trip.
        // lz4 gives up on incompressible floats about twice as fast as pglz; servers built
        // without lz4 get the default method.
        const QByteArray create = QByteArrayLiteral("CREATE TEMP TABLE ") + kStagingTable +
                                  QByteArrayLiteral(" (item_id text NOT NULL, vec real[] %1 NOT NULL, "
                                                    "content_hash text, tokens integer, truncated boolean) "
                                                    "ON COMMIT DELETE ROWS; ALTER TABLE ") +
                                  kStagingTable + QByteArrayLiteral(" ALTER COLUMN vec SET STORAGE MAIN");
        QString ignored;
        if (!pgCommand(conn, QByteArray(create).replace("%1", "COMPRESSION lz4").constData(), &ignored) &&
            !pgCommand(conn, QByteArray(create).replace("%1", "").constData(), error))
            return false;
    }
    m_stagingReady = true;
    return true;
}

void PgVectorWriter::preferFastToastCompression(PGconn* conn)
{
    if (m_compressionChecked)
        return;
    m_compressionChecked = true;
    // Only columns without a compression method of their own follow the session default, so an
    // operator's explicit choice stands. Fails harmlessly on servers without lz4 (or before 14).
    QString ignored;
    if (!pgCommand(conn, "SET default_toast_compression = 'lz4'", &ignored))
        qCDebug(lcStore).noquote() << "default_toast_compression stays the server's:" << ignored;
}

bool PgVectorWriter::write(const QVector<VectorWrite>& rows, const QString& model, int dimensions, bool full,
                           bool copy, int valuesChunkRows, qint64* affectedRows, QString* error)
{
    PGconn* conn = pgConnection(m_db);
    if (!conn) {
        *error = QStringLiteral("the PostgreSQL connection is not open");
        return false;
    }
    if (PQtransactionStatus(conn) != PQTRANS_IDLE) {
        *error = QStringLiteral("cannot write vectors: the connection is busy or inside a transaction");
        return false;
    }
    preferFastToastCompression(conn);
    const QByteArray modelText = model.toUtf8();
    const QByteArray dimsText = QByteArray::number(dimensions);

    auto fail = [&](const QString& message) {
        *error = message;
        // the connection may have been reset: check the table and the session setting again
        m_stagingReady = false;
        m_compressionChecked = false;
        QString ignored;
        if (PQtransactionStatus(conn) == PQTRANS_ACTIVE) {
            while (PGresult* pending = PQgetResult(conn))
                PQclear(pending);
        }
        if (PQtransactionStatus(conn) != PQTRANS_IDLE)
            pgCommand(conn, "ROLLBACK", &ignored);
        return false;
    };

    QString err;
    qint64 affected = 0;
    if (copy) {
        if (!ensureStagingTable(conn, &err))
            return fail(QStringLiteral("cannot prepare the vector staging table: ") + err);
        // The staging table is never analyzed, so the planner guesses thousands of rows and
        // would hash-join them against a sequential scan of the whole catalog; a few hundred
        // index probes are what the batch needs.
        if (!pgCommand(conn, "BEGIN; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
                       &err))
            return fail(QStringLiteral("cannot begin the write: ") + err);

        const QByteArray copy = QByteArrayLiteral("COPY ") + kStagingTable +
                                (full ? QByteArrayLiteral(" (item_id, vec, content_hash, tokens, truncated)")
                                      : QByteArrayLiteral(" (item_id, vec)")) +
                                QByteArrayLiteral(" FROM STDIN (FORMAT binary)");
        {
            PgResult started(PQexec(conn, copy.constData()));
            if (!started || PQresultStatus(started.get()) != PGRES_COPY_IN)
                return fail(QStringLiteral("cannot start COPY of the vectors: ") +
                            pgError(conn, started.get()));
        }
        BinaryCopyBuffer buffer(qsizetype(rows.size()) * (dimensions * 8 + 160) + 64);
        for (const VectorWrite& row : rows)
            buffer.appendRow(row, full);
        const QByteArray& data = buffer.finish();
        constexpr qsizetype kChunk = 1 << 20;
        for (qsizetype offset = 0; offset < data.size(); offset += kChunk) {
            const int length = int(qMin(kChunk, data.size() - offset));
            if (PQputCopyData(conn, data.constData() + offset, length) != 1)
                return fail(QStringLiteral("cannot send the vectors: ") + pgError(conn, nullptr));
        }
        if (PQputCopyEnd(conn, nullptr) != 1)
            return fail(QStringLiteral("cannot finish COPY of the vectors: ") + pgError(conn, nullptr));
        bool copied = true;
        while (PGresult* raw = PQgetResult(conn)) {
            PgResult result(raw);
            if (PQresultStatus(raw) != PGRES_COMMAND_OK) {
                copied = false;
                err = pgError(conn, raw);
            }
        }
        if (!copied)
            return fail(QStringLiteral("COPY of the vectors failed: ") + err);

        PgParams params;
        params.add(modelText);
        if (full)
            params.add(dimsText);
        const QString source =
            QStringLiteral("pg_temp.") + QLatin1String(kStagingTable) + QStringLiteral(" AS s");
        PgResult applied = params.exec(conn, applySql(source, full, true), &err);
        if (!applied)
            return fail(QStringLiteral("cannot write the vectors: ") + err);
        affected = countOf(applied);
    } else {
        if (!pgCommand(conn, "BEGIN", &err))
            return fail(QStringLiteral("cannot begin the write: ") + err);
        const QString vecType = m_schema.vectorKind == VectorColumnKind::PgVector ? QStringLiteral("vector")
                                                                                  : QStringLiteral("real[]");
        for (qsizetype first = 0; first < rows.size(); first += valuesChunkRows) {
            const qsizetype count = qMin<qsizetype>(valuesChunkRows, rows.size() - first);
            PgParams params;
            params.add(modelText);
            if (full)
                params.add(dimsText);
            QString values;
            values.reserve(count * 96);
            for (qsizetype i = 0; i < count; ++i) {
                const VectorWrite& row = rows.at(first + i);
                const int p = params.size() + 1;
                if (i > 0)
                    values += QLatin1Char(',');
                if (full) {
                    values += QStringLiteral("(CAST($%1 AS text),CAST($%2 AS %3),CAST($%4 AS text),"
                                             "CAST($%5 AS integer),CAST($%6 AS boolean))")
                                  .arg(p)
                                  .arg(p + 1)
                                  .arg(vecType)
                                  .arg(p + 2)
                                  .arg(p + 3)
                                  .arg(p + 4);
                } else {
                    values +=
                        QStringLiteral("(CAST($%1 AS text),CAST($%2 AS %3))").arg(p).arg(p + 1).arg(vecType);
                }
                params.add(row.itemId.toUtf8());
                params.add(vectorText(row.vector, m_schema.vectorKind));
                if (full) {
                    params.add(row.contentHash);
                    params.add(QByteArray::number(row.tokens));
                    params.add(row.truncated ? QByteArrayLiteral("t") : QByteArrayLiteral("f"));
                }
            }
            const QString columns = full ? QStringLiteral("item_id, vec, content_hash, tokens, truncated")
                                         : QStringLiteral("item_id, vec");
            const QString source =
                QStringLiteral("(VALUES ") + values + QStringLiteral(") AS s(") + columns + QLatin1Char(')');
            PgResult applied = params.exec(conn, applySql(source, full, false), &err);
            if (!applied)
                return fail(QStringLiteral("cannot write the vectors: ") + err);
            affected += countOf(applied);
        }
    }
    if (!pgCommand(conn, "COMMIT", &err))
        return fail(QStringLiteral("cannot commit the vectors: ") + err);
    *affectedRows = affected;
    return true;
}

bool PgVectorWriter::markCurrent(const QVector<QString>& ids, qint64* affected, QString* error)
{
    QString* err = error;
    const SqlDialect sql(true);
    const QString catalog = SqlDialect::catalogLiteral(m_table.table);
    PGconn* conn = pgConnection(m_db);
    if (!conn) {
        *err = QStringLiteral("the PostgreSQL connection is not open");
        return false;
    }
    if (PQtransactionStatus(conn) != PQTRANS_IDLE) {
        *err = QStringLiteral("cannot mark items current: the connection is busy or inside a transaction");
        return false;
    }
    QJsonArray list;
    for (const QString& id : ids)
        list.append(id);
    PgParams params;
    params.add(QJsonDocument(list).toJson(QJsonDocument::Compact));
    // One statement: atomic on its own.
    const QString text =
        QStringLiteral(
            "WITH ids AS (SELECT DISTINCT jsonb_array_elements_text(CAST($1 AS jsonb)) AS item_id), "
            "upd AS (UPDATE ") +
        sql.table(m_table.table) + QStringLiteral(" AS t SET ") + sql.name(m_table.embeddedAtColumn) +
        QStringLiteral(" = now() FROM ids WHERE t.") + sql.name(m_table.idColumn) + QStringLiteral(" = ") +
        sql.idParam(QStringLiteral("ids.item_id"), m_schema.idKind) + QStringLiteral(" RETURNING ") +
        sql.idAsText(QStringLiteral("t.") + sql.name(m_table.idColumn)) + QStringLiteral(" AS item_id, ") +
        catalog +
        QStringLiteral(" AS item_table), st AS (UPDATE embedding_item_state s SET embedded_at = now() FROM "
                       "(SELECT DISTINCT item_id, item_table FROM upd) u WHERE s.item_id = u.item_id AND "
                       "s.item_table = u.item_table RETURNING 1)") +
        cleanUpSql() + QStringLiteral(" SELECT count(*) FROM upd");
    QString e;
    PgResult result = params.exec(conn, text, &e);
    if (!result) {
        *err = QStringLiteral("cannot mark items current: ") + e;
        return false;
    }
    *affected = countOf(result);
    return true;
}

} // namespace ec
