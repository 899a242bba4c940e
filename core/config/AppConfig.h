#pragma once
// The whole configuration of a run, grouped by concern. Defaults follow the original design
// and the documented limits of the OpenAI embeddings API. Values come from, in order:
// built-in defaults, QSettings, the environment, then command-line options.
// Secrets (API key, database password) live only in memory: saveTo() never writes them.

#include <QProcessEnvironment>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace ec {

/// Names of the operator's table and its columns; all validated as identifiers.
struct TableSpec
{
    QString table = QStringLiteral("ai_items");
    QString idColumn = QStringLiteral("id");
    QString titleColumn = QStringLiteral("title");
    QString summaryColumn = QStringLiteral("summary");
    QString tagsColumn = QStringLiteral("tags");
    QString embeddingColumn = QStringLiteral("embedding");
    QString modelColumn = QStringLiteral("embedding_model");
    QString embeddedAtColumn = QStringLiteral("embedding_updated_at");
    QString updatedAtColumn = QStringLiteral("updated_at");

    /// False, with a one-line reason, when any name is not a valid identifier.
    bool validate(QString* error) const;
};

/// Which vectors the catalog should hold.
struct EmbeddingSettings
{
    QString model = QStringLiteral("text-embedding-3-small");
    int dimensions = 0; ///< 0: the model's native count
    /// The operator chose the model (settings file, the console's settings, --model). When
    /// false, run, estimate, status, search and the console use the model of the table's
    /// vectors (ops/ModelGuard), and `model` is only the default for a table without vectors.
    bool modelConfigured = false;

    /// The vector length the configured model produces (0 when unknown: a custom model
    /// without an explicit --dimensions; then the first response decides).
    int effectiveDimensions() const;
    /// Whether `dimensions` must be sent in the request.
    bool sendDimensions() const;
};

enum class ApiFlavor { OpenAI, Azure };

/// The OpenAI-compatible endpoint and how to talk to it.
struct ApiSettings
{
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
    ApiFlavor flavor = ApiFlavor::OpenAI;
    QString azureApiVersion = QStringLiteral("2024-02-01");
    QString apiKey; ///< in memory only; never saved, logged or shown
    bool base64 = true;
    int requestTimeoutMs = 60000;
    int maxRetries = 6;
    int backoffBaseMs = 500;
    int backoffMaxMs = 30000;
    /// Batches in flight: sent and not answered, or answered and not yet committed. A crash
    /// loses at most this many batches; with a fast API the commits take most of the slots.
    int concurrency = 8;
    /// Optional caps on top of the server's own limits (its x-ratelimit-limit-* headers); 0: no
    /// cap of ours, the server's limits alone (or, without headers, slow start and back-off).
    double requestsPerMinute = 0;
    double tokensPerMinute = 0;
    bool simulated = false; ///< the endpoint is the built-in simulator

    /// Whether the endpoint is a hosted service that refuses every request without a key:
    /// OpenAI (api.openai.com) and Azure OpenAI. Self-hosted servers (TEI, Ollama, vLLM) are
    /// usually run without one.
    bool requiresKey() const;
    /// requiresKey() and no key: a run would fail on its first request, so none may start.
    bool missingKey() const { return !simulated && apiKey.isEmpty() && requiresKey(); }
};

enum class OverlongPolicy { Truncate, Skip };

/// How texts are built and packed into requests.
struct BatchSettings
{
    int batchSize = 100;
    int maxInputsPerRequest = 2048;
    int maxTokensPerRequest = 300000;
    int maxTokensPerInput = 8192;
    OverlongPolicy overlong = OverlongPolicy::Truncate;
    /// Empty: the original design's text (title, summary, space-joined tags). Otherwise a template with
    /// {title}, {summary} and {tags} placeholders.
    QString textTemplate;
};

/// Prices for the cost model.
struct PriceSettings
{
    double usdPerMillionSmall = 0.02;
    double usdPerMillionLarge = 0.13;
    double usdPerMillionAda = 0.10;
    double usdPerMillionCustom = 0.0; ///< any other model (self-hosted: free)
    double batchApiFactor = 0.5;
    double krwPerUsd = 1300.0;

    double usdPerMillion(const QString& model) const;
};

/// Webhook alerts (Slack/Discord compatible); off unless a URL is set.
struct AlertSettings
{
    QUrl webhookUrl;
    double errorRateThreshold = 0.05;
    bool enabled() const { return webhookUrl.isValid() && !webhookUrl.isEmpty(); }
};

/// How a run walks the catalog.
struct RunSettings
{
    int limit = 0;                ///< 0: no limit
    int pageSize = 500;           ///< keyset page size when streaming pending items
    int maxPermanentFailures = 3; ///< then the item is parked until an operator retries it
    int failureBackoffSeconds = 900;
    int leaseSeconds = 300;                       ///< how long a claimed item stays reserved for a worker
    bool exclusive = false;                       ///< refuse to run beside another exclusive run
    QString writeMethod = QStringLiteral("auto"); ///< auto | copy | values
    /// Connections that commit batches beside the run's reading one, on PostgreSQL (SQLite and
    /// PGlite commit on the reading connection). 0 commits there on PostgreSQL too.
    int writeConnections = 2;
    /// How long a lost database connection is retried (with back-off) before the run fails:
    /// a restart or failover shorter than this is ridden out.
    int reconnectSeconds = 60;
    /// The most a run may spend at the configured model's price, in US dollars (0: no cap). A
    /// run sends no request that would take its spend past it, and ends stopped with the rest
    /// of its items pending.
    double maxCostUsd = 0;
    /// How often the console polls its open Batch API batches and collects those that ended,
    /// in seconds, while any is open (the Batches view; `embedctl batches --collect` is the
    /// CLI's own call).
    int batchPollSeconds = 300;
};

struct AppConfig
{
    QString databaseUrl; ///< empty: the embedded SQLite catalog
    TableSpec table;
    EmbeddingSettings embedding;
    ApiSettings api;
    BatchSettings batch;
    PriceSettings prices;
    AlertSettings alerts;
    RunSettings run;

    /// The embedded default catalog in the user's data directory.
    static QString defaultDatabaseUrl();

    void loadFrom(QSettings& settings);
    /// Saves everything but secrets; the database URL is saved without its password.
    void saveTo(QSettings& settings) const;
    /// EMBEDCTL_DB, OPENAI_API_KEY, OPENAI_BASE_URL, AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT,
    /// EMBEDCTL_WEBHOOK_URL.
    /// Then the credentials systemd hands in with LoadCredential= ($CREDENTIALS_DIRECTORY).
    void applyEnvironment(const QProcessEnvironment& env);
    /// Files of a credentials directory, each winning over the environment: openai-api-key (the
    /// API key), embedctl-db (the database URL), embedctl-webhook-url. Empty directory: none.
    void applyCredentials(const QString& directory);
    /// The database URL to use: databaseUrl or defaultDatabaseUrl().
    QString effectiveDatabaseUrl() const;
    /// The secrets in this configuration, for scrubbing text before it is shown.
    QStringList secrets() const;
};

} // namespace ec
