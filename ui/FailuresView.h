#pragma once
// The failed and parked items: a sortable table (id, title, attempts, status, HTTP code,
// message) with a search box and a status filter. The operator can retry the selected
// items, copy the selected rows (tab-separated, with a header line), export every row as CSV,
// and open one item (double click, Return or Enter) to read its full text and error.

#include "store/StoreTypes.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace ec::ui {

class FailureFilterProxy;
class FailureTableModel;

class FailuresView : public QWidget
{
    Q_OBJECT
public:
    explicit FailuresView(QWidget* parent = nullptr);

    void setEntries(const QVector<ec::FailureEntry>& entries);
    /// Shown instead of the table's figures when the list could not be read.
    void setError(const QString& error);

    /// The ids of the selected rows, in view order.
    QStringList selectedIds() const;
    /// The selected rows as tab-separated text with a header line (what "Copy" puts on the clipboard).
    QString selectedRowsText() const;
    /// Copies selectedRowsText() to the clipboard.
    void copySelection();
    /// Writes every recorded failure (not only the rows the search and filter show) to path as
    /// CSV (CsvExport: RFC 4180, UTF-8, a header record), in the table's sort order, messages
    /// verbatim. False with a one-line reason in error.
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    /// Asks for a path (QFileDialog) and exports there, saying so or why not.
    void exportCsvInteractive();

    QTableView* table() const { return m_table; }
    FailureTableModel* model() const { return m_model; }
    FailureFilterProxy* proxy() const { return m_proxy; }
    /// Retrying is allowed (no run going).
    void setRetryEnabled(bool enabled);

Q_SIGNALS:
    void retryRequested(const QStringList& ids);
    void openRequested(const ec::FailureEntry& entry);
    void refreshRequested();
    /// "Similar items" on the current row: the Search tab ranks by that item.
    void similarRequested(const QString& itemId);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void updateActions();
    void openCurrent();

    FailureTableModel* m_model = nullptr;
    FailureFilterProxy* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_kind = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_copy = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_export = nullptr;
    QAction* m_similar = nullptr;
    QLabel* m_summary = nullptr;
    QString m_error;
    bool m_retryAllowed = true;
};

} // namespace ec::ui
