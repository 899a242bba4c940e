#include "FailuresView.h"

#include "CsvExport.h"
#include "FailureFilterProxy.h"
#include "FailureTableModel.h"
#include "Format.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSortFilterProxyModel>
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
    m_export = new QPushButton(this);
    m_export->setObjectName(QStringLiteral("exportFailures"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("failureSummary"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_search, 2);
    bar->addWidget(m_kind);
    bar->addWidget(m_refresh);
    bar->addStretch(1);
    bar->addWidget(m_open);
    bar->addWidget(m_copy);
    bar->addWidget(m_export);
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
    connect(m_export, &QPushButton::clicked, this, &FailuresView::exportCsvInteractive);
    connect(m_table, &QTableView::doubleClicked, this, &FailuresView::openCurrent);
    // Return and Enter open the current row, as a double click does.
    m_table->installEventFilter(this);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FailuresView::updateActions);

    auto* copyAction = new QAction(this);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyAction, &QAction::triggered, this, &FailuresView::copySelection);
    m_table->addAction(copyAction);
    // Right click: the items nearest to this one (Search tab).
    m_similar = new QAction(this);
    m_similar->setObjectName(QStringLiteral("similarItems"));
    connect(m_similar, &QAction::triggered, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            Q_EMIT similarRequested(
                current.siblingAtColumn(FailureTableModel::Id).data(Qt::UserRole).toString());
    });
    m_table->addAction(m_similar);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_model->setPalette(m_table->palette());
    retranslate();
    updateActions();
}

bool FailuresView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::PaletteChange)
        m_model->setPalette(m_table->palette());
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            !(key->modifiers() & ~Qt::KeypadModifier) && m_table->currentIndex().isValid()) {
            openCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FailuresView::setEntries(const QVector<FailureEntry>& entries)
{
    m_error.clear();
    const QStringList selected = selectedIds();
    const QString current =
        m_table->currentIndex().isValid()
            ? m_table->currentIndex().siblingAtColumn(FailureTableModel::Id).data(Qt::UserRole).toString()
            : QString();
    // In place: the selection and the current row stay by themselves.
    if (!m_model->setEntries(entries) || (selected.isEmpty() && current.isEmpty())) {
        updateActions();
        return;
    }
    // The model was reset: select the same items again (the ones still there).
    QItemSelection selection;
    for (const QString& id : selected) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(FailureTableModel::ColumnCount - 1));
    }
    if (const int row = m_model->rowOf(current); row >= 0)
        m_table->selectionModel()->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, 0)),
                                                   QItemSelectionModel::NoUpdate);
    m_table->selectionModel()->select(selection, QItemSelectionModel::Select);
    updateActions();
}

bool FailuresView::exportCsv(const QString& path, QString* error) const
{
    // Every entry, sorted as the table is, whatever the search and the status filter.
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(m_model);
    sorted.setSortRole(Qt::UserRole);
    sorted.setSortCaseSensitivity(Qt::CaseInsensitive);
    const int column = m_proxy->sortColumn();
    if (column >= 0)
        sorted.sort(column, m_proxy->sortOrder());
    QVector<QStringList> rows;
    rows.reserve(sorted.rowCount());
    for (int row = 0; row < sorted.rowCount(); ++row)
        rows << FailureTableModel::csvRecord(m_model->entry(sorted.mapToSource(sorted.index(row, 0)).row()));
    return csv::write(path, FailureTableModel::csvHeader(), rows, error);
}

void FailuresView::exportCsvInteractive()
{
    const QString suggested = QDir::home().filePath(QStringLiteral("embedding-failures.csv"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export failures as CSV"), suggested,
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error)) {
        QMessageBox::warning(this, tr("Export failures as CSV"),
                             tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), error));
        return;
    }
    m_summary->setText(tr("%Ln failure(s) exported to %1", nullptr, int(m_model->rowCount()))
                           .arg(QDir::toNativeSeparators(path)));
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
    m_export->setEnabled(m_model->rowCount() > 0);
    m_open->setEnabled(m_table->currentIndex().isValid());

    if (!m_error.isEmpty()) {
        m_summary->setText(tr("Cannot read the failures: %1").arg(m_error));
        return;
    }
    const int parked = m_model->parkedCount();
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
    m_similar->setText(tr("Similar items"));
    m_open->setToolTip(tr("Show the item's full text and error (double click, Return or Enter)."));
    m_export->setText(tr("Export CSV…"));
    m_export->setToolTip(tr("Write every recorded failure, not only the rows shown, to a CSV file."));
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
