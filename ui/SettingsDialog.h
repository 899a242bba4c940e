#pragma once
// The settings: database URL, table and columns, model and dimensions, endpoint and API
// key, batch size, concurrency, rate limits, retries, prices, exchange rate, webhook, and
// the interface language. The API key and the database password are typed for the session
// only, always masked, and never saved (AppConfig::saveTo leaves them out).

#include "config/AppConfig.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ec {
class EndpointDoctor;
class StoreWorker;
struct EndpointReport;
} // namespace ec

namespace ec::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// language: "system", "en" or "ko"; apiKeyFromEnvironment: the key came from
    /// OPENAI_API_KEY/AZURE_OPENAI_API_KEY.
    SettingsDialog(const ec::AppConfig& config, const QString& language, bool apiKeyFromEnvironment,
                   QWidget* parent = nullptr);

    /// The edited configuration, secrets included (for this session only).
    ec::AppConfig config() const;
    /// "system", "en" or "ko".
    QString language() const;
    /// True when the operator typed a key (it replaces the environment's for this session).
    bool apiKeyTyped() const;

    void accept() override;

    /// The console's store worker, to check the catalog on (Test connection); without one the
    /// dialog starts its own.
    void setStoreWorker(ec::StoreWorker* worker) { m_worker = worker; }

Q_SIGNALS:
    /// Test connection's database check ended: usable when the table is there with the columns
    /// the console needs.
    void catalogChecked(bool usable);

protected:
    void changeEvent(QEvent* event) override;

private:
    void build();
    void load(const ec::AppConfig& config);
    void retranslate();
    void updateKeySource();
    void updatePasswordField();
    bool validate(QString* error) const;
    /// Checks the database (URL, table, columns: probeCatalog) and the endpoint (the same core
    /// check as `embedctl doctor`) as edited, before saving, without blocking: the result shows
    /// under the button, a line each.
    void testConnection();
    void showConnectionReport(const ec::EndpointReport& report);
    void renderConnectionResult();

    ec::AppConfig m_original;
    bool m_keyFromEnvironment = false;

    QGroupBox* m_databaseBox = nullptr;
    QGroupBox* m_columnsBox = nullptr;
    QGroupBox* m_apiBox = nullptr;
    QGroupBox* m_runBox = nullptr;
    QGroupBox* m_pricesBox = nullptr;
    QGroupBox* m_alertsBox = nullptr;
    QGroupBox* m_interfaceBox = nullptr;
    QFormLayout* m_databaseForm = nullptr;
    QFormLayout* m_columnsForm = nullptr;
    QFormLayout* m_apiForm = nullptr;
    QFormLayout* m_runForm = nullptr;
    QFormLayout* m_pricesForm = nullptr;
    QFormLayout* m_alertsForm = nullptr;
    QFormLayout* m_interfaceForm = nullptr;

    QLineEdit* m_databaseUrl = nullptr;
    QLineEdit* m_databasePassword = nullptr;
    QLineEdit* m_table = nullptr;
    QLineEdit* m_idColumn = nullptr;
    QLineEdit* m_titleColumn = nullptr;
    QLineEdit* m_summaryColumn = nullptr;
    QLineEdit* m_tagsColumn = nullptr;
    QLineEdit* m_embeddingColumn = nullptr;
    QLineEdit* m_modelColumn = nullptr;
    QLineEdit* m_embeddedAtColumn = nullptr;
    QLineEdit* m_updatedAtColumn = nullptr;

    QComboBox* m_model = nullptr;
    QSpinBox* m_dimensions = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QLineEdit* m_apiKey = nullptr;
    QLabel* m_apiKeySource = nullptr;
    QPushButton* m_testConnection = nullptr;
    QLabel* m_connectionResult = nullptr;
    QString m_catalogLine;                  ///< Test connection: what the database check found
    QString m_endpointLine;                 ///< Test connection: what the endpoint check found
    ec::EndpointDoctor* m_doctor = nullptr; ///< the check under way, if any
    ec::StoreWorker* m_worker = nullptr;    ///< runs the catalog check (setStoreWorker(), or its own)

    QSpinBox* m_batchSize = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QDoubleSpinBox* m_rpm = nullptr;
    QDoubleSpinBox* m_tpm = nullptr;
    QDoubleSpinBox* m_maxCost = nullptr;
    QSpinBox* m_retries = nullptr;
    QSpinBox* m_parkAfter = nullptr;

    QDoubleSpinBox* m_priceSmall = nullptr;
    QDoubleSpinBox* m_priceLarge = nullptr;
    QDoubleSpinBox* m_priceAda = nullptr;
    QDoubleSpinBox* m_priceCustom = nullptr;
    QDoubleSpinBox* m_batchFactor = nullptr;
    QDoubleSpinBox* m_krwPerUsd = nullptr;

    QLineEdit* m_webhook = nullptr;
    QDoubleSpinBox* m_errorRate = nullptr;

    QComboBox* m_language = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace ec::ui
