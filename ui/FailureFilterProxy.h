#pragma once
// Filters the failure table by a search text (id, title, message or error code,
// case-insensitive) and by status; sorts on each column's sort key.

#include "FailureTableModel.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace ec::ui {

class FailureFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FailureFilterProxy(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    /// nullopt: every status.
    void setKindFilter(std::optional<FailureTableModel::Kind> kind);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    std::optional<FailureTableModel::Kind> m_kind;
};

} // namespace ec::ui
