#pragma once
// Reset, priced first. The operator picks the criteria (embedded by another model, embedded
// before a date, given ids; any combination); the dialog counts the affected rows and prices
// re-embedding them on a worker thread, and only then enables the confirmation button, which
// names the count. Any change of the criteria disables it again until the new figures are in.
// Nothing changes in the database until the operator confirms. The estimate's "Why" row says
// why the rows are affected (by another model than the configured one, or by it), and below
// the count come the given ids the table does not hold ("2 ids not found: x, y"; they match
// nothing, so they count for nothing). The dialog grows to fit the figures when they come in.

#include "config/AppConfig.h"
#include "ops/CostEstimate.h"
#include "ops/ResetPlan.h"
#include "store/StoreTypes.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace ec {
class ResetJob;
}

namespace ec::ui {

class EstimatePanel;

class ResetDialog : public QDialog
{
    Q_OBJECT
public:
    /// ids: preset the "these ids" criterion (e.g. the failures selected).
    ResetDialog(const ec::AppConfig& config, const QStringList& ids = {}, QWidget* parent = nullptr);

    /// The criteria as currently entered.
    ec::ResetCriteria criteria() const;
    /// The affected count of the current criteria, once priced.
    std::optional<qint64> affectedCount() const;
    std::optional<ec::CostEstimate> estimate() const;
    /// Why the rows are affected and the ids not found, once priced.
    std::optional<ec::ResetPlan> findings() const;
    /// The lines shown: why the rows are affected, and the ids not found (empty when none).
    QString whyText() const;
    QString notFoundText() const;
    QPushButton* confirmButton() const { return m_confirm; }

    /// What follows a reset: nothing (the next run embeds the rows), a run now, or the rows
    /// submitted to the Batch API now (half price, results within 24 h).
    enum class Then { NextRun, RunNow, BatchApiNow };
    Then then() const;
    void setThen(Then then);

    // For scripted use (screenshots, tests): set the criteria as the operator would.
    void setModelNot(bool enabled, const QString& model = {});
    void setBefore(bool enabled, const QDateTime& before = {});
    void setIds(bool enabled, const QStringList& ids = {});

Q_SIGNALS:
    /// The figures for the current criteria are in (or failed).
    void previewFinished(bool ok);
    /// The reset ran; count rows were cleared.
    void resetDone(qint64 count);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void criteriaChanged();
    void preview();
    void confirm();
    void updateConfirm();
    void renderFindings();
    /// Grows the dialog to the height its contents need (the figures come in after it opened).
    void fitToContents();
    void scheduleFit();

    ec::AppConfig m_config;
    ec::ResetJob* m_job = nullptr;
    bool m_previewAgain = false; ///< the criteria changed while a plan was being made
    QTimer* m_debounce = nullptr;
    std::optional<qint64> m_affected;
    std::optional<ec::ResetPlan> m_findings;
    quint64 m_generation = 0;       ///< bumped by every change of the criteria
    quint64 m_pricedGeneration = 0; ///< the generation the figures belong to
    bool m_applying = false;
    bool m_fitPending = false;

    QGroupBox* m_criteriaBox = nullptr;
    QCheckBox* m_useModel = nullptr;
    QComboBox* m_model = nullptr;
    QCheckBox* m_useBefore = nullptr;
    QDateTimeEdit* m_before = nullptr;
    QCheckBox* m_useIds = nullptr;
    QPlainTextEdit* m_ids = nullptr;
    QLabel* m_affectedLabel = nullptr;
    QLabel* m_notFound = nullptr;
    EstimatePanel* m_panel = nullptr;
    QLabel* m_warning = nullptr;
    QLabel* m_thenLabel = nullptr;
    QComboBox* m_then = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_confirm = nullptr;
};

} // namespace ec::ui
