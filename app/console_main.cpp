// embedding-console: the operator's desktop console. All behaviour lives in ui/.
#include "ConsoleApplication.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    // --help and --version need no window system: answer them without one.
    if (ec::ui::ConsoleApplication::wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        return ec::ui::ConsoleApplication().run(QCoreApplication::arguments());
    }
    if (!ec::ui::ConsoleApplication::hasDisplay()) {
        std::fputs("embedding-console: no display (DISPLAY or WAYLAND_DISPLAY is not set). Use embedctl on a "
                   "machine without one, or set QT_QPA_PLATFORM=offscreen for screenshots.\n",
                   stderr);
        return 1;
    }
    QApplication app(argc, argv);
    return ec::ui::ConsoleApplication().run(QApplication::arguments());
}
