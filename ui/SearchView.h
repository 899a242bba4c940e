#pragma once
// The search check: type a query, see the nearest items (id, title, score) under the table's
// vectors — what semantic search actually returns. The query is embedded with the table's
// model by the core's SearchJob (one request, priced in the summary line) and ranked in the
// database (pgvector) or by a streamed scan (real[], SQLite). A result row opens the item's
// text; showSimilar() ranks by a stored item's own vector (the Failures and Duplicates views'
// "Similar items"), sending nothing.

#include "config/AppConfig.h"
#include "ops/VectorSearch.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ec::ui {

class SearchView : public QWidget
{
    Q_OBJECT
public:
    explicit SearchView(QWidget* parent = nullptr);

    /// The configuration searches use: the model as settled for the table (ModelGuard).
    void setConfig(const ec::AppConfig& config);
    /// Why a search may not run now (a model mismatch); empty when it may.
    void setRefusal(const QString& why);

    /// Searches for query (the text box shows it).
    void search(const QString& query);
    /// The items nearest to a stored item's vector.
    void showSimilar(const QString& itemId);

    bool isSearching() const;
    const std::optional<ec::SearchResult>& result() const { return m_result; }
    QTableWidget* table() const { return m_table; }
    QLineEdit* queryEdit() const { return m_query; }
    QLabel* summary() const { return m_summary; }
    /// The text of result row `row`, as the item dialog shows it.
    QString rowText(int row) const;

Q_SIGNALS:
    /// A search ended: hits, or −1 when it failed.
    void searchFinished(int hits);

protected:
    void changeEvent(QEvent* event) override;

private:
    void startFromBox();
    void render();
    void retranslate();
    void openRow(int row);

    ec::AppConfig m_config;
    QString m_refusal;
    ec::SearchJob* m_job = nullptr;
    std::optional<ec::SearchResult> m_result;
    QString m_error;

    QLineEdit* m_query = nullptr;
    QLabel* m_kLabel = nullptr;
    QSpinBox* m_k = nullptr;
    QPushButton* m_go = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace ec::ui
