#include "ResetDialog.h"

#include "EstimatePanel.h"
#include "FigureGrid.h"
#include "Format.h"
#include "ThemeColors.h"

#include "config/ModelCatalog.h"
#include "ops/ResetJob.h"
#include "util/Secrets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QStandardItemModel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ec::ui {

static QStringList parseIds(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList ids = text.split(separators, Qt::SkipEmptyParts);
    ids.removeDuplicates();
    return ids;
}

ResetDialog::ResetDialog(const AppConfig& config, const QStringList& ids, QWidget* parent)
    : QDialog(parent)
    , m_config(config)
{
    setObjectName(QStringLiteral("resetDialog"));

    m_criteriaBox = new QGroupBox(this);
    m_useModel = new QCheckBox(this);
    m_useModel->setObjectName(QStringLiteral("resetUseModel"));
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("resetModel"));
    m_model->setEditable(true);
    for (const ModelSpec& spec : ModelCatalog::known())
        m_model->addItem(spec.name);
    m_model->setCurrentText(config.embedding.model);
    m_useBefore = new QCheckBox(this);
    m_useBefore->setObjectName(QStringLiteral("resetUseBefore"));
    m_before = new QDateTimeEdit(QDateTime::currentDateTime(), this);
    m_before->setObjectName(QStringLiteral("resetBefore"));
    m_before->setCalendarPopup(true);
    m_before->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_useIds = new QCheckBox(this);
    m_useIds->setObjectName(QStringLiteral("resetUseIds"));
    m_ids = new QPlainTextEdit(this);
    m_ids->setObjectName(QStringLiteral("resetIds"));
    m_ids->setMaximumHeight(70);

    auto* grid = new QGridLayout(m_criteriaBox);
    grid->addWidget(m_useModel, 0, 0);
    grid->addWidget(m_model, 0, 1);
    grid->addWidget(m_useBefore, 1, 0);
    grid->addWidget(m_before, 1, 1);
    grid->addWidget(m_useIds, 2, 0, Qt::AlignTop);
    grid->addWidget(m_ids, 2, 1);
    grid->setColumnStretch(1, 1);

    m_affectedLabel = new QLabel(this);
    m_affectedLabel->setObjectName(QStringLiteral("resetAffected"));
    QFont big = m_affectedLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_affectedLabel->setFont(big);
    m_notFound = new QLabel(this);
    m_notFound->setObjectName(QStringLiteral("resetIdsNotFound"));
    m_notFound->setWordWrap(true);
    m_notFound->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_panel = new EstimatePanel(EstimatePanel::Mode::Reset, this);
    m_warning = new QLabel(this);
    m_warning->setWordWrap(true);
    m_thenLabel = new QLabel(this);
    m_then = new QComboBox(this);
    m_then->setObjectName(QStringLiteral("resetThen"));
    m_then->addItems({QString(), QString(), QString()});
    m_thenLabel->setBuddy(m_then);
    if (config.api.flavor != ApiFlavor::OpenAI) {
        // The Batch API is OpenAI's (and its simulator's).
        if (auto* model = qobject_cast<QStandardItemModel*>(m_then->model()))
            model->item(int(Then::BatchApiNow))->setEnabled(false);
    }
    auto* thenRow = new QHBoxLayout;
    thenRow->addWidget(m_thenLabel);
    thenRow->addWidget(m_then, 1);

    m_buttons = new QDialogButtonBox(this);
    m_confirm = m_buttons->addButton(QString(), QDialogButtonBox::DestructiveRole);
    m_confirm->setObjectName(QStringLiteral("confirmReset"));
    m_confirm->setEnabled(false);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_confirm, &QPushButton::clicked, this, &ResetDialog::confirm);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_criteriaBox);
    layout->addWidget(m_affectedLabel);
    layout->addWidget(m_notFound);
    layout->addWidget(m_panel, 1);
    layout->addWidget(m_warning);
    layout->addLayout(thenRow);
    layout->addWidget(m_buttons);
    setMinimumWidth(780);

    m_job = new ResetJob(this);
    connect(m_job, &ResetJob::progress, m_panel, &EstimatePanel::setWorking);
    connect(m_job, &ResetJob::planned, this, [this](const ResetPlan& plan) {
        if (m_previewAgain) // figures of criteria that are no longer entered
            return preview();
        m_findings = plan;
        m_affected = plan.affected;
        m_pricedGeneration = m_generation;
        m_panel->setEstimate(plan.estimate);
        retranslate();
        Q_EMIT previewFinished(true);
    });
    connect(m_job, &ResetJob::cancelled, this, [this] {
        if (m_previewAgain)
            preview();
    });
    connect(m_job, &ResetJob::applied, this, [this](qint64 count) {
        m_applying = false;
        Q_EMIT resetDone(count);
        accept();
    });
    connect(m_job, &ResetJob::failed, this, [this](const QString& error) {
        if (m_previewAgain && !m_applying)
            return preview();
        const bool wasApplying = m_applying;
        m_applying = false;
        m_affected.reset();
        m_panel->setError(scrubSecrets(error, m_config.secrets()));
        retranslate();
        if (!wasApplying)
            Q_EMIT previewFinished(false);
    });

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(400);
    connect(m_debounce, &QTimer::timeout, this, &ResetDialog::preview);

    for (QCheckBox* box : {m_useModel, m_useBefore, m_useIds})
        connect(box, &QCheckBox::toggled, this, &ResetDialog::criteriaChanged);
    connect(m_model, &QComboBox::currentTextChanged, this, &ResetDialog::criteriaChanged);
    connect(m_before, &QDateTimeEdit::dateTimeChanged, this, &ResetDialog::criteriaChanged);
    connect(m_ids, &QPlainTextEdit::textChanged, this, &ResetDialog::criteriaChanged);

    if (!ids.isEmpty())
        setIds(true, ids);
    else
        m_useModel->setChecked(true);
    retranslate();
    criteriaChanged();
}

ResetCriteria ResetDialog::criteria() const
{
    ResetCriteria c;
    if (m_useModel->isChecked())
        c.modelNot = m_model->currentText().trimmed();
    if (m_useBefore->isChecked())
        c.before = m_before->dateTime().toUTC();
    if (m_useIds->isChecked())
        c.ids = parseIds(m_ids->toPlainText());
    return c;
}

std::optional<qint64> ResetDialog::affectedCount() const
{
    if (m_pricedGeneration != m_generation)
        return std::nullopt;
    return m_affected;
}

std::optional<CostEstimate> ResetDialog::estimate() const
{
    if (m_pricedGeneration != m_generation)
        return std::nullopt;
    return m_panel->estimate();
}

std::optional<ResetPlan> ResetDialog::findings() const
{
    if (m_pricedGeneration != m_generation)
        return std::nullopt;
    return m_findings;
}

QString ResetDialog::whyText() const
{
    const auto f = findings();
    if (!f)
        return {};
    if (f->affected == 0)
        return tr("No row has a vector to clear and matches every criterion.");
    const ResetCriteria c = criteria();
    QStringList reasons;
    if (f->byOtherModel < 0) {
        reasons << tr("%1 embedded by a model other than %2").arg(format::count(f->affected), c.modelNot);
    } else {
        if (f->byOtherModel > 0)
            reasons << tr("%1 embedded by another model than %2 (or by none recorded)")
                           .arg(format::count(f->byOtherModel), f->configuredModel);
        if (f->affected - f->byOtherModel > 0)
            reasons << tr("%1 embedded by %2, the configured model")
                           .arg(format::count(f->affected - f->byOtherModel), f->configuredModel);
    }
    if (c.before.isValid())
        reasons << tr("all embedded before %1").arg(format::dateTime(c.before));
    if (!c.ids.isEmpty())
        reasons << tr("all among the ids given");
    return reasons.join(QStringLiteral(" · "));
}

QString ResetDialog::notFoundText() const
{
    const auto f = findings();
    if (!f || f->idsNotFound.isEmpty())
        return {};
    constexpr int kShown = 10;
    QStringList shown = f->idsNotFound.mid(0, kShown);
    if (f->idsNotFound.size() > kShown)
        shown << QStringLiteral("…");
    return tr("%Ln id(s) not found: %1", nullptr, int(f->idsNotFound.size()))
        .arg(shown.join(QStringLiteral(", ")));
}

void ResetDialog::renderFindings()
{
    const QString why = whyText();
    const QString notFound = notFoundText();
    m_notFound->setText(notFound);
    m_notFound->setVisible(!notFound.isEmpty());
    QPalette warningPalette = m_notFound->palette();
    warningPalette.setColor(QPalette::WindowText, theme::warning(palette()));
    m_notFound->setPalette(warningPalette);
    scheduleFit();
    // The estimate panel's "Why" row reads "n no vector" for a reset (every affected row lacks
    // its vector once reset); it says why the rows are affected instead.
    if (!why.isEmpty()) {
        if (auto* grid = m_panel->findChild<FigureGrid*>())
            grid->setValue(QStringLiteral("reasons"), why);
    }
}

void ResetDialog::scheduleFit()
{
    if (m_fitPending)
        return;
    m_fitPending = true;
    // After the layouts have taken in what changed, before the next paint.
    QMetaObject::invokeMethod(this, &ResetDialog::fitToContents, Qt::QueuedConnection);
}

void ResetDialog::fitToContents()
{
    m_fitPending = false;
    if (!layout())
        return;
    layout()->activate();
    int needed = std::max(minimumSizeHint().height(),
                          hasHeightForWidth() ? heightForWidth(width()) : sizeHint().height());
    if (const QScreen* s = screen())
        needed = std::min(needed, s->availableGeometry().height());
    if (height() < needed)
        resize(width(), needed);
}

void ResetDialog::showEvent(QShowEvent* event)
{
    fitToContents();
    QDialog::showEvent(event);
}

void ResetDialog::setModelNot(bool enabled, const QString& model)
{
    if (!model.isEmpty())
        m_model->setCurrentText(model);
    m_useModel->setChecked(enabled);
}

void ResetDialog::setBefore(bool enabled, const QDateTime& before)
{
    if (before.isValid())
        m_before->setDateTime(before.toLocalTime());
    m_useBefore->setChecked(enabled);
}

void ResetDialog::setIds(bool enabled, const QStringList& ids)
{
    if (!ids.isEmpty())
        m_ids->setPlainText(ids.join(QLatin1Char('\n')));
    m_useIds->setChecked(enabled);
}

void ResetDialog::criteriaChanged()
{
    ++m_generation;
    m_affected.reset();
    m_model->setEnabled(m_useModel->isChecked());
    m_before->setEnabled(m_useBefore->isChecked());
    m_ids->setEnabled(m_useIds->isChecked());
    m_job->cancel(); // its figures are of other criteria; preview() asks again
    m_debounce->stop();
    if (criteria().isEmpty()) {
        m_panel->clear();
    } else {
        m_panel->setWorking(0, -1);
        m_debounce->start();
    }
    retranslate();
}

void ResetDialog::preview()
{
    const ResetCriteria c = criteria();
    if (c.isEmpty() || m_applying)
        return;
    // One plan at a time: while the last one winds down (it was cancelled), ask again after it.
    m_previewAgain = m_job->isRunning();
    if (!m_previewAgain)
        m_job->plan(m_config, c);
}

void ResetDialog::confirm()
{
    const auto count = affectedCount();
    if (!count || *count <= 0 || m_applying || m_job->isRunning())
        return;
    m_applying = true;
    m_criteriaBox->setEnabled(false);
    m_confirm->setEnabled(false);
    m_previewAgain = false;
    if (!m_job->apply(m_config, criteria(), currentUser() + QStringLiteral(" (embedding-console)"))) {
        m_applying = false; // the figures' plan still winds down; the button comes back with them
        m_criteriaBox->setEnabled(true);
        return;
    }
    retranslate();
}

void ResetDialog::updateConfirm()
{
    const auto count = affectedCount();
    m_confirm->setEnabled(!m_applying && count.has_value() && *count > 0);
    m_confirm->setText(count && *count > 0 ? tr("Reset %Ln item(s)", nullptr, int(*count)) : tr("Reset"));
    // Wide enough for the count in either language (the style's hint can fall short of Hangul).
    m_confirm->setMinimumWidth(m_confirm->fontMetrics().horizontalAdvance(m_confirm->text()) + 32);
}

void ResetDialog::retranslate()
{
    setWindowTitle(tr("Reset embeddings"));
    m_criteriaBox->setTitle(tr("Which rows to reset (all checked criteria must match)"));
    m_useModel->setText(tr("Embedded by a model other than"));
    m_useBefore->setText(tr("Embedded before"));
    m_useIds->setText(tr("Only these ids"));
    m_ids->setPlaceholderText(tr("One id per line, or separated by commas"));

    const auto count = affectedCount();
    if (criteria().isEmpty())
        m_affectedLabel->setText(tr("Choose at least one criterion."));
    else if (m_applying)
        m_affectedLabel->setText(tr("Resetting…"));
    else if (count)
        m_affectedLabel->setText(
            tr("%Ln item(s) will lose their vector and be embedded again by the next run.", nullptr,
               int(*count)));
    else
        m_affectedLabel->setText(tr("Counting the affected items…"));
    renderFindings();
    m_warning->setText(
        tr("Nothing changes until you confirm. The reset runs in one transaction and is recorded "
           "with your user name, the time, the criteria and the count."));
    if (QPushButton* cancel = m_buttons->button(QDialogButtonBox::Cancel))
        cancel->setText(tr("Cancel"));
    m_thenLabel->setText(tr("&Then:"));
    m_then->setItemText(int(Then::NextRun), tr("Leave them pending for the next run"));
    m_then->setItemText(int(Then::RunNow), tr("Start a run now (standard price)"));
    m_then->setItemText(int(Then::BatchApiNow),
                        tr("Submit them to the Batch API now: half price, results within 24 h"));
    updateConfirm();
}

ResetDialog::Then ResetDialog::then() const
{
    return Then(m_then->currentIndex());
}

void ResetDialog::setThen(Then then)
{
    m_then->setCurrentIndex(int(then));
}

void ResetDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        // The panel retranslates its rows on its own event, maybe after this one.
        QMetaObject::invokeMethod(this, &ResetDialog::renderFindings, Qt::QueuedConnection);
    } else if (event->type() == QEvent::PaletteChange) {
        renderFindings();
    }
    QDialog::changeEvent(event);
}

} // namespace ec::ui
