#pragma once
// The Migration view: change the table's model without a search outage (docs/operations.md).
// The operator picks the new model and sees the priced plan (rows, tokens after dedupe and
// cache, standard and Batch price, time, the spend cap, or why it is refused); stages every row
// with the new model into the console's staging table while search keeps serving the old
// vectors (progress, Stop, resumable); compares the nearest items under both models (overlap@k
// per query and on average); then swaps in one transaction, rolls back, or finishes — each
// behind a confirmation. All the work is the core's MigrationJob; this view only shows it.

#include "config/AppConfig.h"
#include "ops/ModelMigration.h"

#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ec::ui {

class MigrationView : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationView(QWidget* parent = nullptr);

    /// The table's settings as the console uses them (its model: ModelGuard's choice). Reads
    /// where the table's migration stands.
    void setConfig(const ec::AppConfig& config);

    /// Asks the operator to confirm a step (title, question): true to go ahead. The default
    /// asks with a QMessageBox; tests replace it.
    using Confirm = std::function<bool(const QString& title, const QString& question)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    /// The new model (and vector length, 0: native) the plan and the staging aim at.
    void setTarget(const QString& model, int dimensions = 0);
    ec::MigrationTarget target() const;

    // The steps, as the buttons start them; false when a step is underway or refused.
    bool plan();
    bool stage();
    bool compare(int k);
    bool swap();
    bool rollback();
    bool finish();
    void refresh();
    void stop();

    bool isBusy() const;
    const std::optional<ec::MigrationPlan>& lastPlan() const { return m_plan; }
    const std::optional<ec::MigrationStatus>& lastStatus() const { return m_status; }
    const std::optional<ec::MigrationCompare>& lastComparison() const { return m_compare; }
    QLabel* planLabel() const { return m_planText; }
    QLabel* statusLabel() const { return m_statusText; }
    QLabel* messageLabel() const { return m_message; }
    QTableWidget* comparisonTable() const { return m_table; }

Q_SIGNALS:
    /// A step ended (its name: "plan", "status", "stage", "compare", "swap", "rollback",
    /// "finish"), ok or not; the table's vectors may have changed after stage, swap and rollback.
    void stepEnded(const QString& step, bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    void connectJob();
    void ended(const QString& step, bool ok, const QString& message);
    void renderPlan();
    void renderStatus();
    void renderComparison();
    void updateButtons();
    void retranslate();

    ec::AppConfig m_config;
    ec::MigrationJob* m_job = nullptr;
    QString m_step; ///< the step underway; empty when idle
    Confirm m_confirm;
    std::optional<ec::MigrationPlan> m_plan;
    std::optional<ec::MigrationStatus> m_status;
    std::optional<ec::MigrationCompare> m_compare;

    QGroupBox* m_planBox = nullptr;
    QLabel* m_modelLabel = nullptr;
    QComboBox* m_model = nullptr;
    QLabel* m_dimensionsLabel = nullptr;
    QSpinBox* m_dimensions = nullptr;
    QPushButton* m_planButton = nullptr;
    QLabel* m_planText = nullptr;

    QGroupBox* m_stageBox = nullptr;
    QLabel* m_statusText = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_stageButton = nullptr;
    QPushButton* m_stopButton = nullptr;

    QGroupBox* m_compareBox = nullptr;
    QLabel* m_kLabel = nullptr;
    QSpinBox* m_k = nullptr;
    QPushButton* m_compareButton = nullptr;
    QLabel* m_compareText = nullptr;
    QTableWidget* m_table = nullptr;

    QPushButton* m_swapButton = nullptr;
    QPushButton* m_rollbackButton = nullptr;
    QPushButton* m_finishButton = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace ec::ui
