#include "config/AppConfig.h"

#include "config/Identifier.h"
#include "config/ModelCatalog.h"

#include <QDir>
#include <QStandardPaths>

namespace ec {

bool TableSpec::validate(QString* error) const
{
    const std::pair<const char*, const QString*> names[] = {
        {"id", &idColumn},
        {"title", &titleColumn},
        {"summary", &summaryColumn},
        {"tags", &tagsColumn},
        {"embedding", &embeddingColumn},
        {"embedding model", &modelColumn},
        {"embedded-at", &embeddedAtColumn},
        {"updated-at", &updatedAtColumn},
    };
    if (!isValidQualifiedIdentifier(table)) {
        if (error)
            *error =
                QStringLiteral("invalid table name \"%1\": use letters, digits and underscores").arg(table);
        return false;
    }
    for (const auto& [what, name] : names) {
        if (!isValidIdentifier(*name)) {
            if (error)
                *error = QStringLiteral("invalid %1 column name \"%2\": use letters, digits and underscores")
                             .arg(QLatin1String(what), *name);
            return false;
        }
    }
    return true;
}

int EmbeddingSettings::effectiveDimensions() const
{
    if (dimensions > 0)
        return dimensions;
    const auto spec = ModelCatalog::find(model);
    return spec ? spec->nativeDimensions : 0;
}

bool EmbeddingSettings::sendDimensions() const
{
    if (dimensions <= 0)
        return false;
    const auto spec = ModelCatalog::find(model);
    // Known models: only the ones that accept it, and only when it differs from native.
    // Unknown (self-hosted) models: send it when asked; servers that do not know it ignore it.
    if (spec)
        return spec->acceptsDimensions && dimensions != spec->nativeDimensions;
    return true;
}

double PriceSettings::usdPerMillion(const QString& model) const
{
    if (model == QLatin1String("text-embedding-3-small"))
        return usdPerMillionSmall;
    if (model == QLatin1String("text-embedding-3-large"))
        return usdPerMillionLarge;
    if (model == QLatin1String("text-embedding-ada-002"))
        return usdPerMillionAda;
    return usdPerMillionCustom;
}

QString AppConfig::defaultDatabaseUrl()
{
    // One place for the console and embedctl alike, whatever the application name.
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share");
    dir += QStringLiteral("/embedding-console");
    return QStringLiteral("sqlite://") + QDir(dir).absoluteFilePath(QStringLiteral("catalog.db"));
}

QString AppConfig::effectiveDatabaseUrl() const
{
    return databaseUrl.isEmpty() ? defaultDatabaseUrl() : databaseUrl;
}

static QString withoutPassword(const QString& url)
{
    QUrl parsed(url);
    if (parsed.isValid() && !parsed.password().isEmpty()) {
        parsed.setPassword(QString());
        return parsed.toString();
    }
    return url;
}

void AppConfig::loadFrom(QSettings& s)
{
    databaseUrl = s.value(QStringLiteral("db/url"), databaseUrl).toString();
    table.table = s.value(QStringLiteral("db/table"), table.table).toString();
    table.idColumn = s.value(QStringLiteral("db/idColumn"), table.idColumn).toString();
    table.titleColumn = s.value(QStringLiteral("db/titleColumn"), table.titleColumn).toString();
    table.summaryColumn = s.value(QStringLiteral("db/summaryColumn"), table.summaryColumn).toString();
    table.tagsColumn = s.value(QStringLiteral("db/tagsColumn"), table.tagsColumn).toString();
    table.embeddingColumn = s.value(QStringLiteral("db/embeddingColumn"), table.embeddingColumn).toString();
    table.modelColumn = s.value(QStringLiteral("db/modelColumn"), table.modelColumn).toString();
    table.embeddedAtColumn =
        s.value(QStringLiteral("db/embeddedAtColumn"), table.embeddedAtColumn).toString();
    table.updatedAtColumn = s.value(QStringLiteral("db/updatedAtColumn"), table.updatedAtColumn).toString();

    embedding.model = s.value(QStringLiteral("embedding/model"), embedding.model).toString();
    embedding.dimensions = s.value(QStringLiteral("embedding/dimensions"), embedding.dimensions).toInt();

    api.baseUrl = s.value(QStringLiteral("api/baseUrl"), api.baseUrl).toUrl();
    api.flavor = s.value(QStringLiteral("api/flavor")).toString() == QLatin1String("azure")
                     ? ApiFlavor::Azure
                     : ApiFlavor::OpenAI;
    api.azureApiVersion = s.value(QStringLiteral("api/azureApiVersion"), api.azureApiVersion).toString();
    api.base64 = s.value(QStringLiteral("api/base64"), api.base64).toBool();
    api.requestTimeoutMs = s.value(QStringLiteral("api/timeoutMs"), api.requestTimeoutMs).toInt();
    api.maxRetries = s.value(QStringLiteral("api/maxRetries"), api.maxRetries).toInt();
    api.concurrency = s.value(QStringLiteral("api/concurrency"), api.concurrency).toInt();
    api.requestsPerMinute = s.value(QStringLiteral("api/rpm"), api.requestsPerMinute).toDouble();
    api.tokensPerMinute = s.value(QStringLiteral("api/tpm"), api.tokensPerMinute).toDouble();

    batch.batchSize = s.value(QStringLiteral("batch/size"), batch.batchSize).toInt();
    batch.maxTokensPerInput =
        s.value(QStringLiteral("batch/maxTokensPerInput"), batch.maxTokensPerInput).toInt();
    batch.overlong = s.value(QStringLiteral("batch/overlong")).toString() == QLatin1String("skip")
                         ? OverlongPolicy::Skip
                         : OverlongPolicy::Truncate;
    batch.textTemplate = s.value(QStringLiteral("batch/textTemplate"), batch.textTemplate).toString();

    prices.usdPerMillionSmall = s.value(QStringLiteral("prices/small"), prices.usdPerMillionSmall).toDouble();
    prices.usdPerMillionLarge = s.value(QStringLiteral("prices/large"), prices.usdPerMillionLarge).toDouble();
    prices.usdPerMillionAda = s.value(QStringLiteral("prices/ada"), prices.usdPerMillionAda).toDouble();
    prices.batchApiFactor = s.value(QStringLiteral("prices/batchFactor"), prices.batchApiFactor).toDouble();
    prices.krwPerUsd = s.value(QStringLiteral("prices/krwPerUsd"), prices.krwPerUsd).toDouble();

    alerts.webhookUrl = s.value(QStringLiteral("alerts/webhook"), alerts.webhookUrl).toUrl();
    alerts.errorRateThreshold =
        s.value(QStringLiteral("alerts/errorRateThreshold"), alerts.errorRateThreshold).toDouble();

    run.maxPermanentFailures =
        s.value(QStringLiteral("run/maxPermanentFailures"), run.maxPermanentFailures).toInt();
    run.failureBackoffSeconds =
        s.value(QStringLiteral("run/failureBackoffSeconds"), run.failureBackoffSeconds).toInt();
    run.writeConnections = s.value(QStringLiteral("run/writeConnections"), run.writeConnections).toInt();
}

void AppConfig::saveTo(QSettings& s) const
{
    s.setValue(QStringLiteral("db/url"), withoutPassword(databaseUrl));
    s.setValue(QStringLiteral("db/table"), table.table);
    s.setValue(QStringLiteral("db/idColumn"), table.idColumn);
    s.setValue(QStringLiteral("db/titleColumn"), table.titleColumn);
    s.setValue(QStringLiteral("db/summaryColumn"), table.summaryColumn);
    s.setValue(QStringLiteral("db/tagsColumn"), table.tagsColumn);
    s.setValue(QStringLiteral("db/embeddingColumn"), table.embeddingColumn);
    s.setValue(QStringLiteral("db/modelColumn"), table.modelColumn);
    s.setValue(QStringLiteral("db/embeddedAtColumn"), table.embeddedAtColumn);
    s.setValue(QStringLiteral("db/updatedAtColumn"), table.updatedAtColumn);
    s.setValue(QStringLiteral("embedding/model"), embedding.model);
    s.setValue(QStringLiteral("embedding/dimensions"), embedding.dimensions);
    s.setValue(QStringLiteral("api/baseUrl"), api.baseUrl);
    s.setValue(QStringLiteral("api/flavor"),
               api.flavor == ApiFlavor::Azure ? QStringLiteral("azure") : QStringLiteral("openai"));
    s.setValue(QStringLiteral("api/azureApiVersion"), api.azureApiVersion);
    s.setValue(QStringLiteral("api/base64"), api.base64);
    s.setValue(QStringLiteral("api/timeoutMs"), api.requestTimeoutMs);
    s.setValue(QStringLiteral("api/maxRetries"), api.maxRetries);
    s.setValue(QStringLiteral("api/concurrency"), api.concurrency);
    s.setValue(QStringLiteral("api/rpm"), api.requestsPerMinute);
    s.setValue(QStringLiteral("api/tpm"), api.tokensPerMinute);
    s.setValue(QStringLiteral("batch/size"), batch.batchSize);
    s.setValue(QStringLiteral("batch/maxTokensPerInput"), batch.maxTokensPerInput);
    s.setValue(QStringLiteral("batch/overlong"),
               batch.overlong == OverlongPolicy::Skip ? QStringLiteral("skip") : QStringLiteral("truncate"));
    s.setValue(QStringLiteral("batch/textTemplate"), batch.textTemplate);
    s.setValue(QStringLiteral("prices/small"), prices.usdPerMillionSmall);
    s.setValue(QStringLiteral("prices/large"), prices.usdPerMillionLarge);
    s.setValue(QStringLiteral("prices/ada"), prices.usdPerMillionAda);
    s.setValue(QStringLiteral("prices/batchFactor"), prices.batchApiFactor);
    s.setValue(QStringLiteral("prices/krwPerUsd"), prices.krwPerUsd);
    s.setValue(QStringLiteral("alerts/webhook"), alerts.webhookUrl);
    s.setValue(QStringLiteral("alerts/errorRateThreshold"), alerts.errorRateThreshold);
    s.setValue(QStringLiteral("run/maxPermanentFailures"), run.maxPermanentFailures);
    s.setValue(QStringLiteral("run/failureBackoffSeconds"), run.failureBackoffSeconds);
    s.setValue(QStringLiteral("run/writeConnections"), run.writeConnections);
}

void AppConfig::applyEnvironment(const QProcessEnvironment& env)
{
    if (env.contains(QStringLiteral("EMBEDCTL_DB")))
        databaseUrl = env.value(QStringLiteral("EMBEDCTL_DB"));
    if (env.contains(QStringLiteral("OPENAI_BASE_URL")))
        api.baseUrl = QUrl(env.value(QStringLiteral("OPENAI_BASE_URL")));
    if (env.contains(QStringLiteral("OPENAI_API_KEY")))
        api.apiKey = env.value(QStringLiteral("OPENAI_API_KEY"));
    if (env.contains(QStringLiteral("AZURE_OPENAI_ENDPOINT"))) {
        api.baseUrl = QUrl(env.value(QStringLiteral("AZURE_OPENAI_ENDPOINT")));
        api.flavor = ApiFlavor::Azure;
    }
    if (env.contains(QStringLiteral("AZURE_OPENAI_API_KEY"))) {
        api.apiKey = env.value(QStringLiteral("AZURE_OPENAI_API_KEY"));
        api.flavor = ApiFlavor::Azure;
    }
    if (env.contains(QStringLiteral("OPENAI_API_VERSION")))
        api.azureApiVersion = env.value(QStringLiteral("OPENAI_API_VERSION"));
    if (env.contains(QStringLiteral("EMBEDCTL_WEBHOOK_URL")))
        alerts.webhookUrl = QUrl(env.value(QStringLiteral("EMBEDCTL_WEBHOOK_URL")));
}

QStringList AppConfig::secrets() const
{
    QStringList list;
    if (!api.apiKey.isEmpty())
        list << api.apiKey;
    const QUrl db(databaseUrl);
    if (!db.password().isEmpty())
        list << db.password();
    if (alerts.enabled())
        list << alerts.webhookUrl.path().section(QLatin1Char('/'), -1);
    return list;
}

} // namespace ec
