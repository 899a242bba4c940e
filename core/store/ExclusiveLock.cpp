#include "store/ExclusiveLock.h"

#include "store/Database.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

namespace ec {

ExclusiveLock::ExclusiveLock(QSqlDatabase db, TableSpec table, CatalogSchema schema)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_schema(std::move(schema))
{}

ExclusiveLock::~ExclusiveLock()
{
    release();
}

qint64 ExclusiveLock::advisoryKey(const QString& table)
{
    const QByteArray name = QByteArrayLiteral("embedding-console/exclusive-run/") + table.toLower().toUtf8();
    const QByteArray digest = QCryptographicHash::hash(name, QCryptographicHash::Sha256);
    return qFromBigEndian<qint64>(digest.constData());
}

QString ExclusiveLock::lockFilePath() const
{
    if (m_schema.postgres)
        return QString();
    const QString path = m_db.databaseName();
    if (path.isEmpty() || path == QLatin1String(":memory:") ||
        path.startsWith(QLatin1String("file::memory:")))
        return QString();
    return path + QLatin1Char('.') + m_table.table.toLower() + QStringLiteral(".embedctl.lock");
}

bool ExclusiveLock::reacquire(QString* error)
{
    if (!m_schema.postgres || !m_held)
        return true; // a lock file outlives connections
    m_held = false;
    if (tryAcquire(error))
        return true;
    if (error && error->isEmpty())
        *error = QStringLiteral("the exclusive lock was lost with the database connection and another run "
                                "holds it now");
    return false;
}

bool ExclusiveLock::tryAcquire(QString* error)
{
    if (error)
        error->clear();
    if (m_held)
        return true;
    if (m_schema.postgres) {
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT pg_try_advisory_lock(CAST(:key AS bigint))"));
        query.bindValue(QStringLiteral(":key"), advisoryKey(m_table.table));
        if (!query.exec() || !query.next()) {
            if (error)
                *error =
                    QStringLiteral("cannot take the exclusive lock: ") + firstLine(query.lastError().text());
            return false;
        }
        m_held = query.value(0).toBool();
        return m_held;
    }
    const QString path = lockFilePath();
    if (path.isEmpty()) { // an in-memory database: nobody else can reach it
        m_held = true;
        return true;
    }
    m_file = std::make_unique<QLockFile>(path);
    m_file->setStaleLockTime(0); // a lock is stale only when its process is gone
    if (m_file->tryLock(0)) {
        m_held = true;
        return true;
    }
    if (m_file->error() != QLockFile::LockFailedError && error)
        *error = QStringLiteral("cannot create the lock file %1").arg(path);
    m_file.reset();
    return false;
}

void ExclusiveLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    if (m_schema.postgres) {
        if (!m_db.isOpen())
            return;
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT pg_advisory_unlock(CAST(:key AS bigint))"));
        query.bindValue(QStringLiteral(":key"), advisoryKey(m_table.table));
        query.exec();
        return;
    }
    if (m_file) {
        m_file->unlock();
        m_file.reset();
    }
}

QString ExclusiveLock::holderDescription() const
{
    if (m_schema.postgres) {
        const qint64 key = advisoryKey(m_table.table);
        const quint64 bits = quint64(key);
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral(
            "SELECT a.pid, COALESCE(host(a.client_addr), 'local'), COALESCE(a.application_name, ''), "
            "CAST(a.backend_start AS text) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
            "AND CAST(l.classid AS bigint) = CAST(:high AS bigint) AND CAST(l.objid AS bigint) = CAST(:low "
            "AS bigint) "
            "LIMIT 1"));
        query.bindValue(QStringLiteral(":high"), qint64(bits >> 32));
        query.bindValue(QStringLiteral(":low"), qint64(bits & 0xffffffffu));
        if (!query.exec() || !query.next())
            return QString();
        QString text = QStringLiteral("server process %1 from %2")
                           .arg(query.value(0).toString(), query.value(1).toString());
        if (!query.value(2).toString().isEmpty())
            text += QStringLiteral(" (%1)").arg(query.value(2).toString());
        text += QStringLiteral(", connected since %1").arg(query.value(3).toString());
        return text;
    }
    const QString path = lockFilePath();
    if (path.isEmpty())
        return QString();
    QLockFile probe(path);
    qint64 pid = 0;
    QString host;
    QString application;
    if (!probe.getLockInfo(&pid, &host, &application))
        return QString();
    QString text = QStringLiteral("process %1 on %2").arg(pid).arg(host);
    if (!application.isEmpty())
        text += QStringLiteral(" (%1)").arg(application);
    return text;
}

} // namespace ec
