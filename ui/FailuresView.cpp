#include "FailuresView.h"

#include "FailureFilterProxy.h"
#include "FailureTableModel.h"
#include "Format.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace ec::ui {

FailuresView::FailuresView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("failuresView"));
    m_model = new FailureTableModel(this);
    m_proxy = new FailureFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("failuresTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(FailureTableModel::LastSeen, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(FailureTableModel::Message, QHeaderView::Stretch);
    m_table->setColumnWidth(FailureTableModel::Id, 120);
    m_table->setColumnWidth(FailureTableModel::Title, 260);
    m_table->setColumnWidth(FailureTableModel::Attempts, 80);
    m_table->setColumnWidth(FailureTableModel::Status, 90);
    m_table->setColumnWidth(FailureTableModel::HttpStatus, 60);
    m_table->setColumnWidth(FailureTableModel::LastSeen, 150);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("failureSearch"));
    m_search->setClearButtonEnabled(true);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("failureKind"));
    m_kind->addItem(QString(), -1);
    m_kind->addItem(QString(), int(FailureTableModel::Kind::Failed));
    m_kind->addItem(QString(), int(FailureTableModel::Kind::Parked));
    m_kind->addItem(QString(), int(FailureTableModel::Kind::Skipped));
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshFailures"));
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("retrySelected"));
    m_copy = new QPushButton(this);
    m_copy->setObjectName(QStringLiteral("copyRows"));
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("openFailure"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("failureSummary"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_search, 2);
    bar->addWidget(m_kind);
    bar->addWidget(m_refresh);
    bar->addStretch(1);
    bar->addWidget(m_open);
    bar->addWidget(m_copy);
    bar->addWidget(m_retry);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setSearchText(text);
        updateActions();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_kind->currentData().toInt();
        m_proxy->setKindFilter(
            kind < 0 ? std::nullopt : std::optional<FailureTableModel::Kind>(FailureTableModel::Kind(kind)));
        updateActions();
    });
    connect(m_refresh, &QPushButton::clicked, this, &FailuresView::refreshRequested);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedIds();
        if (!ids.isEmpty())
            Q_EMIT retryRequested(ids);
    });
    connect(m_copy, &QPushButton::clicked, this, &FailuresView::copySelection);
    connect(m_open, &QPushButton::clicked, this, &FailuresView::openCurrent);
    connect(m_table, &QTableView::doubleClicked, this, &FailuresView::openCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FailuresView::updateActions);

    auto* copyAction = new QAction(this);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyAction, &QAction::triggered, this, &FailuresView::copySelection);
    m_table->addAction(copyAction);

    retranslate();
    updateActions();
}

void FailuresView::setEntries(const QVector<FailureEntry>& entries)
{
    const QStringList selected = selectedIds();
    m_error.clear();
    m_model->setEntries(entries);
    // Keep the operator's selection across refreshes.
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        if (selected.contains(m_proxy->index(row, FailureTableModel::Id).data(Qt::UserRole).toString()))
            m_table->selectionModel()->select(m_proxy->index(row, 0),
                                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    updateActions();
}

void FailuresView::setError(const QString& error)
{
    m_error = error;
    updateActions();
}

void FailuresView::setRetryEnabled(bool enabled)
{
    m_retryAllowed = enabled;
    updateActions();
}

QStringList FailuresView::selectedIds() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows(FailureTableModel::Id);
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex& index : rows)
        ids << index.data(Qt::UserRole).toString();
    return ids;
}

QString FailuresView::selectedRowsText() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    if (rows.isEmpty())
        return {};
    QStringList lines;
    QStringList header;
    for (int column = 0; column < FailureTableModel::ColumnCount; ++column)
        header << m_proxy->headerData(column, Qt::Horizontal).toString();
    lines << header.join(QLatin1Char('\t'));
    for (const QModelIndex& row : rows) {
        QStringList cells;
        for (int column = 0; column < FailureTableModel::ColumnCount; ++column) {
            QString cell = m_proxy->index(row.row(), column).data().toString();
            if (column == FailureTableModel::Message)
                cell = m_proxy->index(row.row(), column).data(Qt::UserRole).toString();
            cell.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
            cells << cell;
        }
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void FailuresView::copySelection()
{
    const QString text = selectedRowsText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void FailuresView::openCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const int sourceRow = m_proxy->mapToSource(current).row();
    if (sourceRow >= 0 && sourceRow < m_model->rowCount())
        Q_EMIT openRequested(m_model->entry(sourceRow));
}

void FailuresView::updateActions()
{
    const int selected = int(m_table->selectionModel()->selectedRows().size());
    m_retry->setEnabled(selected > 0 && m_retryAllowed);
    m_copy->setEnabled(selected > 0);
    m_open->setEnabled(m_table->currentIndex().isValid());

    if (!m_error.isEmpty()) {
        m_summary->setText(tr("Cannot read the failures: %1").arg(m_error));
        return;
    }
    int parked = 0;
    for (const FailureEntry& e : m_model->entries())
        parked += e.parked ? 1 : 0;
    m_summary->setText(tr("%1 shown of %2 recorded (%3 parked) · %4 selected")
                           .arg(format::count(m_proxy->rowCount()), format::count(m_model->rowCount()),
                                format::count(parked), format::count(selected)));
}

void FailuresView::retranslate()
{
    m_search->setPlaceholderText(tr("Search id, title or message"));
    m_kind->setItemText(0, tr("All statuses"));
    m_kind->setItemText(1, FailureTableModel::kindName(FailureTableModel::Kind::Failed));
    m_kind->setItemText(2, FailureTableModel::kindName(FailureTableModel::Kind::Parked));
    m_kind->setItemText(3, FailureTableModel::kindName(FailureTableModel::Kind::Skipped));
    m_refresh->setText(tr("Refresh"));
    m_retry->setText(tr("Retry selected"));
    m_retry->setToolTip(tr("Clear the backoff and parking of the selected items and embed them now."));
    m_copy->setText(tr("Copy rows"));
    m_open->setText(tr("Open…"));
    m_model->retranslate();
    updateActions();
}

void FailuresView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
