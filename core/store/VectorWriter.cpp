#include "store/VectorWriter.h"

#include "store/PgVectorWriter.h"
#include "store/SqlVectorWriter.h"
#include "store/VectorCodec.h"

#include <QHash>
#include <QSqlQuery>

namespace ec {

namespace {

/// The last row of each id, in first-seen order.
QVector<VectorWrite> lastRowPerId(const QVector<VectorWrite>& rows)
{
    QHash<QString, qsizetype> index;
    index.reserve(rows.size());
    QVector<VectorWrite> unique;
    unique.reserve(rows.size());
    for (const VectorWrite& row : rows) {
        const auto found = index.constFind(row.itemId);
        if (found != index.constEnd()) {
            unique[*found] = row;
        } else {
            index.insert(row.itemId, unique.size());
            unique.append(row);
        }
    }
    return unique;
}

} // namespace

VectorWriter::Method VectorWriter::methodFromName(const QString& name, bool* ok)
{
    const QString key = name.trimmed().toLower();
    bool known = true;
    Method method = Method::Auto;
    if (key == QLatin1String("copy"))
        method = Method::Copy;
    else if (key == QLatin1String("values"))
        method = Method::Values;
    else if (key == QLatin1String("prepared"))
        method = Method::Prepared;
    else if (key != QLatin1String("auto") && !key.isEmpty())
        known = false;
    if (ok)
        *ok = known;
    return method;
}

QString VectorWriter::methodName(Method method)
{
    switch (method) {
    case Method::Auto:
        return QStringLiteral("auto");
    case Method::Copy:
        return QStringLiteral("copy");
    case Method::Values:
        return QStringLiteral("values");
    case Method::Prepared:
        return QStringLiteral("prepared");
    }
    return QString();
}

VectorWriter::VectorWriter(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(db)
    , m_table(table)
    , m_schema(schema)
    , m_postgres(std::make_unique<PgVectorWriter>(db, table, schema))
    , m_sqlite(std::make_unique<SqlVectorWriter>(db, table, schema))
{}

VectorWriter::~VectorWriter() = default;

VectorWriter::Method VectorWriter::effectiveMethod()
{
    if (!m_schema.postgres)
        return Method::Prepared;
    if (m_method == Method::Copy || m_method == Method::Values)
        return m_method;
    if (m_pglite < 0) {
        QString version = m_schema.serverVersion;
        if (!version.contains(QLatin1String("PGlite"), Qt::CaseInsensitive)) {
            QSqlQuery query(m_db);
            if (query.exec(QStringLiteral("SELECT version()")) && query.next())
                version = query.value(0).toString();
        }
        m_pglite = version.contains(QLatin1String("PGlite"), Qt::CaseInsensitive) ? 1 : 0;
    }
    return m_pglite == 1 ? Method::Values : Method::Copy;
}

bool VectorWriter::write(const QVector<VectorWrite>& rows, const QString& model, int dimensions,
                         QString* error)
{
    return writeRows(rows, model, dimensions, Scope::Full, error);
}

bool VectorWriter::writeBare(const QVector<VectorWrite>& rows, const QString& model, int dimensions,
                             QString* error)
{
    return writeRows(rows, model, dimensions, Scope::Bare, error);
}

bool VectorWriter::writeOneUpdatePerRow(const QVector<VectorWrite>& rows, const QString& model,
                                        QString* error)
{
    QString ignored;
    QString* err = error ? error : &ignored;
    m_lastAffected = 0;
    return m_schema.postgres ? m_postgres->writeOneUpdatePerRow(rows, model, &m_lastAffected, err)
                             : m_sqlite->writeOneUpdatePerRow(rows, model, &m_lastAffected, err);
}

bool VectorWriter::writeRows(const QVector<VectorWrite>& rows, const QString& model, int dimensions,
                             Scope scope, QString* error)
{
    QString ignored;
    QString* err = error ? error : &ignored;
    m_lastAffected = 0;
    if (rows.isEmpty())
        return true;
    if (dimensions <= 0) {
        *err = QStringLiteral("cannot write vectors: no dimension count given");
        return false;
    }
    for (const VectorWrite& row : rows) {
        if (!VectorCodec::allFinite(row.vector)) {
            *err = QStringLiteral("cannot write the vector of item %1: it holds a non-finite value")
                       .arg(row.itemId);
            return false;
        }
        if (row.vector.size() != dimensions) {
            *err = QStringLiteral("cannot write the vector of item %1: it has %2 dimensions, expected %3")
                       .arg(row.itemId)
                       .arg(row.vector.size())
                       .arg(dimensions);
            return false;
        }
    }
    if (m_schema.declaredDimensions > 0 && m_schema.declaredDimensions != dimensions) {
        *err = QStringLiteral("cannot write %1-dimensional vectors into %2.%3, declared vector(%4)")
                   .arg(dimensions)
                   .arg(m_table.table, m_table.embeddingColumn)
                   .arg(m_schema.declaredDimensions);
        return false;
    }
    const QVector<VectorWrite> unique = lastRowPerId(rows);
    const bool full = scope == Scope::Full;
    if (!m_schema.postgres)
        return m_sqlite->write(unique, model, dimensions, full, &m_lastAffected, err);
    const Method method = effectiveMethod();
    if (method != Method::Copy && method != Method::Values) {
        *err = QStringLiteral("write method %1 is not available on PostgreSQL").arg(methodName(method));
        return false;
    }
    return m_postgres->write(unique, model, dimensions, full, method == Method::Copy, m_valuesChunkRows,
                             &m_lastAffected, err);
}

bool VectorWriter::markCurrent(const QVector<QString>& ids, QString* error)
{
    QString ignored;
    QString* err = error ? error : &ignored;
    m_lastAffected = 0;
    if (ids.isEmpty())
        return true;
    return m_schema.postgres ? m_postgres->markCurrent(ids, &m_lastAffected, err)
                             : m_sqlite->markCurrent(ids, &m_lastAffected, err);
}

void VectorWriter::resetSession()
{
    m_postgres->resetSession();
}

} // namespace ec
