#pragma once
// The failed and parked items as a table: id, title, attempts, status, HTTP code, message,
// last seen. Qt::UserRole gives each cell's sort key (numbers sort as numbers).

#include "store/StoreTypes.h"

#include <QAbstractTableModel>
#include <QVector>

namespace ec::ui {

class FailureTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Title, Attempts, Status, HttpStatus, Message, LastSeen, ColumnCount };
    /// What an item's record says about it.
    enum class Kind { Failed, Parked, Skipped };

    explicit FailureTableModel(QObject* parent = nullptr);

    void setEntries(const QVector<ec::FailureEntry>& entries);
    const QVector<ec::FailureEntry>& entries() const { return m_entries; }
    const ec::FailureEntry& entry(int row) const { return m_entries.at(row); }

    static Kind kind(const ec::FailureEntry& entry);
    static QString kindName(Kind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Re-reads the translated header and status texts.
    void retranslate();

private:
    QVector<ec::FailureEntry> m_entries;
};

} // namespace ec::ui
