#pragma once
// One failed item in full: its title, summary and tags as the catalog holds them, and the
// complete error with its HTTP status, code, attempts and dates. Filled in when the item's
// row arrives from the store thread.

#include "ops/CatalogQueries.h"

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace ec::ui {

class FailureDetailDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FailureDetailDialog(const ec::FailureEntry& failure, QWidget* parent = nullptr);

    void setDetail(const FailedItemDetail& detail);
    void setError(const QString& error);
    const ec::FailureEntry& failure() const { return m_failure; }

Q_SIGNALS:
    void retryRequested(const QStringList& ids);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void render();

    ec::FailureEntry m_failure;
    std::optional<ec::CatalogItem> m_item;
    bool m_loaded = false;
    QString m_loadError;

    QGroupBox* m_itemBox = nullptr;
    QGroupBox* m_errorBox = nullptr;
    QFormLayout* m_itemForm = nullptr;
    QFormLayout* m_errorForm = nullptr;
    QLabel* m_id = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_tags = nullptr;
    QLabel* m_updated = nullptr;
    QPlainTextEdit* m_summary = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_http = nullptr;
    QLabel* m_attempts = nullptr;
    QLabel* m_seen = nullptr;
    QLabel* m_nextRetry = nullptr;
    QPlainTextEdit* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_retry = nullptr;
};

} // namespace ec::ui
