#pragma once
// A CostEstimate as the operator reads it before paying: the items and why they are pending,
// what costs nothing (unchanged, duplicates, cached, skipped), the exact tokens before and
// after dedupe, the API calls, the time under the configured limits, and every model's price
// in USD and KRW at the standard and the Batch API rate (the configured model first, bold).
// Shared by the pre-run estimate and the reset dialog.

#include "ops/CostEstimate.h"

#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QTableWidget;

namespace ec::ui {

class FigureGrid;

class EstimatePanel : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { PendingRun, Reset };

    explicit EstimatePanel(Mode mode, QWidget* parent = nullptr);

    /// Shows "estimating" with progress (total −1: unknown).
    void setWorking(qint64 done, qint64 total);
    void setEstimate(const ec::CostEstimate& estimate);
    void setError(const QString& error);
    void clear();

    const std::optional<ec::CostEstimate>& estimate() const { return m_estimate; }
    QTableWidget* modelTable() const { return m_models; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void render();
    QString boundName(const QString& bound) const;

    Mode m_mode;
    std::optional<ec::CostEstimate> m_estimate;
    QString m_error;
    qint64 m_done = -1;
    qint64 m_total = -1;

    QLabel* m_state = nullptr;
    QProgressBar* m_progress = nullptr;
    FigureGrid* m_figures = nullptr;
    QTableWidget* m_models = nullptr;
    QLabel* m_note = nullptr;
};

} // namespace ec::ui
