#pragma once
// The Batches tab: every Batch API batch recorded for the table (open and past), with its
// status, a progress bar from request_counts, its age against the 24 h window, items, tokens
// and cost at the Batch API price; Collect (poll and collect now), Cancel selected (after a
// confirmation) and Refresh. All the work is the core's BatchesJob, off the UI thread. While
// any batch is open the view polls and collects on a timer (run/batchPollSeconds). A batch
// collected raises a desktop notification (RunEndNotifier) and a webhook alert (RunAlerts).

#include "config/AppConfig.h"
#include "ops/BatchesJob.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace ec {
class RunAlerts;
}

namespace ec::ui {

class BatchTableModel;
class RunEndNotifier;

class BatchesView : public QWidget
{
    Q_OBJECT
public:
    explicit BatchesView(QWidget* parent = nullptr);
    ~BatchesView() override;

    /// The configuration the batches are read, collected and submitted with (the run's).
    void setConfig(const ec::AppConfig& config);
    /// Where finished batches are announced on the desktop (the window's).
    void setNotifier(RunEndNotifier* notifier) { m_notifier = notifier; }

    /// Re-reads the recorded batches.
    void refresh();
    /// Polls the open batches and collects those that ended.
    void collectNow();
    /// Asks for confirmation, then cancels the selected batch.
    void cancelSelected();
    /// Cancels a batch (its API id or row) without asking.
    void cancelBatch(const QString& rowOrBatchId);
    /// Submits the pending items as batches (the start dialog's Batch API mode); queued behind
    /// a step in progress.
    void submit(const ec::BatchSubmitOptions& options);

    bool isBusy() const;
    BatchTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLabel* message() const { return m_message; }
    QLabel* simulatedBadge() const { return m_simulated; }
    QTimer* pollTimer() const { return m_poll; }

Q_SIGNALS:
    /// A step ended: the batches as recorded now.
    void batchesShown(int rows);
    /// A step failed; error is the one line shown.
    void stepFailed(const QString& error);
    /// A submission ended (error empty) or failed.
    void submitFinished(const ec::BatchSubmitResult& result, const QString& error);
    /// A line for the console's log.
    void logLine(const QString& line);

protected:
    void changeEvent(QEvent* event) override;

private:
    void onFinished(const ec::BatchesOutcome& outcome);
    void onFailed(const QString& error);
    void announce(const QVector<ec::BatchRecord>& collected);
    void startNext();
    void updateButtons();
    void renderSummary();
    void retranslate();

    ec::AppConfig m_config;
    ec::BatchesJob* m_job = nullptr;
    ec::RunAlerts* m_alerts = nullptr;
    RunEndNotifier* m_notifier = nullptr;
    std::optional<ec::BatchSubmitOptions> m_pendingSubmit;
    bool m_pendingCollect = false;
    bool m_submitting = false;
    bool m_listing = false; ///< the running step only reads (its failure is shown, not logged)
    QString m_error;
    QString m_note;

    BatchTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_simulated = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_collect = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_refresh = nullptr;
    QTimer* m_poll = nullptr;
};

} // namespace ec::ui
