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
    int run(const QStringList& arguments);
};

} // namespace ec::ui
