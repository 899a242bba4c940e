#include "HistoryView.h"

#include "Format.h"
#include "RunHistoryModel.h"
#include "StateBadge.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ec::ui {

HistoryView::HistoryView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("historyView"));
    m_model = new RunHistoryModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunHistoryModel::Id, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("runDetails"));
    m_details->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_details->setFont(mono);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("historySummary"));
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshHistory"));
    connect(m_refresh, &QPushButton::clicked, this, &HistoryView::refreshRequested);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_refresh);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &HistoryView::showSelected);
    retranslate();
}

void HistoryView::setRuns(const QVector<RunRecord>& runs)
{
    m_error.clear();
    m_model->setRuns(runs);
    if (m_proxy->rowCount() > 0 && !m_table->currentIndex().isValid())
        m_table->selectRow(0);
    renderSummary();
    showSelected();
}

void HistoryView::setError(const QString& error)
{
    m_error = error;
    renderSummary();
}

void HistoryView::setKrwPerUsd(double rate)
{
    m_krwPerUsd = rate;
    m_model->setKrwPerUsd(rate);
    renderSummary();
}

void HistoryView::renderSummary()
{
    if (!m_error.isEmpty()) {
        m_summary->setText(tr("Cannot read the run history: %1").arg(m_error));
        return;
    }
    qint64 tokens = 0;
    qint64 items = 0;
    double cost = 0;
    for (const RunRecord& r : m_model->runs()) {
        tokens += r.tokens;
        items += r.succeeded;
        cost += r.costUsd;
    }
    m_summary->setText(
        tr("%Ln run(s) · %1 items embedded · %2 tokens · %3", nullptr, int(m_model->rowCount()))
            .arg(format::count(items), format::count(tokens), format::money(cost, m_krwPerUsd)));
}

void HistoryView::showSelected()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid() || current.row() >= m_model->runs().size()) {
        m_details->setPlainText(tr("Select a run to see its error and configuration."));
        return;
    }
    const RunRecord& r = m_model->runs().at(current.row());
    QString text =
        tr("Run #%1 · %2 · %3 → %4")
            .arg(r.id)
            .arg(StateBadge::displayName(r), format::dateTime(r.startedAt), format::dateTime(r.finishedAt));
    text += QLatin1Char('\n') + tr("Processed %1 of %2 · API inputs %3 · cost %4")
                                    .arg(format::count(r.processed), format::count(r.total),
                                         format::count(r.apiInputs), format::money(r.costUsd, m_krwPerUsd));
    if (!r.error.isEmpty())
        text += QLatin1Char('\n') + tr("Error: %1").arg(r.error);
    if (!r.configJson.isEmpty()) {
        const QJsonDocument config = QJsonDocument::fromJson(r.configJson.toUtf8());
        text += QLatin1Char('\n') + tr("Configuration:") + QLatin1Char('\n') +
                (config.isNull() ? r.configJson : QString::fromUtf8(config.toJson(QJsonDocument::Indented)));
    }
    m_details->setPlainText(text);
    m_details->moveCursor(QTextCursor::Start);
    m_details->verticalScrollBar()->setValue(0);
}

void HistoryView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_details->moveCursor(QTextCursor::Start);
    m_details->verticalScrollBar()->setValue(0);
}

void HistoryView::retranslate()
{
    m_refresh->setText(tr("Refresh"));
    m_model->retranslate();
    renderSummary();
    showSelected();
}

void HistoryView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
