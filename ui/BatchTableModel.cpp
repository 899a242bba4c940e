#include "BatchTableModel.h"

#include "Format.h"
#include "ThemeColors.h"

namespace ec::ui {

namespace {

theme::Role statusRole(const BatchRecord& b)
{
    const QString& s = b.status;
    if (b.state == QLatin1String("abandoned"))
        return theme::Role::Neutral;
    if (s == QLatin1String("completed"))
        return theme::Role::Success;
    if (s == QLatin1String("failed"))
        return theme::Role::Danger;
    if (s == QLatin1String("expired") || s == QLatin1String("cancelling") || s == QLatin1String("cancelled"))
        return theme::Role::Warning;
    if (s == QLatin1String("validating") || s == QLatin1String("in_progress") ||
        s == QLatin1String("finalizing"))
        return theme::Role::Info;
    return theme::Role::Neutral;
}

double progressShare(const BatchRecord& b)
{
    return b.total > 0 ? std::min(1.0, double(b.completed + b.failed) / double(b.total)) : -1.0;
}

} // namespace

BatchTableModel::BatchTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void BatchTableModel::setBatches(const QVector<BatchRecord>& batches)
{
    beginResetModel();
    m_batches = batches;
    endResetModel();
}

void BatchTableModel::setKrwPerUsd(double rate)
{
    m_krwPerUsd = rate;
    if (!m_batches.isEmpty())
        Q_EMIT dataChanged(index(0, Cost), index(rowCount() - 1, Cost));
}

qint64 BatchTableModel::ageSeconds(const BatchRecord& b) const
{
    if (!b.createdAt.isValid())
        return -1;
    const QDateTime end = !b.open() && b.endedAt.isValid()
                              ? b.endedAt
                              : (m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc());
    return std::max<qint64>(0, b.createdAt.secsTo(end));
}

QString BatchTableModel::ageText(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    const qint64 minutes = seconds / 60;
    return tr("%1 h %2 min of 24 h").arg(minutes / 60).arg(minutes % 60);
}

QString BatchTableModel::statusText(const BatchRecord& b)
{
    const QString& s = b.status;
    if (b.state == QLatin1String("abandoned"))
        return tr("abandoned (items pending again)");
    if (b.state == QLatin1String("preparing"))
        return tr("preparing");
    if (b.state == QLatin1String("uploaded") && s.isEmpty())
        return tr("uploaded");
    QString name;
    if (s == QLatin1String("validating"))
        name = tr("validating");
    else if (s == QLatin1String("in_progress"))
        name = tr("in progress");
    else if (s == QLatin1String("finalizing"))
        name = tr("finalizing");
    else if (s == QLatin1String("completed"))
        name = tr("completed");
    else if (s == QLatin1String("expired"))
        name = tr("expired");
    else if (s == QLatin1String("cancelling"))
        name = tr("cancelling");
    else if (s == QLatin1String("cancelled"))
        name = tr("cancelled");
    else if (s == QLatin1String("failed"))
        name = tr("failed");
    else
        name = s;
    return b.state == QLatin1String("collected") ? tr("%1, collected").arg(name) : name;
}

int BatchTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_batches.size());
}

int BatchTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BatchTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_batches.size())
        return {};
    const BatchRecord& b = m_batches.at(index.row());
    const qint64 age = ageSeconds(b);
    if (role == ProgressRole)
        return progressShare(b);
    if (role == Qt::ForegroundRole) {
        if (index.column() == Status)
            return theme::color(statusRole(b));
        if (index.column() == Age && age > kWindowSeconds)
            return theme::danger();
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Items && index.column() <= Cost)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if ((index.column() == Status || index.column() == Result) && !b.errors.isEmpty())
            return b.errors;
        if (index.column() == Batch)
            return tr("Row %1 · input file %2 · output file %3")
                .arg(b.row)
                .arg(b.inputFileId.isEmpty() ? QStringLiteral("—") : b.inputFileId,
                     b.outputFileId.isEmpty() ? QStringLiteral("—") : b.outputFileId);
        if (index.column() == Cost)
            return b.open() ? tr("Expected: the submitted tokens at the Batch API price")
                            : tr("Billed: the tokens of the answered requests at the Batch API price");
        if (index.column() == Progress && b.state == QLatin1String("collected"))
            return tr("%1 written, %2 failed, %3 back to pending")
                .arg(format::count(b.written), format::count(b.itemFailures), format::count(b.returned));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Batch:
        return b.batchId.isEmpty() ? tr("row %1").arg(b.row) : b.batchId;
    case Status:
        return statusText(b);
    case Progress:
        return b.total > 0 ? tr("%1 of %2").arg(format::count(b.completed + b.failed), format::count(b.total))
                           : QStringLiteral("—");
    case Age:
        return ageText(age);
    case Items:
        return format::count(b.items);
    case Tokens:
        return format::count(b.state == QLatin1String("collected") ? b.billedTokens : b.tokens);
    case Cost:
        return QString((b.open() ? QStringLiteral("~") : QString()) + format::money(b.costUsd, m_krwPerUsd));
    case Result:
        if (b.state == QLatin1String("collected"))
            return tr("%1 written · %2 failed · %3 back to pending")
                .arg(format::count(b.written), format::count(b.itemFailures), format::count(b.returned));
        return b.errors.section(QLatin1Char('\n'), 0, 0);
    }
    return {};
}

QVariant BatchTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Batch:
        return tr("Batch");
    case Status:
        return tr("Status");
    case Progress:
        return tr("Requests done");
    case Age:
        return tr("Age");
    case Items:
        return tr("Items");
    case Tokens:
        return tr("Tokens");
    case Cost:
        return tr("Cost (Batch price)");
    case Result:
        return tr("Result");
    }
    return {};
}

void BatchTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_batches.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace ec::ui
