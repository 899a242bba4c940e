#include "BatchesView.h"

#include "BatchTableModel.h"
#include "Format.h"
#include "RunEndNotifier.h"
#include "ThemeColors.h"

#include "ops/RunAlerts.h"
#include "util/Secrets.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ec::ui {

namespace {

/// The Requests done column: a progress bar of completed + failed of total, with its text.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const double share = index.data(BatchTableModel::ProgressRole).toDouble();
        if (share < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(share * 1000);
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(std::max(size.width() + 24, 160));
        return size;
    }
};

} // namespace

BatchesView::BatchesView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("batchesView"));
    m_model = new BatchTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("batchesTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(BatchTableModel::Progress, new ProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("batchesSummary"));
    m_summary->setWordWrap(true);
    m_simulated = new QLabel(this);
    m_simulated->setObjectName(QStringLiteral("batchesSimulated"));
    m_simulated->setStyleSheet(QStringLiteral("QLabel { background: #f59e0b; color: black; font-weight: bold;"
                                              " border-radius: 4px; padding: 2px 8px; }"));
    m_simulated->hide();
    m_collect = new QPushButton(this);
    m_collect->setObjectName(QStringLiteral("collectBatches"));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelBatch"));
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshBatches"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("batchesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_simulated);
    bar->addWidget(m_collect);
    bar->addWidget(m_cancel);
    bar->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    m_poll = new QTimer(this);
    m_poll->setObjectName(QStringLiteral("batchPollTimer"));
    connect(m_poll, &QTimer::timeout, this, &BatchesView::collectNow);

    m_job = new BatchesJob(this);
    connect(m_job, &BatchesJob::finished, this, &BatchesView::onFinished);
    connect(m_job, &StoreJob::failed, this, &BatchesView::onFailed);
    connect(m_job, &StoreJob::cancelled, this, [this] { onFailed(tr("cancelled")); });
    connect(m_collect, &QPushButton::clicked, this, &BatchesView::collectNow);
    connect(m_cancel, &QPushButton::clicked, this, &BatchesView::cancelSelected);
    connect(m_refresh, &QPushButton::clicked, this, &BatchesView::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BatchesView::updateButtons);
    retranslate();
    updateButtons();
}

BatchesView::~BatchesView() = default;

void BatchesView::setConfig(const AppConfig& config)
{
    const bool sameSource = m_config.effectiveDatabaseUrl() == config.effectiveDatabaseUrl() &&
                            m_config.table.table == config.table.table;
    const bool sameHook = m_config.alerts.webhookUrl == config.alerts.webhookUrl && m_alerts;
    m_config = config;
    if (!sameSource) {
        m_model->setBatches({});
        m_error.clear();
        m_note.clear();
    }
    if (!sameHook) {
        delete m_alerts;
        m_alerts = new RunAlerts(m_config.alerts, this);
    }
    m_poll->setInterval(std::max(5, m_config.run.batchPollSeconds) * 1000);
    m_model->setKrwPerUsd(m_config.prices.krwPerUsd);
    m_simulated->setVisible(m_config.api.simulated);
    renderSummary();
}

bool BatchesView::isBusy() const
{
    return m_job->isRunning();
}

void BatchesView::refresh()
{
    if (isBusy())
        return; // the running step lists the batches when it ends
    m_listing = m_job->list(m_config);
    updateButtons();
}

void BatchesView::collectNow()
{
    if (isBusy()) {
        m_pendingCollect = true;
        return;
    }
    m_error.clear();
    m_note = tr("Polling the open batches…");
    m_job->collect(m_config);
    updateButtons();
    renderSummary();
}

void BatchesView::cancelSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || current.row() >= m_model->batches().size())
        return;
    const BatchRecord batch = m_model->batches().at(current.row());
    const auto answer = QMessageBox::question(
        this, tr("Cancel batch"),
        tr("Cancel batch %1? The requests already done are kept and written at the next collection; "
           "the rest of its items go back to pending.")
            .arg(batch.batchId),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes)
        cancelBatch(batch.batchId.isEmpty() ? QString::number(batch.row) : batch.batchId);
}

void BatchesView::cancelBatch(const QString& rowOrBatchId)
{
    if (isBusy())
        return;
    m_error.clear();
    m_note = tr("Cancelling batch %1…").arg(rowOrBatchId);
    m_job->cancelBatch(m_config, rowOrBatchId);
    updateButtons();
    renderSummary();
}

void BatchesView::submit(const BatchSubmitOptions& options)
{
    if (isBusy()) {
        m_pendingSubmit = options;
        return;
    }
    m_error.clear();
    m_note = tr("Submitting the pending items as Batch API batches…");
    m_submitting = true;
    m_job->submit(m_config, options);
    updateButtons();
    renderSummary();
}

void BatchesView::startNext()
{
    if (m_pendingSubmit) {
        const BatchSubmitOptions options = *m_pendingSubmit;
        m_pendingSubmit.reset();
        submit(options);
    } else if (m_pendingCollect) {
        m_pendingCollect = false;
        collectNow();
    }
}

void BatchesView::onFinished(const BatchesOutcome& outcome)
{
    const bool submitted = m_submitting;
    m_submitting = false;
    m_listing = false;
    m_model->setBatches(outcome.batches);
    for (const QString& line : outcome.log)
        Q_EMIT logLine(scrubSecrets(line, m_config.secrets()));
    m_note.clear();
    m_error = scrubSecrets(outcome.collect.errors.join(QLatin1Char('\n')), m_config.secrets());
    switch (outcome.step) {
    case BatchesOutcome::Step::List:
        break;
    case BatchesOutcome::Step::Collect:
        m_note = tr("Polled: %Ln batch(es) collected, %1 still open.", nullptr, outcome.collect.collected)
                     .arg(outcome.collect.open);
        break;
    case BatchesOutcome::Step::Cancel:
        m_note = tr("Batch %1 is %2.")
                     .arg(outcome.cancelled.batchId, BatchTableModel::statusText(outcome.cancelled));
        Q_EMIT logLine(m_note);
        break;
    case BatchesOutcome::Step::Submit: {
        const BatchSubmitResult& r = outcome.submit;
        m_note = tr("Submitted %Ln batch(es): %1 items, %2 tokens, %3 at the Batch API price.", nullptr,
                    int(r.batchIds.size()))
                     .arg(format::count(r.items), format::count(r.tokens),
                          format::money(r.costUsd, m_config.prices.krwPerUsd));
        if (r.spendCapReached)
            m_note += QLatin1Char(' ') + tr("Spend cap reached: the rest stays pending.");
        Q_EMIT logLine(m_note);
        break;
    }
    }
    announce(outcome.collect.collectedBatches);
    if (outcome.openCount() > 0) {
        if (!m_poll->isActive())
            m_poll->start();
    } else {
        m_poll->stop();
    }
    if (submitted)
        Q_EMIT submitFinished(outcome.submit, QString());
    renderSummary();
    updateButtons();
    Q_EMIT batchesShown(int(outcome.batches.size()));
    startNext();
}

void BatchesView::onFailed(const QString& error)
{
    const bool submitted = m_submitting;
    const bool listing = m_listing;
    m_submitting = false;
    m_listing = false;
    m_note.clear();
    m_error = scrubSecrets(error, m_config.secrets());
    if (!listing) // a read that fails (the database is away) is shown here, as the other views show it
        Q_EMIT logLine(tr("Batch API: %1").arg(m_error));
    if (submitted)
        Q_EMIT submitFinished({}, m_error);
    renderSummary();
    updateButtons();
    Q_EMIT stepFailed(m_error);
    startNext();
}

void BatchesView::announce(const QVector<BatchRecord>& collected)
{
    if (collected.isEmpty())
        return;
    if (m_alerts)
        m_alerts->onBatchesCollected(collected, m_config.api.simulated);
    for (const BatchRecord& b : collected) {
        const QString message =
            tr("%1 written, %2 failed, %3 back to pending, %4")
                .arg(format::count(b.written), format::count(b.itemFailures), format::count(b.returned),
                     format::money(b.costUsd, m_config.prices.krwPerUsd));
        if (m_notifier)
            m_notifier->notify(tr("Batch %1: %2").arg(b.batchId, BatchTableModel::statusText(b)), message,
                               b.status != QLatin1String("completed") || b.itemFailures > 0, 0, true);
    }
}

void BatchesView::updateButtons()
{
    const bool busy = isBusy();
    const QModelIndex current = m_table->currentIndex();
    const bool cancellable = current.isValid() && current.row() < m_model->batches().size() &&
                             m_model->batches().at(current.row()).open() &&
                             !m_model->batches().at(current.row()).batchId.isEmpty();
    m_collect->setEnabled(!busy);
    m_cancel->setEnabled(!busy && cancellable);
    m_refresh->setEnabled(!busy);
}

void BatchesView::renderSummary()
{
    qint64 open = 0, items = 0, tokens = 0;
    double cost = 0;
    for (const BatchRecord& b : m_model->batches()) {
        open += b.open() ? 1 : 0;
        items += b.items;
        tokens += b.state == QLatin1String("collected") ? b.billedTokens : b.tokens;
        cost += b.costUsd;
    }
    QString text = tr("%Ln batch(es), %1 open · %2 items · %3 tokens · %4 at the Batch API price", nullptr,
                      int(m_model->rowCount()))
                       .arg(format::count(open), format::count(items), format::count(tokens),
                            format::money(cost, m_config.prices.krwPerUsd));
    if (open > 0)
        text += QLatin1Char(' ') + tr("· polled every %1 while any is open")
                                       .arg(format::duration(std::max(5, m_config.run.batchPollSeconds)));
    m_summary->setText(text);
    if (!m_error.isEmpty()) {
        m_message->setText(tr("Error: %1").arg(m_error));
        m_message->setStyleSheet(QStringLiteral("color: %1").arg(theme::danger(palette()).name()));
    } else {
        m_message->setText(m_note.isEmpty() ? tr("Batch API: half price, results within 24 h. Start one with "
                                                 "Start run → Batch API.")
                                            : m_note);
        m_message->setStyleSheet(QString());
    }
}

void BatchesView::retranslate()
{
    m_collect->setText(tr("Collect"));
    m_collect->setToolTip(tr("Poll the open batches now and collect those that ended: write their vectors, "
                             "record failures, free their items."));
    m_cancel->setText(tr("Cancel selected"));
    m_refresh->setText(tr("Refresh"));
    m_simulated->setText(tr("SIMULATED"));
    m_simulated->setToolTip(tr("The endpoint is the built-in simulator: its Batch API runs on an accelerated "
                               "clock and nothing is billed."));
    m_model->retranslate();
    renderSummary();
}

void BatchesView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
