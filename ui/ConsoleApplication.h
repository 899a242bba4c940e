#pragma once
// embedding-console's entry point (app/console_main.cpp runs it inside a QApplication).
//
//   embedding-console [--lang ko|en] [--db URL] [--demo]
//   embedding-console --lang ko|en --screenshot DIR     renders every main view into DIR/*.png
//   embedding-console --benchmark-ui [--items N]         prints max_stall_ms=… p99_stall_ms=…
//
// The language follows --lang, else the saved choice, else the system locale. --demo (and
// the screenshot and benchmark modes) work on a temporary demo catalog against the built-in
// simulator and leave the operator's settings untouched.

#include <QStringList>

namespace ec::ui {

class ConsoleApplication
{
public:
    ConsoleApplication();
    /// Parses arguments (argv[0] first) and runs the chosen mode; returns the exit code.
    /// --help and --version print and exit before any window system is needed.
    int run(const QStringList& arguments);

    /// Whether the arguments only ask for text (--help, --help-all, --version): those work in
    /// a plain QCoreApplication, with no display.
    static bool wantsTextOnly(int argc, char* argv[]);
    /// Whether a window system is there to show the console on: a display, a Wayland
    /// socket, or a platform chosen with QT_QPA_PLATFORM (offscreen, vnc, …).
    static bool hasDisplay();
};

} // namespace ec::ui
