#include "FailureTableModel.h"

#include "Format.h"

#include <QBrush>
#include <QColor>

namespace ec::ui {

FailureTableModel::FailureTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void FailureTableModel::setEntries(const QVector<FailureEntry>& entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

FailureTableModel::Kind FailureTableModel::kind(const FailureEntry& entry)
{
    if (entry.skipped)
        return Kind::Skipped;
    return entry.parked ? Kind::Parked : Kind::Failed;
}

QString FailureTableModel::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Failed:
        return tr("Failed");
    case Kind::Parked:
        return tr("Parked");
    case Kind::Skipped:
        return tr("Skipped");
    }
    return {};
}

int FailureTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int FailureTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailureTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const FailureEntry& e = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return e.itemId;
        case Title:
            return e.title;
        case Attempts:
            return format::count(e.attempts);
        case Status:
            return kindName(kind(e));
        case HttpStatus:
            return e.httpStatus > 0 ? QString::number(e.httpStatus) : QStringLiteral("—");
        case Message:
            return e.message.section(QLatin1Char('\n'), 0, 0);
        case LastSeen:
            return format::dateTime(e.lastSeen);
        }
    } else if (role == Qt::UserRole) {
        switch (index.column()) {
        case Id:
            return e.itemId;
        case Title:
            return e.title;
        case Attempts:
            return e.attempts;
        case Status:
            return int(kind(e));
        case HttpStatus:
            return e.httpStatus;
        case Message:
            return e.message;
        case LastSeen:
            return e.lastSeen;
        }
    } else if (role == Qt::ToolTipRole && index.column() == Message) {
        return e.errorCode.isEmpty() ? e.message : e.errorCode + QStringLiteral(": ") + e.message;
    } else if (role == Qt::ForegroundRole && index.column() == Status) {
        switch (kind(e)) {
        case Kind::Failed:
            return QBrush(QColor(0xdc, 0x26, 0x26));
        case Kind::Parked:
            return QBrush(QColor(0x9d, 0x17, 0x4d));
        case Kind::Skipped:
            return QBrush(QColor(0x78, 0x71, 0x6c));
        }
    } else if (role == Qt::TextAlignmentRole &&
               (index.column() == Attempts || index.column() == HttpStatus)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant FailureTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Id");
    case Title:
        return tr("Title");
    case Attempts:
        return tr("Attempts");
    case Status:
        return tr("Status");
    case HttpStatus:
        return tr("HTTP");
    case Message:
        return tr("Message");
    case LastSeen:
        return tr("Last seen");
    }
    return {};
}

void FailureTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace ec::ui
