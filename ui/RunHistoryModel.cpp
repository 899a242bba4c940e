#include "RunHistoryModel.h"

#include "Format.h"
#include "StateBadge.h"

#include <QBrush>

namespace ec::ui {

RunHistoryModel::RunHistoryModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void RunHistoryModel::setRuns(const QVector<RunRecord>& runs)
{
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

void RunHistoryModel::setKrwPerUsd(double rate)
{
    m_krwPerUsd = rate;
    if (!m_runs.isEmpty())
        Q_EMIT dataChanged(index(0, Cost), index(rowCount() - 1, Cost));
}

double RunHistoryModel::durationSeconds(const RunRecord& run)
{
    const QDateTime end = run.finishedAt.isValid() ? run.finishedAt : run.heartbeatAt;
    if (!run.startedAt.isValid() || !end.isValid())
        return -1;
    return double(run.startedAt.msecsTo(end)) / 1000.0;
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const RunRecord& r = m_runs.at(index.row());
    const double seconds = durationSeconds(r);
    const double throughput = seconds > 0 ? double(r.processed) / seconds : 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return QStringLiteral("#%1").arg(r.id);
        case Started:
            return format::dateTime(r.startedAt);
        case Duration:
            return format::duration(seconds);
        case Status:
            return StateBadge::displayName(r);
        case Total:
            return format::count(r.total);
        case Succeeded:
            return format::count(r.succeeded);
        case Failed:
            return format::count(r.failed);
        case Skipped:
            return format::count(r.skipped);
        case Unchanged:
            return format::count(r.unchanged);
        case Deduped:
            return format::count(r.deduped);
        case Cached:
            return format::count(r.cached);
        case Requests:
            return format::count(r.apiRequests);
        case Tokens:
            return format::count(r.tokens);
        case Cost:
            return format::money(r.costUsd, m_krwPerUsd);
        case Throughput:
            return seconds > 0 ? format::perSecond(throughput) : QStringLiteral("—");
        case Worker:
            return r.worker;
        }
    } else if (role == Qt::UserRole) {
        switch (index.column()) {
        case Id:
            return r.id;
        case Started:
            return r.startedAt;
        case Duration:
            return seconds;
        case Status:
            return int(r.status);
        case Total:
            return r.total;
        case Succeeded:
            return r.succeeded;
        case Failed:
            return r.failed;
        case Skipped:
            return r.skipped;
        case Unchanged:
            return r.unchanged;
        case Deduped:
            return r.deduped;
        case Cached:
            return r.cached;
        case Requests:
            return r.apiRequests;
        case Tokens:
            return r.tokens;
        case Cost:
            return r.costUsd;
        case Throughput:
            return throughput;
        case Worker:
            return r.worker;
        }
    } else if (role == Qt::ForegroundRole && index.column() == Status) {
        return QBrush(StateBadge::color(stateOfRecord(r)));
    } else if (role == Qt::ToolTipRole && index.column() == Status && !r.error.isEmpty()) {
        return r.error;
    } else if (role == Qt::TextAlignmentRole && index.column() != Started && index.column() != Status &&
               index.column() != Worker) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Run");
    case Started:
        return tr("Started");
    case Duration:
        return tr("Duration");
    case Status:
        return tr("Status");
    case Total:
        return tr("Total");
    case Succeeded:
        return tr("Succeeded");
    case Failed:
        return tr("Failed");
    case Skipped:
        return tr("Skipped");
    case Unchanged:
        return tr("Unchanged");
    case Deduped:
        return tr("Deduped");
    case Cached:
        return tr("Cached");
    case Requests:
        return tr("Requests");
    case Tokens:
        return tr("Tokens");
    case Cost:
        return tr("Cost");
    case Throughput:
        return tr("Items/s");
    case Worker:
        return tr("Worker");
    }
    return {};
}

void RunHistoryModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_runs.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace ec::ui
