#pragma once
// Tells the desktop that a long run ended, so the operator can look away while it lasts: a
// notification through the system tray (the freedesktop notification service on Linux
// desktops), or, where there is no tray, the window asks for attention.

#include <QObject>
#include <QString>

class QSystemTrayIcon;
class QWidget;

namespace ec::ui {

class RunEndNotifier : public QObject
{
    Q_OBJECT
public:
    /// Runs shorter than this end without a notification: the operator is still watching.
    static constexpr double kLongRunSeconds = 30;

    explicit RunEndNotifier(QWidget* window);

    /// Notifies when the run lasted at least kLongRunSeconds, or when always is set. Returns
    /// whether a notification went out.
    bool notify(const QString& title, const QString& message, bool problem, double runSeconds,
                bool always = false);
    /// The last notification sent (title and message), for tests; empty when none.
    QString lastNotification() const { return m_last; }

private:
    QWidget* m_window = nullptr;
    QSystemTrayIcon* m_tray = nullptr;
    QString m_last;
};

} // namespace ec::ui
