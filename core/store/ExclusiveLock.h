#pragma once
// Keeps two exclusive runs on one catalog from overlapping (`embedctl run --exclusive`,
// cron jobs). On PostgreSQL: a session-level advisory lock whose key is derived from the
// table's name, held by this connection and freed by the server when the connection ends,
// however the process ends. On SQLite: a lock file next to the database file
// ("<db>.<table>.embedctl.lock"), whose stale owner (a dead process) is detected.
//
// One connection, one thread; not a QObject. The destructor releases a held lock.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

class QLockFile;

namespace ec {

class ExclusiveLock
{
public:
    ExclusiveLock(QSqlDatabase db, TableSpec table, CatalogSchema schema);
    ~ExclusiveLock();

    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;

    /// The advisory lock key for a table name (stable across processes and versions).
    static qint64 advisoryKey(const QString& table);

    /// Takes the lock without waiting. False when another holder has it (error empty) or on
    /// a database/file error (error set). Taking a lock already held here succeeds.
    bool tryAcquire(QString* error = nullptr);
    /// Gives the lock back; nothing happens when it is not held.
    void release();
    bool isHeld() const { return m_held; }
    /// Takes the lock again on a connection that was opened again (DatabaseConnection::
    /// reconnect): the server freed the advisory lock with the old session. False when another
    /// run took it meanwhile (error says so) or on a database error.
    bool reacquire(QString* error);

    /// Who holds the lock now, for the refusal message ("pid 4242 on host db-1, since …");
    /// empty when nobody does or it cannot be told.
    QString holderDescription() const;

    /// The lock file used on SQLite; empty on PostgreSQL or for an in-memory database.
    QString lockFilePath() const;

private:
    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
    std::unique_ptr<QLockFile> m_file;
    bool m_held = false;
};

} // namespace ec
