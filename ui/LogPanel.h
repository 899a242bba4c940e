#pragma once
// The run's log, newest at the bottom. Lines are buffered and flushed a few times a second
// so that a chatty run never floods the event loop; the panel keeps the last 5,000 lines.
// Every line is scrubbed of the session's secrets before it is shown.

#include <QStringList>
#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace ec::ui {

class LogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);

    /// Secrets to replace by "***" in every line (API key, database password…).
    void setSecrets(const QStringList& secrets);
    /// Appends a time-stamped line (shown within a quarter of a second).
    void append(const QString& message);
    /// Everything shown so far, for tests and "copy all".
    QString text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void flush();
    void retranslate();

    QPlainTextEdit* m_view = nullptr;
    QPushButton* m_clear = nullptr;
    QTimer* m_flushTimer = nullptr;
    QStringList m_pending;
    QStringList m_secrets;
};

} // namespace ec::ui
