#include "MigrationView.h"

#include "config/ModelCatalog.h"
#include "util/Secrets.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ec::ui {

namespace {

enum Column { QueryColumn, OverlapColumn, CurrentColumn, StagedColumn, ColumnCount };

QString money(double usd)
{
    return QStringLiteral("$") + QString::number(usd, 'f', usd < 1 ? 4 : 2);
}

QString titles(const QVector<MigrationHit>& hits, int at_most)
{
    QStringList names;
    for (int i = 0; i < hits.size() && i < at_most; ++i)
        names << hits.at(i).title;
    return names.join(QStringLiteral(" · "));
}

QString ids(const QVector<MigrationHit>& hits)
{
    QStringList list;
    for (const MigrationHit& hit : hits)
        list << QStringLiteral("%1  %2  %3").arg(hit.id, QString::number(hit.score, 'f', 4), hit.title);
    return list.join(QLatin1Char('\n'));
}

} // namespace

MigrationView::MigrationView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("migrationView"));
    m_confirm = [this](const QString& title, const QString& question) {
        return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };

    // 1. The plan.
    m_planBox = new QGroupBox(this);
    m_modelLabel = new QLabel(m_planBox);
    m_model = new QComboBox(m_planBox);
    m_model->setObjectName(QStringLiteral("migrationModel"));
    m_model->setEditable(true);
    for (const ModelSpec& spec : ModelCatalog::known())
        m_model->addItem(spec.name);
    m_modelLabel->setBuddy(m_model);
    m_dimensionsLabel = new QLabel(m_planBox);
    m_dimensions = new QSpinBox(m_planBox);
    m_dimensions->setObjectName(QStringLiteral("migrationDimensions"));
    m_dimensions->setRange(0, 16384);
    m_dimensionsLabel->setBuddy(m_dimensions);
    m_planButton = new QPushButton(m_planBox);
    m_planButton->setObjectName(QStringLiteral("migrationPlan"));
    m_planText = new QLabel(m_planBox);
    m_planText->setObjectName(QStringLiteral("migrationPlanText"));
    m_planText->setWordWrap(true);
    m_planText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* planBar = new QHBoxLayout;
    planBar->addWidget(m_modelLabel);
    planBar->addWidget(m_model, 1);
    planBar->addWidget(m_dimensionsLabel);
    planBar->addWidget(m_dimensions);
    planBar->addWidget(m_planButton);
    auto* planLayout = new QVBoxLayout(m_planBox);
    planLayout->addLayout(planBar);
    planLayout->addWidget(m_planText);

    // 2. Staging.
    m_stageBox = new QGroupBox(this);
    m_statusText = new QLabel(m_stageBox);
    m_statusText->setObjectName(QStringLiteral("migrationStatus"));
    m_statusText->setWordWrap(true);
    m_statusText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(m_stageBox);
    m_progress->setObjectName(QStringLiteral("migrationProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_stageButton = new QPushButton(m_stageBox);
    m_stageButton->setObjectName(QStringLiteral("migrationStage"));
    m_stopButton = new QPushButton(m_stageBox);
    m_stopButton->setObjectName(QStringLiteral("migrationStop"));
    auto* stageBar = new QHBoxLayout;
    stageBar->addWidget(m_progress, 1);
    stageBar->addWidget(m_stageButton);
    stageBar->addWidget(m_stopButton);
    auto* stageLayout = new QVBoxLayout(m_stageBox);
    stageLayout->addWidget(m_statusText);
    stageLayout->addLayout(stageBar);

    // 3. The comparison.
    m_compareBox = new QGroupBox(this);
    m_kLabel = new QLabel(m_compareBox);
    m_k = new QSpinBox(m_compareBox);
    m_k->setObjectName(QStringLiteral("migrationK"));
    m_k->setRange(1, 100);
    m_k->setValue(10);
    m_kLabel->setBuddy(m_k);
    m_compareButton = new QPushButton(m_compareBox);
    m_compareButton->setObjectName(QStringLiteral("migrationCompare"));
    m_compareText = new QLabel(m_compareBox);
    m_compareText->setObjectName(QStringLiteral("migrationCompareText"));
    m_compareText->setWordWrap(true);
    m_table = new QTableWidget(m_compareBox);
    m_table->setObjectName(QStringLiteral("migrationComparison"));
    m_table->setColumnCount(ColumnCount);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* compareBar = new QHBoxLayout;
    compareBar->addWidget(m_compareText, 1);
    compareBar->addWidget(m_kLabel);
    compareBar->addWidget(m_k);
    compareBar->addWidget(m_compareButton);
    auto* compareLayout = new QVBoxLayout(m_compareBox);
    compareLayout->addLayout(compareBar);
    compareLayout->addWidget(m_table, 1);

    // 4. Swap, rollback, finish.
    m_swapButton = new QPushButton(this);
    m_swapButton->setObjectName(QStringLiteral("migrationSwap"));
    m_rollbackButton = new QPushButton(this);
    m_rollbackButton->setObjectName(QStringLiteral("migrationRollback"));
    m_finishButton = new QPushButton(this);
    m_finishButton->setObjectName(QStringLiteral("migrationFinish"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("migrationMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* endBar = new QHBoxLayout;
    endBar->addWidget(m_message, 1);
    endBar->addWidget(m_swapButton);
    endBar->addWidget(m_rollbackButton);
    endBar->addWidget(m_finishButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_planBox);
    layout->addWidget(m_stageBox);
    layout->addWidget(m_compareBox, 1);
    layout->addLayout(endBar);

    m_job = new MigrationJob(this);
    connectJob();
    connect(m_planButton, &QPushButton::clicked, this, [this] { plan(); });
    connect(m_stageButton, &QPushButton::clicked, this, [this] { stage(); });
    connect(m_stopButton, &QPushButton::clicked, this, &MigrationView::stop);
    connect(m_compareButton, &QPushButton::clicked, this, [this] { compare(m_k->value()); });
    connect(m_swapButton, &QPushButton::clicked, this, [this] { swap(); });
    connect(m_rollbackButton, &QPushButton::clicked, this, [this] { rollback(); });
    connect(m_finishButton, &QPushButton::clicked, this, [this] { finish(); });
    connect(m_model, &QComboBox::currentTextChanged, this, [this] {
        m_plan.reset();
        renderPlan();
        updateButtons();
    });
    retranslate();
}

void MigrationView::connectJob()
{
    connect(m_job, &MigrationJob::planned, this, [this](const MigrationPlan& plan) {
        m_plan = plan;
        ended(QStringLiteral("plan"), true, QString());
    });
    connect(m_job, &MigrationJob::statusRead, this, [this](const MigrationStatus& status) {
        m_status = status;
        if (status.active && !status.toModel.isEmpty() && m_model->currentText() != status.toModel) {
            const QSignalBlocker block(m_model);
            m_model->setCurrentText(status.toModel);
            const auto spec = ModelCatalog::find(status.toModel);
            m_dimensions->setValue(spec && spec->nativeDimensions == status.dimensions ? 0
                                                                                       : status.dimensions);
        }
        ended(QStringLiteral("status"), true, QString());
    });
    connect(m_job, &MigrationJob::stagingProgress, this, [this](const RunProgress& p) {
        m_progress->setRange(0, int(std::max<qint64>(1, p.total)));
        m_progress->setValue(int(std::min(p.processed, p.total)));
        m_statusText->setText(tr("Staging: %1 of %2 rows, %3 tokens, %4 so far.")
                                  .arg(QLocale().toString(p.processed), QLocale().toString(p.total),
                                       QLocale().toString(p.tokens), money(p.costUsd)));
    });
    connect(m_job, &MigrationJob::staged, this, [this](const RunSummary& summary) {
        const RunProgress& p = summary.progress;
        QString text = tr("Staging ended: %1 staged, %2 unchanged, %3 failed; %4 tokens, %5.")
                           .arg(QLocale().toString(p.succeeded), QLocale().toString(p.unchanged),
                                QLocale().toString(p.failed + p.skipped), QLocale().toString(p.tokens),
                                money(p.costUsd));
        if (summary.progress.state == RunState::Stopped)
            text = tr("Staging stopped; staging again resumes it. %1").arg(text);
        ended(QStringLiteral("stage"), summary.progress.state == RunState::Completed, text);
    });
    connect(m_job, &MigrationJob::compared, this, [this](const MigrationCompare& comparison) {
        m_compare = comparison;
        renderComparison();
        ended(QStringLiteral("compare"), true, QString());
    });
    connect(m_job, &MigrationJob::swapped, this, [this](const MigrationSwapResult& r) {
        ended(QStringLiteral("swap"), true,
              tr("Swapped: %1 rows now hold the new vectors (%2 re-staged first); the table's rows were "
                 "locked for %3 s. Rollback restores the old vectors until you finish.")
                  .arg(QLocale().toString(r.rows), QLocale().toString(r.restaged),
                       QString::number(r.lockSeconds, 'f', 3)));
    });
    connect(m_job, &MigrationJob::rolledBack, this, [this](const MigrationRollbackResult& r) {
        ended(QStringLiteral("rollback"), true,
              tr("Rolled back: %1 rows hold their old vectors and model again.")
                  .arg(QLocale().toString(r.rows)));
    });
    connect(m_job, &MigrationJob::finishedMigration, this, [this](const MigrationFinishResult& r) {
        ended(QStringLiteral("finish"), true,
              tr("Finished: %1 staged and old vectors dropped.").arg(QLocale().toString(r.rows)));
    });
    connect(m_job, &StoreJob::failed, this, [this](const QString& error) {
        const QString step = m_step;
        ended(step, false, tr("Failed: %1").arg(scrubSecrets(error, m_config.secrets())));
    });
    connect(m_job, &StoreJob::cancelled, this, [this] { ended(m_step, false, tr("Stopped.")); });
}

void MigrationView::setConfig(const AppConfig& config)
{
    m_config = config;
    // The table's model is not a target: offer the first other one.
    if (m_model->currentText() == config.embedding.model && !(m_status && m_status->active)) {
        for (int i = 0; i < m_model->count(); ++i) {
            if (m_model->itemText(i) != config.embedding.model) {
                m_model->setCurrentIndex(i);
                break;
            }
        }
    }
    refresh();
}

void MigrationView::setTarget(const QString& model, int dimensions)
{
    m_model->setCurrentText(model);
    m_dimensions->setValue(dimensions);
}

MigrationTarget MigrationView::target() const
{
    MigrationTarget target;
    target.toModel = m_model->currentText().trimmed();
    target.dimensions = m_dimensions->value();
    return target;
}

bool MigrationView::isBusy() const
{
    return !m_step.isEmpty();
}

void MigrationView::refresh()
{
    if (isBusy() || m_config.databaseUrl.isEmpty())
        return;
    if (m_job->readStatus(m_config))
        m_step = QStringLiteral("status");
    updateButtons();
}

bool MigrationView::plan()
{
    if (isBusy() || target().toModel.isEmpty() || !m_job->plan(m_config, target()))
        return false;
    m_step = QStringLiteral("plan");
    m_planText->setText(tr("Pricing the migration…"));
    updateButtons();
    return true;
}

bool MigrationView::stage()
{
    if (isBusy())
        return false;
    const MigrationTarget t = target();
    const QString price = m_plan && m_plan->toModel == t.toModel
                              ? tr("about %1 (%2 at the Batch API price)")
                                    .arg(money(m_plan->standardUsd), money(m_plan->batchUsd))
                              : tr("the price the plan shows");
    if (!(m_status && m_status->active) &&
        !m_confirm(tr("Stage the migration"),
                   tr("Embed every row of %1 with %2 into the staging table, for %3? The table and its "
                      "search are not changed until you swap.")
                       .arg(m_config.table.table, t.toModel, price)))
        return false;
    if (!m_job->stage(m_config, t))
        return false;
    m_step = QStringLiteral("stage");
    m_progress->setRange(0, 0);
    m_message->clear();
    updateButtons();
    return true;
}

bool MigrationView::compare(int k)
{
    if (isBusy() || !m_job->compare(m_config, {}, k))
        return false;
    m_step = QStringLiteral("compare");
    m_compareText->setText(tr("Embedding the sample queries with both models and ranking…"));
    updateButtons();
    return true;
}

bool MigrationView::swap()
{
    if (isBusy() || !m_status)
        return false;
    if (!m_confirm(tr("Swap the vectors"),
                   tr("Write every staged %1 vector into %2 in one transaction, after re-staging the rows "
                      "edited since? Search then serves the new model; Rollback restores the old vectors "
                      "until you finish.")
                       .arg(m_status->toModel, m_config.table.table)))
        return false;
    if (!m_job->swap(m_config))
        return false;
    m_step = QStringLiteral("swap");
    m_progress->setRange(0, 0);
    updateButtons();
    return true;
}

bool MigrationView::rollback()
{
    if (isBusy() || !m_status)
        return false;
    if (!m_confirm(tr("Roll back"), tr("Restore every old %1 vector of %2 in one transaction?")
                                        .arg(m_status->fromModel, m_config.table.table)))
        return false;
    if (!m_job->rollback(m_config))
        return false;
    m_step = QStringLiteral("rollback");
    updateButtons();
    return true;
}

bool MigrationView::finish()
{
    if (isBusy() || !m_status)
        return false;
    const QString question = m_status->state == MigrationState::Swapped
                                 ? tr("Drop the old vectors? Rollback is no longer possible afterwards.")
                                 : tr("Drop the staged vectors and end the migration without swapping?");
    if (!m_confirm(tr("Finish the migration"), question))
        return false;
    if (!m_job->finish(m_config))
        return false;
    m_step = QStringLiteral("finish");
    updateButtons();
    return true;
}

void MigrationView::stop()
{
    if (isBusy())
        m_job->cancel();
}

void MigrationView::ended(const QString& step, bool ok, const QString& message)
{
    m_step.clear();
    if (!message.isEmpty())
        m_message->setText(message);
    if (step == QLatin1String("plan") && !ok)
        m_planText->setText(message);
    if (step == QLatin1String("compare") && !ok)
        m_compareText->setText(message);
    if (step == QLatin1String("plan"))
        renderPlan();
    if (step != QLatin1String("status") && step != QLatin1String("plan") && step != QLatin1String("compare"))
        refresh(); // the staged and swapped counts changed
    else
        renderStatus();
    updateButtons();
    Q_EMIT stepEnded(step, ok);
}

void MigrationView::renderPlan()
{
    if (!m_plan) {
        m_planText->setText(
            tr("Pick the new model and press Plan. Nothing is sent and nothing is changed until you stage."));
        return;
    }
    const MigrationPlan& p = *m_plan;
    const QLocale locale;
    QString text =
        tr("%1: %2 (%3 dimensions) to %4 (%5 dimensions). %6 rows, %7 to embed (%8 from the cache, %9 "
           "repeated texts); %10 tokens: %11 at the standard price, %12 with the Batch API; about %13.")
            .arg(p.table, p.fromModel.isEmpty() ? tr("no vectors") : p.fromModel)
            .arg(p.fromDimensions)
            .arg(p.toModel)
            .arg(p.dimensions)
            .arg(locale.toString(p.rows), locale.toString(p.toEmbed), locale.toString(p.cached),
                 locale.toString(p.deduped), locale.toString(p.tokens), money(p.standardUsd),
                 money(p.batchUsd),
                 p.seconds < 120 ? tr("%1\u00a0s").arg(qRound(p.seconds))
                                 : tr("%1\u00a0min").arg(qRound(p.seconds / 60)));
    if (p.capUsd > 0)
        text += QLatin1Char(' ') + (p.overCap ? tr("The spend cap of %1 stops the staging before the end; "
                                                   "staging again resumes it.")
                                                    .arg(money(p.capUsd))
                                              : tr("Within the spend cap of %1.").arg(money(p.capUsd)));
    if (p.resuming)
        text += QLatin1Char(' ') + tr("A migration to this model is underway: staging resumes it.");
    if (!p.refusal.isEmpty())
        text += QStringLiteral("\n") + tr("Refused: %1").arg(p.refusal);
    if (m_config.api.simulated)
        text += QLatin1Char(' ') + tr("SIMULATED endpoint: the vectors are not real embeddings.");
    m_planText->setText(text);
}

void MigrationView::renderStatus()
{
    if (!m_status || !m_status->active) {
        m_statusText->setText(tr("No migration is underway: search serves the table's own vectors."));
        if (m_progress->maximum() != 0)
            m_progress->setValue(0);
        return;
    }
    const MigrationStatus& s = *m_status;
    const QLocale locale;
    const QString state = s.state == MigrationState::Swapped
                              ? tr("Swapped: the table serves %1; the old %2 vectors are kept for rollback.")
                                    .arg(s.toModel, s.fromModel)
                              : tr("Staging %1 → %2: search still serves %1.").arg(s.fromModel, s.toModel);
    m_statusText->setText(
        state + QLatin1Char(' ') +
        tr("%1 of %2 rows staged, %3 remaining, %4 stale (edited since staged), %5 failed; %6 tokens, %7 so "
           "far.")
            .arg(locale.toString(s.staged), locale.toString(s.rows), locale.toString(s.remaining),
                 locale.toString(s.stale), locale.toString(s.failed), locale.toString(s.tokens),
                 money(s.costUsd)));
    m_progress->setRange(0, int(std::max<qint64>(1, s.rows)));
    m_progress->setValue(int(std::min(s.rows, s.staged - s.stale)));
}

void MigrationView::renderComparison()
{
    m_table->setRowCount(0);
    if (!m_compare) {
        m_compareText->setText(tr("Compare the nearest items under both models for a sample of item titles, "
                                  "before you swap."));
        return;
    }
    const MigrationCompare& c = *m_compare;
    QString text =
        tr("Mean overlap@%1: %2 over %n queries (%3 → %4); %5 tokens, %6.", nullptr, int(c.rows.size()))
            .arg(c.k)
            .arg(QString::number(c.meanOverlap, 'f', 2))
            .arg(c.currentModel, c.stagedModel, QLocale().toString(c.tokens), money(c.costUsd));
    if (c.simulated)
        text += QLatin1Char(' ') + tr("SIMULATED endpoint: the vectors are not real embeddings.");
    m_compareText->setText(text);
    m_table->setRowCount(int(c.rows.size()));
    for (int i = 0; i < c.rows.size(); ++i) {
        const MigrationCompareRow& row = c.rows.at(i);
        m_table->setItem(i, QueryColumn, new QTableWidgetItem(row.query));
        auto* overlap = new QTableWidgetItem(QString::number(row.overlap, 'f', 2));
        overlap->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(i, OverlapColumn, overlap);
        auto* current = new QTableWidgetItem(titles(row.current, 3));
        current->setToolTip(ids(row.current));
        m_table->setItem(i, CurrentColumn, current);
        auto* staged = new QTableWidgetItem(titles(row.staged, 3));
        staged->setToolTip(ids(row.staged));
        m_table->setItem(i, StagedColumn, staged);
    }
    m_table->resizeColumnToContents(OverlapColumn);
    m_table->resizeColumnToContents(QueryColumn);
    m_table->setColumnWidth(QueryColumn, std::min(260, m_table->columnWidth(QueryColumn)));
    m_table->setColumnWidth(CurrentColumn, 360);
}

void MigrationView::updateButtons()
{
    const bool busy = isBusy();
    const bool active = m_status && m_status->active;
    const bool staging = active && m_status->state == MigrationState::Staging;
    const bool swapped = active && m_status->state == MigrationState::Swapped;
    const bool planOk = m_plan && m_plan->refusal.isEmpty() && m_plan->toModel == target().toModel;
    m_model->setEnabled(!busy && !active);
    m_dimensions->setEnabled(!busy && !active);
    m_planButton->setEnabled(!busy && !swapped);
    m_stageButton->setEnabled(!busy && (staging || (!active && planOk)));
    m_stopButton->setEnabled(busy && (m_step == QLatin1String("stage") || m_step == QLatin1String("swap") ||
                                      m_step == QLatin1String("compare")));
    m_compareButton->setEnabled(!busy && active && m_status->staged > 0);
    m_swapButton->setEnabled(!busy && staging && m_status->staged > 0);
    m_rollbackButton->setEnabled(!busy && swapped);
    m_finishButton->setEnabled(!busy && active);
}

void MigrationView::retranslate()
{
    m_planBox->setTitle(tr("1. Plan"));
    m_modelLabel->setText(tr("New &model:"));
    m_dimensionsLabel->setText(tr("&Dimensions:"));
    m_dimensions->setSpecialValueText(tr("native"));
    m_planButton->setText(tr("&Plan"));
    m_stageBox->setTitle(tr("2. Stage (search keeps serving the old vectors)"));
    m_stageButton->setText(tr("S&tage"));
    m_stopButton->setText(tr("Sto&p"));
    m_compareBox->setTitle(tr("3. Compare search under both models"));
    m_kLabel->setText(tr("&k:"));
    m_compareButton->setText(tr("&Compare"));
    m_table->setHorizontalHeaderLabels(
        {tr("Query"), tr("Overlap@k"), tr("Nearest now (top 3)"), tr("Nearest after the swap (top 3)")});
    m_swapButton->setText(tr("S&wap…"));
    m_rollbackButton->setText(tr("&Rollback…"));
    m_finishButton->setText(tr("&Finish…"));
    renderPlan();
    renderStatus();
    renderComparison();
    updateButtons();
}

void MigrationView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
