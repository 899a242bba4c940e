#include "EstimateDialog.h"

#include "EstimatePanel.h"

#include "ops/EstimateJob.h"
#include "util/Secrets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ec::ui {

EstimateDialog::EstimateDialog(const AppConfig& config, const RunOptions& options, ApiKeySource keySource,
                               QWidget* parent)
    : QDialog(parent)
    , m_config(config)
    , m_options(options)
    , m_keySource(keySource)
{
    setObjectName(QStringLiteral("estimateDialog"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_endpoint = new QLabel(this);
    m_endpoint->setObjectName(QStringLiteral("estimateEndpoint"));
    m_endpoint->setWordWrap(true);
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_panel = new EstimatePanel(EstimatePanel::Mode::PendingRun, this);
    m_capLabel = new QLabel(this);
    m_cap = new QDoubleSpinBox(this);
    m_cap->setObjectName(QStringLiteral("spendCap"));
    m_cap->setDecimals(4);
    m_cap->setRange(0, 1000000);
    m_cap->setSingleStep(0.01);
    m_cap->setPrefix(QStringLiteral("$"));
    m_cap->setValue(m_options.maxCostUsd >= 0 ? m_options.maxCostUsd : m_config.run.maxCostUsd);
    m_capLabel->setBuddy(m_cap);
    m_options.maxCostUsd = m_cap->value();
    connect(m_cap, &QDoubleSpinBox::valueChanged, this, [this](double cap) {
        m_options.maxCostUsd = cap;
        if (std::optional<CostEstimate> shown = m_panel->estimate()) {
            shown->maxCostUsd = cap;
            m_panel->setEstimate(*shown);
        }
    });
    m_modeLabel = new QLabel(this);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("runMode"));
    m_mode->addItem(QString());
    m_mode->addItem(QString());
    m_modeLabel->setBuddy(m_mode);
    // The Batch API is OpenAI's (and its simulator's); a retry of chosen items runs at once.
    if (m_config.api.flavor != ApiFlavor::OpenAI || !m_options.onlyIds.isEmpty())
        m_mode->setEnabled(false);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] { retranslate(); });
    m_buttons = new QDialogButtonBox(this);
    m_start = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("confirmStart"));
    m_start->setEnabled(false);
    // Enter must never mean Cancel: only Start is a default button, and it takes the focus
    // once it is enabled.
    m_start->setAutoDefault(false);
    if (QPushButton* cancel = m_buttons->addButton(QDialogButtonBox::Cancel))
        cancel->setAutoDefault(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_endpoint);
    layout->addWidget(m_panel, 1);
    auto* capRow = new QHBoxLayout;
    capRow->addWidget(m_modeLabel);
    capRow->addWidget(m_mode);
    capRow->addSpacing(16);
    capRow->addWidget(m_capLabel);
    capRow->addWidget(m_cap);
    capRow->addStretch(1);
    layout->addLayout(capRow);
    layout->addWidget(m_buttons);
    setMinimumWidth(760);

    m_job = new EstimateJob(this);
    connect(m_job, &EstimateJob::progress, m_panel, &EstimatePanel::setWorking);
    connect(m_job, &EstimateJob::finished, this, [this](CostEstimate estimate) {
        estimate.maxCostUsd = m_cap->value();
        m_panel->setEstimate(estimate);
        m_start->setEnabled(true);
        m_start->setDefault(true);
        m_start->setFocus(Qt::OtherFocusReason);
        Q_EMIT estimateFinished(true);
    });
    connect(m_job, &StoreJob::failed, this, [this](const QString& error) {
        m_panel->setError(scrubSecrets(error, m_config.secrets()));
        Q_EMIT estimateFinished(false);
    });
    m_panel->setWorking(0, -1);
    if (!m_job->start(m_config))
        m_panel->setError(tr("An estimate is already running."));
    retranslate();
}

std::optional<CostEstimate> EstimateDialog::estimate() const
{
    return m_panel->estimate();
}

bool EstimateDialog::batchMode() const
{
    return m_mode->isEnabled() && m_mode->currentIndex() == 1;
}

QString EstimateDialog::endpointText() const
{
    return m_endpoint->text();
}

void EstimateDialog::retranslate()
{
    m_capLabel->setText(tr("Spend &cap for this run:"));
    m_cap->setSpecialValueText(tr("no cap"));
    m_cap->setToolTip(batchMode() ? tr("Nothing is submitted that would take the spend past this amount, at "
                                       "the Batch API price and exact token counts; the rest stays pending.")
                                  : tr("The run sends nothing that would take its spend past this amount, at "
                                       "the model's price and exact token counts, and leaves the rest "
                                       "pending."));
    QString key;
    switch (m_keySource) {
    case ApiKeySource::Environment:
        key = tr("from the environment");
        break;
    case ApiKeySource::Session:
        key = tr("typed in this session (not saved)");
        break;
    case ApiKeySource::None:
        key = tr("none");
        break;
    case ApiKeySource::Simulator:
        key = tr("not needed: the built-in simulator (SIMULATED), nothing is billed");
        break;
    }
    m_endpoint->setText(
        tr("Endpoint: %1 · API key: %2").arg(redactUrl(m_config.api.baseUrl).toHtmlEscaped(), key));
    setWindowTitle(tr("Start a run"));
    m_intro->setText(
        tr("The run embeds the pending items with <b>%1</b>. Check what it will cost, then start it.")
            .arg(m_config.embedding.model.toHtmlEscaped()));
    m_modeLabel->setText(tr("&Mode:"));
    m_mode->setItemText(0, tr("Standard (synchronous)"));
    m_mode->setItemText(1, tr("Batch API: half price, results within 24 h"));
    m_mode->setToolTip(m_mode->isEnabled()
                           ? tr("Batch API mode submits the pending items as OpenAI batches; the Batches "
                                "tab collects them when they end.")
                           : tr("Batch API mode needs the OpenAI API (or its simulator) and all pending "
                                "items."));
    m_start->setText(batchMode() ? tr("Submit batches") : tr("Start run"));
    if (QPushButton* cancel = m_buttons->button(QDialogButtonBox::Cancel))
        cancel->setText(tr("Cancel"));
}

void EstimateDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace ec::ui
