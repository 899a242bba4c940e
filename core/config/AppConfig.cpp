#include "config/AppConfig.h"

#include "config/Identifier.h"
#include "config/ModelCatalog.h"
#include "util/Secrets.h"

#include <QDir>
#include <QFile>
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

namespace {

/// Every plain saved setting, by key: the one list that loading and saving both walk. Calls
/// `field(key, member)` for each; the database URL and the two enums are the callers' own.
template <typename Config, typename Field> void forEachSetting(Config& c, Field&& field)
{
    field("db/table", c.table.table);
    field("db/idColumn", c.table.idColumn);
    field("db/titleColumn", c.table.titleColumn);
    field("db/summaryColumn", c.table.summaryColumn);
    field("db/tagsColumn", c.table.tagsColumn);
    field("db/embeddingColumn", c.table.embeddingColumn);
    field("db/modelColumn", c.table.modelColumn);
    field("db/embeddedAtColumn", c.table.embeddedAtColumn);
    field("db/updatedAtColumn", c.table.updatedAtColumn);

    field("embedding/dimensions", c.embedding.dimensions);

    field("api/baseUrl", c.api.baseUrl);
    field("api/azureApiVersion", c.api.azureApiVersion);
    field("api/base64", c.api.base64);
    field("api/timeoutMs", c.api.requestTimeoutMs);
    field("api/maxRetries", c.api.maxRetries);
    field("api/concurrency", c.api.concurrency);
    field("api/rpm", c.api.requestsPerMinute);
    field("api/tpm", c.api.tokensPerMinute);

    field("batch/size", c.batch.batchSize);
    field("batch/maxTokensPerInput", c.batch.maxTokensPerInput);
    field("batch/textTemplate", c.batch.textTemplate);

    field("prices/small", c.prices.usdPerMillionSmall);
    field("prices/large", c.prices.usdPerMillionLarge);
    field("prices/ada", c.prices.usdPerMillionAda);
    field("prices/custom", c.prices.usdPerMillionCustom);
    field("prices/batchFactor", c.prices.batchApiFactor);
    field("prices/krwPerUsd", c.prices.krwPerUsd);

    field("alerts/webhook", c.alerts.webhookUrl);
    field("alerts/errorRateThreshold", c.alerts.errorRateThreshold);

    field("run/maxPermanentFailures", c.run.maxPermanentFailures);
    field("run/failureBackoffSeconds", c.run.failureBackoffSeconds);
    field("run/writeConnections", c.run.writeConnections);
    field("run/reconnectSeconds", c.run.reconnectSeconds);
    field("run/maxCostUsd", c.run.maxCostUsd);
    field("run/batchPollSeconds", c.run.batchPollSeconds);
}

const QString kDatabaseUrlKey = QStringLiteral("db/url");
const QString kFlavorKey = QStringLiteral("api/flavor");
const QString kOverlongKey = QStringLiteral("batch/overlong");
const QString kModelKey = QStringLiteral("embedding/model");

} // namespace

void AppConfig::loadFrom(QSettings& s)
{
    databaseUrl = s.value(kDatabaseUrlKey, databaseUrl).toString();
    forEachSetting(*this, [&s](const char* key, auto& member) {
        using Value = std::decay_t<decltype(member)>;
        member = s.value(QLatin1String(key), QVariant::fromValue(member)).template value<Value>();
    });
    if (s.contains(kModelKey)) {
        embedding.model = s.value(kModelKey).toString();
        embedding.modelConfigured = true;
    }
    api.flavor =
        s.value(kFlavorKey).toString() == QLatin1String("azure") ? ApiFlavor::Azure : ApiFlavor::OpenAI;
    batch.overlong = s.value(kOverlongKey).toString() == QLatin1String("skip") ? OverlongPolicy::Skip
                                                                               : OverlongPolicy::Truncate;
}

void AppConfig::saveTo(QSettings& s) const
{
    s.setValue(kDatabaseUrlKey, withoutDatabasePassword(databaseUrl));
    forEachSetting(*this, [&s](const char* key, const auto& member) {
        s.setValue(QLatin1String(key), QVariant::fromValue(member));
    });
    // A model nobody chose is not saved: the table's own model keeps deciding (ops/ModelGuard).
    if (embedding.modelConfigured)
        s.setValue(kModelKey, embedding.model);
    else
        s.remove(kModelKey);
    s.setValue(kFlavorKey,
               api.flavor == ApiFlavor::Azure ? QStringLiteral("azure") : QStringLiteral("openai"));
    s.setValue(kOverlongKey,
               batch.overlong == OverlongPolicy::Skip ? QStringLiteral("skip") : QStringLiteral("truncate"));
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
    applyCredentials(env.value(QStringLiteral("CREDENTIALS_DIRECTORY")));
}

namespace {
/// The content of credential `name` in systemd's credentials directory, trailing newline
/// removed; empty when there is none.
QString readCredential(const QString& directory, const QString& name)
{
    QFile file(QDir(directory).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll()).trimmed();
}
} // namespace

void AppConfig::applyCredentials(const QString& directory)
{
    if (directory.isEmpty())
        return;
    const QString key = readCredential(directory, QStringLiteral("openai-api-key"));
    if (!key.isEmpty())
        api.apiKey = key;
    const QString db = readCredential(directory, QStringLiteral("embedctl-db"));
    if (!db.isEmpty())
        databaseUrl = db;
    const QString webhook = readCredential(directory, QStringLiteral("embedctl-webhook-url"));
    if (!webhook.isEmpty())
        alerts.webhookUrl = QUrl(webhook);
}

QStringList AppConfig::secrets() const
{
    QStringList list;
    if (!api.apiKey.isEmpty())
        list << api.apiKey;
    const QString dbPassword = databaseUrlPassword(databaseUrl);
    if (!dbPassword.isEmpty())
        list << dbPassword;
    if (alerts.enabled())
        list << alerts.webhookUrl.path().section(QLatin1Char('/'), -1);
    return list;
}

bool ApiSettings::requiresKey() const
{
    if (flavor == ApiFlavor::Azure)
        return true;
    const QString host = baseUrl.host().toLower();
    return host == QLatin1String("api.openai.com") || host.endsWith(QLatin1String(".openai.azure.com"));
}

} // namespace ec
