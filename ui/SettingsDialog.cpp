#include "SettingsDialog.h"

#include "FormRows.h"
#include "Format.h"
#include "ThemeColors.h"
#include "UiLanguage.h"

#include "config/ModelCatalog.h"
#include "ops/EndpointDoctor.h"
#include "ops/StoreWorker.h"
#include "store/CatalogProbe.h"
#include "store/DatabaseUrl.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

namespace ec::ui {

namespace {

QLineEdit* lineEdit(QWidget* parent, const char* name)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    return edit;
}

QSpinBox* spinBox(QWidget* parent, const char* name, int minimum, int maximum)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(minimum, maximum);
    spin->setGroupSeparatorShown(true);
    return spin;
}

QDoubleSpinBox* doubleSpinBox(QWidget* parent, const char* name, double maximum, int decimals)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(0, maximum);
    spin->setDecimals(decimals);
    spin->setGroupSeparatorShown(true);
    return spin;
}

QFormLayout* form(QGroupBox* box)
{
    auto* layout = new QFormLayout(box);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return layout;
}

/// The URL without its password, and the password.
std::pair<QString, QString> splitPassword(const QString& url)
{
    QUrl parsed(url);
    if (!parsed.isValid() || parsed.password().isEmpty())
        return {url, QString()};
    const QString password = parsed.password();
    parsed.setPassword(QString());
    return {parsed.toString(), password};
}

} // namespace

SettingsDialog::SettingsDialog(const AppConfig& config, const QString& language, bool apiKeyFromEnvironment,
                               QWidget* parent)
    : QDialog(parent)
    , m_original(config)
    , m_keyFromEnvironment(apiKeyFromEnvironment)
{
    setObjectName(QStringLiteral("settingsDialog"));
    build();
    load(config);
    const int languageIndex = m_language->findData(language.isEmpty() ? QStringLiteral("system") : language);
    m_language->setCurrentIndex(languageIndex < 0 ? 0 : languageIndex);
    retranslate();
}

void SettingsDialog::build()
{
    m_databaseBox = new QGroupBox(this);
    m_databaseForm = form(m_databaseBox);
    m_databaseUrl = lineEdit(this, "databaseUrl");
    m_databaseUrl->setMinimumWidth(320);
    m_databasePassword = lineEdit(this, "databasePassword");
    m_databasePassword->setEchoMode(QLineEdit::Password);
    m_table = lineEdit(this, "tableName");
    addLabeledRow(m_databaseForm, m_databaseUrl);
    addLabeledRow(m_databaseForm, m_databasePassword);
    addLabeledRow(m_databaseForm, m_table);
    connect(m_databaseUrl, &QLineEdit::textChanged, this, &SettingsDialog::updatePasswordField);

    m_columnsBox = new QGroupBox(this);
    m_columnsForm = form(m_columnsBox);
    m_idColumn = lineEdit(this, "idColumn");
    m_titleColumn = lineEdit(this, "titleColumn");
    m_summaryColumn = lineEdit(this, "summaryColumn");
    m_tagsColumn = lineEdit(this, "tagsColumn");
    m_embeddingColumn = lineEdit(this, "embeddingColumn");
    m_modelColumn = lineEdit(this, "modelColumn");
    m_embeddedAtColumn = lineEdit(this, "embeddedAtColumn");
    m_updatedAtColumn = lineEdit(this, "updatedAtColumn");
    for (QLineEdit* edit : {m_idColumn, m_titleColumn, m_summaryColumn, m_tagsColumn, m_embeddingColumn,
                            m_modelColumn, m_embeddedAtColumn, m_updatedAtColumn})
        addLabeledRow(m_columnsForm, edit);

    m_apiBox = new QGroupBox(this);
    m_apiForm = form(m_apiBox);
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setEditable(true);
    for (const ModelSpec& spec : ModelCatalog::known())
        m_model->addItem(spec.name);
    m_dimensions = spinBox(this, "dimensions", 0, 16384);
    m_endpoint = lineEdit(this, "endpoint");
    m_apiKey = lineEdit(this, "apiKey");
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKeySource = new QLabel(this);
    m_apiKeySource->setObjectName(QStringLiteral("apiKeySource"));
    m_apiKeySource->setWordWrap(true);
    addLabeledRow(m_apiForm, m_model);
    addLabeledRow(m_apiForm, m_dimensions);
    addLabeledRow(m_apiForm, m_endpoint);
    addLabeledRow(m_apiForm, m_apiKey);
    addLabeledRow(m_apiForm, m_apiKeySource);
    m_testConnection = new QPushButton(this);
    m_testConnection->setObjectName(QStringLiteral("testConnection"));
    m_connectionResult = new QLabel(this);
    m_connectionResult->setObjectName(QStringLiteral("connectionResult"));
    m_connectionResult->setWordWrap(true);
    m_connectionResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addLabeledRow(m_apiForm, m_testConnection);
    addLabeledRow(m_apiForm, m_connectionResult);
    connect(m_testConnection, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_apiKey, &QLineEdit::textEdited, this, &SettingsDialog::updateKeySource);

    m_runBox = new QGroupBox(this);
    m_runForm = form(m_runBox);
    m_batchSize = spinBox(this, "batchSize", 1, 2048);
    m_concurrency = spinBox(this, "concurrency", 1, 64);
    m_rpm = doubleSpinBox(this, "requestsPerMinute", 1e7, 0);
    m_tpm = doubleSpinBox(this, "tokensPerMinute", 1e9, 0);
    m_retries = spinBox(this, "maxRetries", 0, 20);
    m_parkAfter = spinBox(this, "maxPermanentFailures", 1, 100);
    m_maxCost = doubleSpinBox(this, "maxCostUsd", 1e6, 4);
    m_maxCost->setPrefix(QStringLiteral("$"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_batchSize, m_concurrency, m_rpm, m_tpm, m_retries,
                                                      m_parkAfter, m_maxCost})
        addLabeledRow(m_runForm, w);

    m_pricesBox = new QGroupBox(this);
    m_pricesForm = form(m_pricesBox);
    m_priceSmall = doubleSpinBox(this, "priceSmall", 1000, 4);
    m_priceLarge = doubleSpinBox(this, "priceLarge", 1000, 4);
    m_priceAda = doubleSpinBox(this, "priceAda", 1000, 4);
    m_priceCustom = doubleSpinBox(this, "priceCustom", 1000, 4);
    m_batchFactor = doubleSpinBox(this, "batchFactor", 1, 2);
    m_batchFactor->setSingleStep(0.05);
    m_krwPerUsd = doubleSpinBox(this, "krwPerUsd", 100000, 2);
    for (QWidget* w : std::initializer_list<QWidget*>{m_priceSmall, m_priceLarge, m_priceAda, m_priceCustom,
                                                      m_batchFactor, m_krwPerUsd})
        addLabeledRow(m_pricesForm, w);

    m_alertsBox = new QGroupBox(this);
    m_alertsForm = form(m_alertsBox);
    m_webhook = lineEdit(this, "webhook");
    m_webhook->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_errorRate = doubleSpinBox(this, "errorRateThreshold", 100, 1);
    m_errorRate->setSuffix(QStringLiteral(" %"));
    addLabeledRow(m_alertsForm, m_webhook);
    addLabeledRow(m_alertsForm, m_errorRate);

    m_interfaceBox = new QGroupBox(this);
    m_interfaceForm = form(m_interfaceBox);
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(QString(), QStringLiteral("system"));
    m_language->addItem(UiLanguage::nativeName(QStringLiteral("en")), QStringLiteral("en"));
    m_language->addItem(UiLanguage::nativeName(QStringLiteral("ko")), QStringLiteral("ko"));
    addLabeledRow(m_interfaceForm, m_language);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(theme::danger(palette()).name()));
    m_error->setWordWrap(true);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto* left = new QVBoxLayout;
    left->addWidget(m_databaseBox);
    left->addWidget(m_columnsBox);
    left->addWidget(m_interfaceBox);
    left->addStretch();
    auto* middle = new QVBoxLayout;
    middle->addWidget(m_apiBox);
    middle->addWidget(m_runBox);
    middle->addStretch();
    auto* right = new QVBoxLayout;
    right->addWidget(m_pricesBox);
    right->addWidget(m_alertsBox);
    right->addStretch();
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(middle, 1);
    columns->addLayout(right, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
}

void SettingsDialog::load(const AppConfig& c)
{
    const auto [url, password] = splitPassword(c.databaseUrl);
    m_databaseUrl->setText(url);
    m_databasePassword->setText(password);
    m_table->setText(c.table.table);
    m_idColumn->setText(c.table.idColumn);
    m_titleColumn->setText(c.table.titleColumn);
    m_summaryColumn->setText(c.table.summaryColumn);
    m_tagsColumn->setText(c.table.tagsColumn);
    m_embeddingColumn->setText(c.table.embeddingColumn);
    m_modelColumn->setText(c.table.modelColumn);
    m_embeddedAtColumn->setText(c.table.embeddedAtColumn);
    m_updatedAtColumn->setText(c.table.updatedAtColumn);

    m_model->setCurrentText(c.embedding.model);
    m_dimensions->setValue(c.embedding.dimensions);
    m_endpoint->setText(c.api.baseUrl.toString());
    m_apiKey->setText(c.api.apiKey);

    m_batchSize->setValue(c.batch.batchSize);
    m_concurrency->setValue(c.api.concurrency);
    m_rpm->setValue(c.api.requestsPerMinute);
    m_tpm->setValue(c.api.tokensPerMinute);
    m_retries->setValue(c.api.maxRetries);
    m_parkAfter->setValue(c.run.maxPermanentFailures);
    m_maxCost->setValue(c.run.maxCostUsd);

    m_priceSmall->setValue(c.prices.usdPerMillionSmall);
    m_priceLarge->setValue(c.prices.usdPerMillionLarge);
    m_priceAda->setValue(c.prices.usdPerMillionAda);
    m_priceCustom->setValue(c.prices.usdPerMillionCustom);
    m_batchFactor->setValue(c.prices.batchApiFactor);
    m_krwPerUsd->setValue(c.prices.krwPerUsd);

    m_webhook->setText(c.alerts.webhookUrl.toString());
    for (QLineEdit* edit : {m_databaseUrl, m_endpoint, m_webhook})
        edit->setCursorPosition(0);
    m_errorRate->setValue(c.alerts.errorRateThreshold * 100.0);
    updatePasswordField();
}

AppConfig SettingsDialog::config() const
{
    AppConfig c = m_original;
    QString url = m_databaseUrl->text().trimmed();
    const QString password = m_databasePassword->text();
    if (!password.isEmpty() && !url.startsWith(QLatin1String("sqlite:"))) {
        QUrl parsed(url);
        if (parsed.isValid()) {
            parsed.setPassword(password);
            url = parsed.toString();
        }
    }
    c.databaseUrl = url;
    c.table.table = m_table->text().trimmed();
    c.table.idColumn = m_idColumn->text().trimmed();
    c.table.titleColumn = m_titleColumn->text().trimmed();
    c.table.summaryColumn = m_summaryColumn->text().trimmed();
    c.table.tagsColumn = m_tagsColumn->text().trimmed();
    c.table.embeddingColumn = m_embeddingColumn->text().trimmed();
    c.table.modelColumn = m_modelColumn->text().trimmed();
    c.table.embeddedAtColumn = m_embeddedAtColumn->text().trimmed();
    c.table.updatedAtColumn = m_updatedAtColumn->text().trimmed();

    c.embedding.model = m_model->currentText().trimmed();
    // Choosing another model configures it; leaving the default leaves the table's model in charge.
    if (c.embedding.model != m_original.embedding.model)
        c.embedding.modelConfigured = true;
    c.embedding.dimensions = m_dimensions->value();
    c.api.baseUrl = QUrl(m_endpoint->text().trimmed());
    c.api.apiKey = m_apiKey->text();

    c.batch.batchSize = m_batchSize->value();
    c.api.concurrency = m_concurrency->value();
    c.api.requestsPerMinute = m_rpm->value();
    c.api.tokensPerMinute = m_tpm->value();
    c.api.maxRetries = m_retries->value();
    c.run.maxPermanentFailures = m_parkAfter->value();
    c.run.maxCostUsd = m_maxCost->value();

    c.prices.usdPerMillionSmall = m_priceSmall->value();
    c.prices.usdPerMillionLarge = m_priceLarge->value();
    c.prices.usdPerMillionAda = m_priceAda->value();
    c.prices.usdPerMillionCustom = m_priceCustom->value();
    c.prices.batchApiFactor = m_batchFactor->value();
    c.prices.krwPerUsd = m_krwPerUsd->value();

    c.alerts.webhookUrl = QUrl(m_webhook->text().trimmed());
    c.alerts.errorRateThreshold = m_errorRate->value() / 100.0;
    return c;
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

bool SettingsDialog::apiKeyTyped() const
{
    return m_apiKey->text() != m_original.api.apiKey;
}

bool SettingsDialog::validate(QString* error) const
{
    const AppConfig c = config();
    if (!c.table.validate(error))
        return false;
    if (!c.databaseUrl.isEmpty()) {
        QString reason;
        if (!DatabaseUrl::parse(c.databaseUrl, &reason)) {
            *error = tr("Database URL: %1").arg(reason);
            return false;
        }
    }
    if (c.embedding.model.isEmpty()) {
        *error = tr("Choose a model.");
        return false;
    }
    if (!c.api.baseUrl.isValid() || c.api.baseUrl.scheme().isEmpty()) {
        *error = tr("The endpoint must be a URL such as https://api.openai.com/v1.");
        return false;
    }
    if (!c.alerts.webhookUrl.isEmpty() &&
        (!c.alerts.webhookUrl.isValid() || !c.alerts.webhookUrl.scheme().startsWith(QLatin1String("http")))) {
        *error = tr("The webhook must be an http(s) URL.");
        return false;
    }
    return true;
}

void SettingsDialog::accept()
{
    QString error;
    if (!validate(&error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}

void SettingsDialog::updateKeySource()
{
    if (m_apiKey->text().isEmpty())
        m_apiKeySource->setText(tr("No API key: set OPENAI_API_KEY or type one here for this session."));
    else if (m_keyFromEnvironment && !apiKeyTyped())
        m_apiKeySource->setText(tr("From the environment. Never saved."));
    else
        m_apiKeySource->setText(tr("Typed for this session only. Never saved."));
}

void SettingsDialog::testConnection()
{
    if (m_doctor)
        return;
    const AppConfig c = config();
    m_doctor = new EndpointDoctor(c.api, c.embedding, this);
    connect(m_doctor, &EndpointDoctor::finished, this, &SettingsDialog::showConnectionReport);
    m_testConnection->setEnabled(false);
    m_catalogLine = tr("Database: checking %1…").arg(c.table.table);
    m_endpointLine = tr("Endpoint: testing…");
    renderConnectionResult();
    m_doctor->start();

    // The catalog off the UI thread: connecting may take the server's whole timeout.
    if (!m_worker)
        m_worker = new StoreWorker(QStringLiteral("ec-ui-probe"), this);
    m_worker->post<CatalogPresence>(
        this, [c](StoreSession&) { return probeCatalog(c); },
        [this, table = c.table.table](CatalogPresence p) {
            switch (p.state) {
            case CatalogPresence::State::Present:
                m_catalogLine = tr("Database: works, %1, table %2 with an embedding column of type %3.")
                                    .arg(p.serverVersion, table, p.embeddingType);
                break;
            case CatalogPresence::State::Missing:
                m_catalogLine =
                    tr("Database: %1. Create the demo catalog from the dashboard, or name another "
                       "table.")
                        .arg(p.reason);
                break;
            case CatalogPresence::State::Unusable:
                m_catalogLine = tr("Database: table %1 cannot be used: %2").arg(table, p.reason);
                break;
            case CatalogPresence::State::Unreachable:
                m_catalogLine = tr("Database: does not work: %1").arg(p.reason);
                break;
            }
            renderConnectionResult();
            Q_EMIT catalogChecked(p.state == CatalogPresence::State::Present);
        });
}

void SettingsDialog::renderConnectionResult()
{
    m_connectionResult->setText(m_catalogLine + QLatin1Char('\n') + m_endpointLine);
}

void SettingsDialog::showConnectionReport(const EndpointReport& r)
{
    m_doctor->deleteLater();
    m_doctor = nullptr;
    m_testConnection->setEnabled(true);
    if (!r.works) {
        // The API's own words stay as they are.
        m_endpointLine = tr("Endpoint: does not work: %1").arg(r.error.toString());
        renderConnectionResult();
        return;
    }
    const QString limits = r.limits.limitRequests || r.limits.limitTokens
                               ? tr("%1 requests/min, %2 tokens/min from the server")
                                     .arg(format::count(qint64(r.limits.limitRequests.value_or(0))),
                                          format::count(qint64(r.limits.limitTokens.value_or(0))))
                               : tr("no limits advertised");
    const QString batches = r.smallestBatchRefused > 0
                                ? tr("at most %1 inputs per request").arg(r.largestBatchAccepted)
                                : tr("%1 inputs per request or more").arg(r.largestBatchAccepted);
    m_endpointLine = tr("Endpoint: works, %1 ms, %2 dimensions, base64 %3; %4; %5.")
                         .arg(r.latencyMs)
                         .arg(r.dimensions)
                         .arg(r.base64Honoured ? tr("honoured") : tr("not honoured"), limits, batches);
    renderConnectionResult();
}

void SettingsDialog::updatePasswordField()
{
    const bool sqlite = m_databaseUrl->text().trimmed().isEmpty() ||
                        m_databaseUrl->text().trimmed().startsWith(QLatin1String("sqlite:"));
    m_databasePassword->setEnabled(!sqlite);
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_databaseBox->setTitle(tr("Database"));
    m_columnsBox->setTitle(tr("Columns"));
    m_apiBox->setTitle(tr("Model and endpoint"));
    m_runBox->setTitle(tr("Run"));
    m_pricesBox->setTitle(tr("Prices (USD per 1M tokens)"));
    m_alertsBox->setTitle(tr("Alerts"));
    m_interfaceBox->setTitle(tr("Interface"));

    setRowLabel(m_databaseForm, m_databaseUrl, tr("Database URL"));
    m_databaseUrl->setPlaceholderText(tr("empty: the built-in SQLite catalog"));
    m_databaseUrl->setToolTip(tr("sqlite:///path/catalog.db or postgresql://user@host:5432/db"));
    setRowLabel(m_databaseForm, m_databasePassword, tr("Password"));
    m_databasePassword->setPlaceholderText(tr("for this session only"));
    setRowLabel(m_databaseForm, m_table, tr("Table"));

    setRowLabel(m_columnsForm, m_idColumn, tr("Id"));
    setRowLabel(m_columnsForm, m_titleColumn, tr("Title"));
    setRowLabel(m_columnsForm, m_summaryColumn, tr("Summary"));
    setRowLabel(m_columnsForm, m_tagsColumn, tr("Tags"));
    setRowLabel(m_columnsForm, m_embeddingColumn, tr("Embedding"));
    setRowLabel(m_columnsForm, m_modelColumn, tr("Embedding model"));
    setRowLabel(m_columnsForm, m_embeddedAtColumn, tr("Embedded at"));
    setRowLabel(m_columnsForm, m_updatedAtColumn, tr("Updated at"));

    setRowLabel(m_apiForm, m_model, tr("Model"));
    setRowLabel(m_apiForm, m_dimensions, tr("Dimensions"));
    m_dimensions->setSpecialValueText(tr("native"));
    setRowLabel(m_apiForm, m_endpoint, tr("Endpoint"));
    setRowLabel(m_apiForm, m_apiKey, tr("API key"));
    m_apiKey->setPlaceholderText(tr("sk-…"));
    setRowLabel(m_apiForm, m_apiKeySource, QString());
    setRowLabel(m_apiForm, m_testConnection, QString());
    setRowLabel(m_apiForm, m_connectionResult, QString());
    m_testConnection->setText(tr("Test connection"));
    updateKeySource();

    setRowLabel(m_runForm, m_batchSize, tr("Batch size"));
    setRowLabel(m_runForm, m_concurrency, tr("Concurrent requests"));
    setRowLabel(m_runForm, m_rpm, tr("Requests per minute"));
    setRowLabel(m_runForm, m_tpm, tr("Tokens per minute"));
    setRowLabel(m_runForm, m_retries, tr("Retries per request"));
    setRowLabel(m_runForm, m_parkAfter, tr("Park after failures"));
    setRowLabel(m_runForm, m_maxCost, tr("Spend cap per run"));
    m_maxCost->setSpecialValueText(tr("no cap"));

    setRowLabel(m_pricesForm, m_priceSmall, QStringLiteral("text-embedding-3-small"));
    setRowLabel(m_pricesForm, m_priceLarge, QStringLiteral("text-embedding-3-large"));
    setRowLabel(m_pricesForm, m_priceAda, QStringLiteral("text-embedding-ada-002"));
    setRowLabel(m_pricesForm, m_priceCustom, tr("Other models"));
    setRowLabel(m_pricesForm, m_batchFactor, tr("Batch API factor"));
    setRowLabel(m_pricesForm, m_krwPerUsd, tr("KRW per USD"));
    for (QDoubleSpinBox* price : {m_priceSmall, m_priceLarge, m_priceAda, m_priceCustom})
        price->setPrefix(QStringLiteral("$"));

    setRowLabel(m_alertsForm, m_webhook, tr("Webhook URL"));
    m_webhook->setPlaceholderText(tr("off"));
    m_webhook->setToolTip(tr("Slack or Discord compatible; shown masked"));
    setRowLabel(m_alertsForm, m_errorRate, tr("Alert above error rate"));

    setRowLabel(m_interfaceForm, m_language, tr("Language"));
    m_language->setItemText(0, tr("System default"));

    m_buttons->button(QDialogButtonBox::Save)->setText(tr("Save"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace ec::ui
