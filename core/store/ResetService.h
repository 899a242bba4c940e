#pragma once
// The original design's recovery SQL ("UPDATE ai_items SET embedding = NULL, embedding_updated_at = NULL
// WHERE …") made safe: the criteria are bound values, the affected rows can be counted and
// listed (for the cost to re-embed them) before anything changes, and a reset runs in one
// transaction that also forgets the rows' cached state and records who reset what, when.
//
// A row is affected when it has a vector or an embedded-at time to clear and matches every
// criterion given: embedded by a model other than modelNot (or by none), embedded before
// `before`, one of `ids`.
//
// One connection, one thread; not a QObject.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"
#include "util/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

class QSqlQuery;

namespace ec {

class ResetService
{
public:
    ResetService(QSqlDatabase db, TableSpec table, CatalogSchema schema);

    /// How many rows reset(criteria) would change (an empty criteria is an error).
    Result<qint64> countAffected(const ResetCriteria& criteria) const;

    /// The affected rows in id order, a keyset page at a time: the rows after afterId (empty:
    /// from the start), at most limit, each with its id, title, summary and tags, to build its
    /// text and price its re-embedding. Empty at the end.
    Result<QVector<CatalogItem>> affectedItems(const ResetCriteria& criteria, const QString& afterId,
                                               int limit) const;

    /// Clears the embedding and embedded-at columns of the affected rows, deletes their
    /// embedding_item_state rows and records the reset in embedding_resets (byUser, this
    /// host, the criteria as JSON, the count), all in one transaction. Returns the number of
    /// rows reset; a failure when nothing was changed.
    Result<qint64> reset(const ResetCriteria& criteria, const QString& byUser);

    /// The criteria as recorded: {"model_not": …, "before": ISO-8601 UTC, "ids": […]}, set
    /// fields only.
    static QString criteriaJson(const ResetCriteria& criteria);

private:
    /// The WHERE condition on the operator's table aliased t, with :placeholders for bind().
    QString condition(const ResetCriteria& criteria) const;
    void bind(QSqlQuery& query, const ResetCriteria& criteria) const;
    QString tagsSelect() const;

    QSqlDatabase m_db;
    TableSpec m_table;
    CatalogSchema m_schema;
};

} // namespace ec
