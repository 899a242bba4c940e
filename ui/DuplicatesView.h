#pragma once
// The duplicate-hash report: the groups of items that share one text (content hash), the
// items of each group, and the tokens and money that sending each text once saves. Built by
// the core's DuplicateJob on a thread of its own; the scope is every row (what dedupe saves
// on a full embed) or only the pending items (what the next run dedupes). "Export CSV…"
// writes the report, one record per item.

#include "config/AppConfig.h"
#include "ops/DuplicateReport.h"

#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace ec {
class DuplicateJob;
}

namespace ec::ui {

class DuplicatesView : public QWidget
{
    Q_OBJECT
public:
    explicit DuplicatesView(QWidget* parent = nullptr);

    void setConfig(const ec::AppConfig& config);
    void setScope(ec::DuplicateReport::Scope scope);
    /// Builds the report again (a running one is cancelled and restarted).
    void refresh();

    bool hasReport() const { return m_report.has_value(); }
    bool isLoading() const;
    const std::optional<ec::DuplicateReport>& report() const { return m_report; }
    QTreeWidget* tree() const { return m_tree; }

    /// Writes the whole report to path as CSV (CsvExport: RFC 4180, UTF-8, a header record):
    /// one record per item of every group — content_hash, item_id, group_items, tokens_each,
    /// tokens_saved (by the group), text_sample — in the report's order. False with a
    /// one-line reason in error (also when there is no report yet).
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    /// Asks for a path (QFileDialog) and exports there, saying so or why not.
    void exportCsvInteractive();

Q_SIGNALS:
    /// A report arrived (groups: how many groups it holds) or failed (groups −1).
    void reportReady(int groups);
    /// "Similar items" on the current item (a group: its first item).
    void similarRequested(const QString& itemId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void start();
    void render();
    void retranslate();

    ec::AppConfig m_config;
    ec::DuplicateJob* m_job = nullptr;
    bool m_restart = false;
    std::optional<ec::DuplicateReport> m_report;
    QString m_error;

    QComboBox* m_scope = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_summary = nullptr;
    QProgressBar* m_progress = nullptr;
    QTreeWidget* m_tree = nullptr;
    QAction* m_similar = nullptr;
};

} // namespace ec::ui
