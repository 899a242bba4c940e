#pragma once
// The pre-run estimate: opens with Start, prices the pending items (exact tokens, USD and
// KRW, standard vs Batch API price, time under the limits) with the core's EstimateJob on a
// thread of its own, names the endpoint and where its key comes from, and enables "Start run"
// once the figures are in; from then on Enter starts the run. Accepting confirms the run. The
// mode box picks a standard run or Batch API mode (half price, results within 24 h; OpenAI only,
// not for a retry of chosen items).

#include "config/AppConfig.h"
#include "ops/CostEstimate.h"
#include "pipeline/RunTypes.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace ec {
class EstimateJob;
}

namespace ec::ui {

class EstimatePanel;

/// Where the run's API key comes from, as the start dialog tells it.
enum class ApiKeySource {
    Environment, ///< OPENAI_API_KEY or AZURE_OPENAI_API_KEY
    Session,     ///< typed in the settings, kept in memory only
    None,        ///< none: fine for a self-hosted server that asks for none
    Simulator    ///< the built-in simulator, which needs none
};

class EstimateDialog : public QDialog
{
    Q_OBJECT
public:
    EstimateDialog(const ec::AppConfig& config, const ec::RunOptions& options, ApiKeySource keySource,
                   QWidget* parent = nullptr);

    /// The options the run starts with once confirmed.
    const ec::RunOptions& options() const { return m_options; }
    /// The estimate, once it arrived.
    std::optional<ec::CostEstimate> estimate() const;
    QPushButton* startButton() const { return m_start; }
    /// The endpoint and where its key comes from, as shown.
    QString endpointText() const;
    EstimatePanel* panel() const { return m_panel; }
    /// The spend cap of the run in USD (0: none), as entered.
    QDoubleSpinBox* spendCap() const { return m_cap; }
    /// Standard (synchronous) or Batch API (half price, results within 24 h).
    QComboBox* runMode() const { return m_mode; }
    /// The operator chose Batch API mode: the items are submitted as batches (BatchesView).
    bool batchMode() const;

Q_SIGNALS:
    /// The estimate arrived (or failed); the start button is enabled accordingly.
    void estimateFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    ec::AppConfig m_config;
    ec::RunOptions m_options;
    ApiKeySource m_keySource = ApiKeySource::None;
    ec::EstimateJob* m_job = nullptr;
    QLabel* m_endpoint = nullptr;
    QDoubleSpinBox* m_cap = nullptr;
    QLabel* m_capLabel = nullptr;
    QComboBox* m_mode = nullptr;
    QLabel* m_modeLabel = nullptr;
    EstimatePanel* m_panel = nullptr;
    QLabel* m_intro = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_start = nullptr;
};

} // namespace ec::ui
