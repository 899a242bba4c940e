#pragma once
// Past runs from embedding_runs with their figures, newest first, and the selected run's
// error and configuration below the table.

#include "store/StoreTypes.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ec::ui {

class RunHistoryModel;

class HistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(QWidget* parent = nullptr);

    void setRuns(const QVector<ec::RunRecord>& runs);
    void setError(const QString& error);
    void setKrwPerUsd(double rate);

    RunHistoryModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }

Q_SIGNALS:
    void refreshRequested();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void renderSummary();
    void showSelected();

    RunHistoryModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_refresh = nullptr;
    QPlainTextEdit* m_details = nullptr;
    QString m_error;
    double m_krwPerUsd = 1300;
};

} // namespace ec::ui
