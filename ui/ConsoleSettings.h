#pragma once
// Where the console keeps its settings: the file embedctl reads too,
// ~/.config/EmbeddingConsole/embedding-console.ini (QSettings IniFormat, user scope), so a
// run started from cron sees what the operator configured here. Secrets are never written
// (AppConfig::saveTo). The console's own keys live under "ui/".

#include "config/AppConfig.h"

#include <QSettings>

#include <memory>

namespace ec::ui {

std::unique_ptr<QSettings> openConsoleSettings();

/// The configuration to start with: defaults, the settings file, then the environment.
AppConfig loadConsoleConfig(QSettings& settings);

/// Whether the environment supplies an API key (OPENAI_API_KEY or AZURE_OPENAI_API_KEY).
bool apiKeyInEnvironment();

} // namespace ec::ui
