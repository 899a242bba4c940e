#include "RunEndNotifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

namespace ec::ui {

RunEndNotifier::RunEndNotifier(QWidget* window)
    : QObject(window)
    , m_window(window)
{}

bool RunEndNotifier::notify(const QString& title, const QString& message, bool problem, double runSeconds,
                            bool always)
{
    if (!always && runSeconds < kLongRunSeconds)
        return false;
    m_last = title + QStringLiteral(": ") + message;
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(m_window->windowIcon(), this);
            m_tray->setToolTip(m_window->windowTitle());
            connect(m_tray, &QSystemTrayIcon::messageClicked, m_window, [this] {
                m_window->showNormal();
                m_window->raise();
                m_window->activateWindow();
            });
        }
        m_tray->show();
        m_tray->showMessage(title, message, problem ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information,
                            10000);
    }
    // Without a tray (and beside it) the taskbar entry asks for attention until looked at.
    QApplication::alert(m_window);
    return true;
}

} // namespace ec::ui
