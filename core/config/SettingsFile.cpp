#include "config/SettingsFile.h"

#include <QProcessEnvironment>

namespace ec {

std::unique_ptr<QSettings> openSettingsFile()
{
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                       QStringLiteral("EmbeddingConsole"),
                                       QStringLiteral("embedding-console"));
}

AppConfig loadConfig(QSettings& settings)
{
    AppConfig config;
    config.loadFrom(settings);
    config.applyEnvironment(QProcessEnvironment::systemEnvironment());
    return config;
}

bool apiKeyInEnvironment()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    return !env.value(QStringLiteral("OPENAI_API_KEY")).isEmpty() ||
           !env.value(QStringLiteral("AZURE_OPENAI_API_KEY")).isEmpty();
}

} // namespace ec
