#pragma once
// Where the settings live, for embedctl and the console alike: one file,
// ~/.config/EmbeddingConsole/embedding-console.ini (QSettings IniFormat, user scope), so a run
// started from cron sees what the operator configured in the console. Secrets are never written
// (AppConfig::saveTo). The console's own keys live under "ui/".

#include "config/AppConfig.h"

#include <QSettings>

#include <memory>

namespace ec {

/// The user's settings file (it may not exist yet).
std::unique_ptr<QSettings> openSettingsFile();

/// The configuration to start with: defaults, the settings file, then the environment.
AppConfig loadConfig(QSettings& settings);

/// Whether the environment supplies an API key (OPENAI_API_KEY or AZURE_OPENAI_API_KEY).
bool apiKeyInEnvironment();

} // namespace ec
