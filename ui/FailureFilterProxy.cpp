#include "FailureFilterProxy.h"

namespace ec::ui {

FailureFilterProxy::FailureFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::UserRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void FailureFilterProxy::setSearchText(const QString& text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

void FailureFilterProxy::setKindFilter(std::optional<FailureTableModel::Kind> kind)
{
    m_kind = kind;
    invalidateFilter();
}

bool FailureFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    Q_UNUSED(sourceParent);
    const auto* model = qobject_cast<const FailureTableModel*>(sourceModel());
    if (!model || sourceRow >= model->rowCount())
        return false;
    const FailureEntry& e = model->entry(sourceRow);
    if (m_kind && FailureTableModel::kind(e) != *m_kind)
        return false;
    if (m_search.isEmpty())
        return true;
    for (const QString* field : {&e.itemId, &e.title, &e.message, &e.errorCode}) {
        if (field->contains(m_search, Qt::CaseInsensitive))
            return true;
    }
    return e.httpStatus > 0 && QString::number(e.httpStatus) == m_search;
}

} // namespace ec::ui
