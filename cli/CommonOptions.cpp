#include "CommonOptions.h"

#include "config/SettingsFile.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace ec {

void CommonOptions::add(QCommandLineParser& p)
{
    p.addOptions({
        {QStringLiteral("db"),
         QStringLiteral("Database URL: sqlite:///abs/path.db or postgresql://user@host:port/db."),
         QStringLiteral("url")},
        {QStringLiteral("table"), QStringLiteral("The catalog table (default ai_items)."),
         QStringLiteral("name")},
        {QStringLiteral("model"),
         QStringLiteral("Embedding model (default: the model of the table's vectors, "
                        "text-embedding-3-small for a table without any)."),
         QStringLiteral("model")},
        {QStringLiteral("dimensions"), QStringLiteral("Vector length to request (default: the model's)."),
         QStringLiteral("n")},
        {QStringLiteral("api-base"),
         QStringLiteral("OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1."), QStringLiteral("url")},
        {QStringLiteral("max-cost"),
         QStringLiteral("Spend cap of a run in US dollars at the model's price (0: none; default "
                        "run/maxCostUsd): run and retry stop there and leave the rest pending; estimate "
                        "and reset show it."),
         QStringLiteral("usd")},
        {QStringLiteral("config"), QStringLiteral("Settings file (INI) to read instead of the console's."),
         QStringLiteral("file")},
        {QStringLiteral("json"), QStringLiteral("Print the result as JSON (see docs/cli.md).")},
        {{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log more.")},
        {{QStringLiteral("q"), QStringLiteral("quiet")},
         QStringLiteral("Log errors only; no progress line.")},
    });
}

static bool positiveInt(const QCommandLineParser& p, const QString& name, int* target, QString* error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const int value = p.value(name).toInt(&ok);
    if (!ok || value <= 0) {
        *error = QStringLiteral("--%1 needs a positive whole number, not \"%2\"").arg(name, p.value(name));
        return false;
    }
    *target = value;
    return true;
}

bool CommonOptions::apply(const QCommandLineParser& p, AppConfig& config, QString* error)
{
    if (p.isSet(QStringLiteral("config"))) {
        const QString file = p.value(QStringLiteral("config"));
        if (!QFileInfo::exists(file)) {
            *error = QStringLiteral("settings file not found: %1").arg(file);
            return false;
        }
        QSettings settings(file, QSettings::IniFormat);
        config.loadFrom(settings);
    } else {
        const auto settings = openSettingsFile();
        if (QFileInfo::exists(settings->fileName()))
            config.loadFrom(*settings);
    }
    config.applyEnvironment(QProcessEnvironment::systemEnvironment());

    if (p.isSet(QStringLiteral("db")))
        config.databaseUrl = p.value(QStringLiteral("db"));
    if (p.isSet(QStringLiteral("table")))
        config.table.table = p.value(QStringLiteral("table"));
    if (p.isSet(QStringLiteral("model"))) {
        config.embedding.model = p.value(QStringLiteral("model"));
        config.embedding.modelConfigured = true;
    }
    if (p.isSet(QStringLiteral("max-cost"))) {
        bool numeric = false;
        const double cap = p.value(QStringLiteral("max-cost")).toDouble(&numeric);
        if (!numeric || cap < 0) {
            *error = QStringLiteral("--max-cost needs an amount in US dollars (0: no cap), not \"%1\"")
                         .arg(p.value(QStringLiteral("max-cost")));
            return false;
        }
        config.run.maxCostUsd = cap;
    }
    if (p.isSet(QStringLiteral("api-base"))) {
        const QUrl url(p.value(QStringLiteral("api-base")));
        if (!url.isValid() || url.scheme().isEmpty()) {
            *error = QStringLiteral("--api-base needs an http(s) URL, not \"%1\"")
                         .arg(p.value(QStringLiteral("api-base")));
            return false;
        }
        config.api.baseUrl = url;
    }
    if (!positiveInt(p, QStringLiteral("dimensions"), &config.embedding.dimensions, error))
        return false;
    return config.table.validate(error);
}

} // namespace ec
