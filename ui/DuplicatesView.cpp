#include "DuplicatesView.h"

#include "CsvExport.h"
#include "Format.h"

#include "ops/DuplicateJob.h"
#include "util/Secrets.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ec::ui {

namespace {
enum Column { GroupColumn, ItemsColumn, TokensColumn, SavedColumn, SampleColumn, ColumnCount };
}

DuplicatesView::DuplicatesView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("duplicatesView"));
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("duplicateScope"));
    m_scope->addItem(QString(), int(DuplicateReport::Scope::All));
    m_scope->addItem(QString(), int(DuplicateReport::Scope::Pending));
    m_scope->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshDuplicates"));
    m_export = new QPushButton(this);
    m_export->setObjectName(QStringLiteral("exportDuplicates"));
    m_export->setEnabled(false);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("duplicateSummary"));
    m_summary->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->hide();

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("duplicateTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setSortingEnabled(false);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_scope);
    bar->addWidget(m_refresh);
    bar->addWidget(m_progress, 1);
    bar->addStretch();
    bar->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    m_job = new DuplicateJob(this);
    connect(m_job, &StoreJob::progress, this, [this](qint64 done, qint64 total) {
        m_progress->show();
        if (total > 0) {
            m_progress->setRange(0, int(qMin<qint64>(total, 1 << 30)));
            m_progress->setValue(int(qMin(done, total)));
        } else {
            m_progress->setRange(0, 0);
        }
    });
    connect(m_job, &DuplicateJob::finished, this, [this](const DuplicateReport& report) {
        m_progress->hide();
        m_error.clear();
        m_report = report;
        render();
        if (m_restart)
            start();
        else
            Q_EMIT reportReady(int(report.groups.size()));
    });
    connect(m_job, &StoreJob::failed, this, [this](const QString& error) {
        m_progress->hide();
        m_error = scrubSecrets(error, m_config.secrets());
        render();
        if (m_restart)
            start();
        else
            Q_EMIT reportReady(-1);
    });
    connect(m_job, &StoreJob::cancelled, this, [this] {
        m_progress->hide();
        if (m_restart)
            start();
    });
    m_similar = new QAction(this);
    m_similar->setObjectName(QStringLiteral("similarItems"));
    connect(m_similar, &QAction::triggered, this, [this] {
        QTreeWidgetItem* current = m_tree->currentItem();
        if (current && current->childCount() > 0)
            current = current->child(0);
        if (current && !current->data(GroupColumn, Qt::UserRole).toString().isEmpty())
            Q_EMIT similarRequested(current->data(GroupColumn, Qt::UserRole).toString());
    });
    m_tree->addAction(m_similar);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_refresh, &QPushButton::clicked, this, &DuplicatesView::refresh);
    connect(m_export, &QPushButton::clicked, this, &DuplicatesView::exportCsvInteractive);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &DuplicatesView::refresh);
    retranslate();
}

void DuplicatesView::setConfig(const AppConfig& config)
{
    m_config = config;
}

void DuplicatesView::setScope(DuplicateReport::Scope scope)
{
    m_scope->setCurrentIndex(m_scope->findData(int(scope)));
}

bool DuplicatesView::isLoading() const
{
    return m_job->isRunning();
}

void DuplicatesView::refresh()
{
    if (m_job->isRunning()) {
        m_restart = true;
        m_job->cancel();
        return;
    }
    start();
}

void DuplicatesView::start()
{
    m_restart = false;
    const auto scope = DuplicateReport::Scope(m_scope->currentData().toInt());
    if (m_job->start(m_config, scope)) {
        m_progress->setRange(0, 0);
        m_progress->show();
    }
    render();
}

bool DuplicatesView::exportCsv(const QString& path, QString* error) const
{
    if (!m_report) {
        if (error)
            *error = tr("there is no duplicate report yet");
        return false;
    }
    const QStringList header = {QStringLiteral("content_hash"), QStringLiteral("item_id"),
                                QStringLiteral("group_items"),  QStringLiteral("tokens_each"),
                                QStringLiteral("tokens_saved"), QStringLiteral("text_sample")};
    QVector<QStringList> rows;
    for (const DuplicateGroup& g : m_report->groups) {
        const QString hash = QString::fromLatin1(g.contentHash);
        const QString items = QString::number(g.count());
        const QString tokens = QString::number(g.tokens);
        const QString saved = QString::number((g.count() - 1) * qint64(g.tokens));
        for (const QString& id : g.itemIds)
            rows << QStringList{hash, id, items, tokens, saved, g.sample};
    }
    return csv::write(path, header, rows, error);
}

void DuplicatesView::exportCsvInteractive()
{
    const QString suggested = QDir::home().filePath(QStringLiteral("embedding-duplicates.csv"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export duplicates as CSV"), suggested,
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export duplicates as CSV"),
                             tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), error));
}

void DuplicatesView::render()
{
    m_export->setEnabled(m_report.has_value() && !m_report->groups.isEmpty());
    if (!m_error.isEmpty()) {
        m_summary->setText(tr("Cannot build the duplicate report: %1").arg(m_error));
        return;
    }
    if (!m_report) {
        m_summary->setText(m_job->isRunning() ? tr("Hashing every text…") : QString());
        m_tree->clear();
        return;
    }
    const DuplicateReport& r = *m_report;
    m_summary->setText(tr("%1 groups · %2 items need no request of their own · %3 tokens saved · %4 saved at "
                          "%5 (Batch API: %6). "
                          "%7 items scanned, %8 distinct texts.")
                           .arg(format::count(r.groups.size()), format::count(r.duplicateItems),
                                format::count(r.savedTokens),
                                format::money(r.saved.usd, m_config.prices.krwPerUsd), r.model,
                                format::money(r.saved.batchUsd, m_config.prices.krwPerUsd),
                                format::count(r.itemsScanned), format::count(r.distinctTexts)));

    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    QList<QTreeWidgetItem*> groups;
    groups.reserve(r.groups.size());
    for (const DuplicateGroup& g : r.groups) {
        auto* group = new QTreeWidgetItem;
        group->setText(GroupColumn, QString::fromLatin1(g.contentHash.left(12)));
        group->setToolTip(GroupColumn, QString::fromLatin1(g.contentHash));
        group->setText(ItemsColumn, format::count(g.count()));
        group->setText(TokensColumn, format::count(g.tokens));
        group->setText(SavedColumn, format::count((g.count() - 1) * g.tokens));
        QString sample = g.sample;
        sample.replace(QLatin1Char('\n'), QLatin1Char(' '));
        group->setText(SampleColumn, sample);
        group->setToolTip(SampleColumn, g.sample);
        for (int column : {ItemsColumn, TokensColumn, SavedColumn})
            group->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        QFont mono(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::Monospace);
        group->setFont(GroupColumn, mono);
        for (const QString& id : g.itemIds) {
            auto* item = new QTreeWidgetItem(group);
            item->setText(GroupColumn, id);
            item->setData(GroupColumn, Qt::UserRole, id);
        }
        groups << group;
    }
    m_tree->addTopLevelItems(groups);
    m_tree->setUpdatesEnabled(true);
}

void DuplicatesView::retranslate()
{
    m_similar->setText(tr("Similar items"));
    m_scope->setItemText(0, tr("Every row (full re-embed)"));
    m_scope->setItemText(1, tr("Pending items only (next run)"));
    m_refresh->setText(tr("Refresh"));
    m_export->setText(tr("Export CSV…"));
    m_export->setToolTip(tr("Write every group of the report, one line per item, to a CSV file."));
    m_tree->setHeaderLabels(
        {tr("Hash / item id"), tr("Items"), tr("Tokens each"), tr("Tokens saved"), tr("Text")});
    render();
}

void DuplicatesView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
