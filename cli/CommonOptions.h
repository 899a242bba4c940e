#pragma once
// Options every `embedctl` command accepts, and how they fold into an AppConfig.

#include "config/AppConfig.h"

#include <QCommandLineParser>

namespace ec {

class CommonOptions
{
public:
    static void add(QCommandLineParser& parser);
    /// Applies the settings file (--config, else the console's own settings if they exist),
    /// the environment, then the options given. False with a one-line error on a bad value.
    static bool apply(const QCommandLineParser& parser, AppConfig& config, QString* error);
};

} // namespace ec
