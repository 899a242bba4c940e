#include "FailureTableModel.h"

#include "Format.h"
#include "ThemeColors.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>

#include <algorithm>

namespace ec::ui {

namespace {
bool sameEntry(const FailureEntry& a, const FailureEntry& b)
{
    return a.itemId == b.itemId && a.title == b.title && a.runId == b.runId && a.attempts == b.attempts &&
           a.httpStatus == b.httpStatus && a.errorCode == b.errorCode && a.message == b.message &&
           a.parked == b.parked && a.skipped == b.skipped && a.firstSeen == b.firstSeen &&
           a.lastSeen == b.lastSeen && a.nextRetryAt == b.nextRetryAt;
}

QString isoUtc(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}
} // namespace

FailureTableModel::FailureTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    setPalette(QGuiApplication::palette());
}

void FailureTableModel::reindex()
{
    m_rows.clear();
    m_rows.reserve(m_entries.size());
    m_parked = 0;
    for (int row = 0; row < m_entries.size(); ++row) {
        m_rows.insert(m_entries.at(row).itemId, row);
        m_parked += m_entries.at(row).parked ? 1 : 0;
    }
}

bool FailureTableModel::setEntries(const QVector<FailureEntry>& entries)
{
    QHash<QString, int> incoming;
    incoming.reserve(entries.size());
    for (int i = 0; i < entries.size(); ++i)
        incoming.insert(entries.at(i).itemId, i);
    qsizetype kept = 0;
    for (const FailureEntry& e : std::as_const(m_entries))
        kept += incoming.contains(e.itemId) ? 1 : 0;
    const qsizetype changes = (m_entries.size() - kept) + (entries.size() - kept);
    // Mostly new (or a first fill, or ids repeated): a reset is cheaper than the steps.
    if (m_entries.isEmpty() || entries.isEmpty() || incoming.size() != entries.size() ||
        changes * 2 > std::max(m_entries.size(), entries.size())) {
        beginResetModel();
        m_entries = entries;
        reindex();
        endResetModel();
        return true;
    }

    // Rows that are gone, in runs from the end so the rows before keep their numbers.
    for (int row = int(m_entries.size()) - 1; row >= 0;) {
        if (incoming.contains(m_entries.at(row).itemId)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_entries.at(first - 1).itemId))
            --first;
        beginRemoveRows({}, first, row);
        m_entries.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Rows that stay: the changed ones report it, a run of neighbours at a time.
    int runStart = -1;
    for (int row = 0; row <= int(m_entries.size()); ++row) {
        bool changed = false;
        if (row < m_entries.size()) {
            const FailureEntry& next = entries.at(incoming.value(m_entries.at(row).itemId));
            if (!sameEntry(m_entries.at(row), next)) {
                m_entries[row] = next;
                changed = true;
            }
        }
        if (changed && runStart < 0)
            runStart = row;
        if (!changed && runStart >= 0) {
            Q_EMIT dataChanged(index(runStart, 0), index(row - 1, ColumnCount - 1));
            runStart = -1;
        }
    }
    // New rows at the end (the view sorts them into place).
    reindex();
    QVector<FailureEntry> added;
    for (const FailureEntry& e : entries) {
        if (!m_rows.contains(e.itemId))
            added << e;
    }
    if (!added.isEmpty()) {
        const int first = int(m_entries.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_entries += added;
        reindex();
        endInsertRows();
    }
    return false;
}

void FailureTableModel::setPalette(const QPalette& palette)
{
    m_kindBrushes[int(Kind::Failed)] = QBrush(theme::danger(palette));
    m_kindBrushes[int(Kind::Parked)] = QBrush(theme::warning(palette));
    m_kindBrushes[int(Kind::Skipped)] = QBrush(theme::neutral(palette));
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, Status), index(rowCount() - 1, Status), {Qt::ForegroundRole});
}

QString FailureTableModel::kindKey(Kind kind)
{
    switch (kind) {
    case Kind::Failed:
        return QStringLiteral("failed");
    case Kind::Parked:
        return QStringLiteral("parked");
    case Kind::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QStringList FailureTableModel::csvHeader()
{
    return {QStringLiteral("id"),         QStringLiteral("title"),       QStringLiteral("status"),
            QStringLiteral("attempts"),   QStringLiteral("http_status"), QStringLiteral("error_code"),
            QStringLiteral("message"),    QStringLiteral("first_seen"),  QStringLiteral("last_seen"),
            QStringLiteral("next_retry"), QStringLiteral("run_id")};
}

QStringList FailureTableModel::csvRecord(const FailureEntry& e)
{
    return {e.itemId,
            e.title,
            kindKey(kind(e)),
            QString::number(e.attempts),
            e.httpStatus > 0 ? QString::number(e.httpStatus) : QString(),
            e.errorCode,
            e.message,
            isoUtc(e.firstSeen),
            isoUtc(e.lastSeen),
            isoUtc(e.nextRetryAt),
            e.runId > 0 ? QString::number(e.runId) : QString()};
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
            // The vocabulary of every view (format::failureKind): "HTTP 429", "Network", "Skipped".
            return format::failureKind(e.httpStatus, e.errorCode);
        case Message:
            return format::failureReason(e.errorCode, e.message).section(QLatin1Char('\n'), 0, 0);
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
        return m_kindBrushes[int(kind(e))];
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
