#pragma once
// embedding_leases: items reserved by one worker so that workers sharing a database never
// send the same item. A lease names its owner ("host:pid:run") and expires; an expired lease
// (its worker died) is free for anyone to take.
//
// On PostgreSQL a claim locks the candidates' rows of the operator's table with
// FOR UPDATE SKIP LOCKED in one short statement, so concurrent claimers pass each other
// instead of waiting, and inserts or steals the leases with INSERT … ON CONFLICT DO UPDATE
// … WHERE expired. SQLite has a single writer and needs no row locks.
//
// One connection, one thread; not a QObject.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace ec {

class LeaseManager
{
public:
    LeaseManager(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// The owner name of a worker: "host:pid:runId".
    static QString ownerName(qint64 runId);

    /// Makes claims take only rows that are still pending for model (with dimensions when
    /// > 0; docs/schema.md, "Pending items"), judged under the row lock. Without it, a worker
    /// claiming from a page it read before another worker wrote (and so unleased) one of its
    /// items would send that item again. Off by default.
    void setStillPendingFor(const QString& model, int dimensions);

    /// Leases to owner, for leaseSeconds, those of candidateIds that exist in the operator's
    /// table and are neither leased by another owner (unexpired) nor row-locked by another
    /// claim in progress. Leases of owner itself are renewed. Returns the ids now leased to
    /// owner (in no particular order); empty with error set on failure.
    QVector<QString> claim(const QVector<QString>& candidateIds, const QString& owner, qint64 runId,
                           int leaseSeconds, QString* error = nullptr);

    /// Extends every lease of owner by leaseSeconds from now, but on PostgreSQL those another
    /// transaction has locked (a write lane deleting them): it never waits, so it cannot take
    /// part in a deadlock. Returns how many, −1 on error.
    int renew(const QString& owner, int leaseSeconds, QString* error = nullptr);

    /// Gives back every lease of owner. Returns how many, −1 on error.
    int release(const QString& owner, QString* error = nullptr);
    /// Gives back owner's leases of these items. Returns how many, −1 on error.
    int release(const QString& owner, const QVector<QString>& ids, QString* error = nullptr);

    /// Items leased (unexpired) by owners other than owner.
    qint64 countLeasedByOthers(const QString& owner, QString* error = nullptr) const;

private:
    QString idListSql(const QString& placeholder) const;
    QString stillPendingSql() const;

    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
    QString m_pendingModel; ///< empty: no pending check
    int m_pendingDimensions = 0;
};

} // namespace ec
