#include "sim/SimulatedEmbeddingApi.h"

#include "sim/EmbeddingInputs.h"
#include "sim/EmbeddingListBody.h"

#include "api/RateLimitHeaders.h"
#include "api/RequestBuilder.h"
#include "config/ModelCatalog.h"
#include "sim/VectorSynth.h"
#include "tokenizer/Cl100kTokenizer.h"
#include "util/Secrets.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtEndian>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace ec {

namespace {

constexpr QByteArrayView kIdentityHeader = "x-simulator";
constexpr QByteArrayView kIdentityValue = "embedding-console";
constexpr qsizetype kLoggedInputBytes = 64;

QVector<FaultSpec> parsedFaults(const SimulatorOptions& options)
{
    QVector<FaultSpec> faults;
    FaultSpec::parseList(options.faults, &faults, nullptr);
    return faults;
}

} // namespace

SimulatedEmbeddingApi::SimulatedEmbeddingApi(const SimulatorOptions& options, SimulatorStatsRecorder* stats)
    : m_options(options)
    , m_traits(profileTraits(options.profile))
    , m_caps(options.limits())
    , m_errors(options.profile)
    , m_stats(stats)
    , m_faults(options.failRate, parsedFaults(options), options.seed)
    , m_limits(options.rpm, options.tpm)
{}

HttpHeaders SimulatedEmbeddingApi::commonHeaders()
{
    HttpHeaders headers{
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")},
        {kIdentityHeader.toByteArray(), kIdentityValue.toByteArray()},
        {QByteArrayLiteral("x-request-id"), "req_sim_" + QByteArray::number(m_requestCounter)}};
    if (!m_limits.enabled() || m_traits.rateLimitHeaders == RateLimitHeaderSet::None)
        return headers;
    const bool full = m_traits.rateLimitHeaders == RateLimitHeaderSet::Full;
    const SlidingWindowLimit::State s = m_limits.state(m_nowMs);
    if (m_limits.requestLimit() > 0) {
        if (full)
            headers.append({"x-ratelimit-limit-requests",
                            QByteArray::number(static_cast<qint64>(m_limits.requestLimit()))});
        headers.append({"x-ratelimit-remaining-requests", QByteArray::number(s.remainingRequests)});
        if (full)
            headers.append({"x-ratelimit-reset-requests", formatDuration(s.resetRequestsMs)});
    }
    if (m_limits.tokenLimit() > 0) {
        if (full)
            headers.append(
                {"x-ratelimit-limit-tokens", QByteArray::number(static_cast<qint64>(m_limits.tokenLimit()))});
        headers.append({"x-ratelimit-remaining-tokens", QByteArray::number(s.remainingTokens)});
        if (full)
            headers.append({"x-ratelimit-reset-tokens", formatDuration(s.resetTokensMs)});
    }
    return headers;
}

PlannedResponse SimulatedEmbeddingApi::respond(const HttpRequest& request, int status, HttpHeaders headers,
                                               const QByteArray& body)
{
    PlannedResponse plan;
    plan.status = status;
    plan.keepAlive = request.keepAlive();
    plan.delayMs = m_options.latencyMs;
    plan.bytes = serializeHttpResponse(status, headers, body, plan.keepAlive);
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::error(const HttpRequest& request, ErrorCase errorCase,
                                             const ErrorFacts& facts, HttpHeaders extra)
{
    const ErrorReply reply = m_errors.reply(errorCase, facts);
    HttpHeaders headers = commonHeaders();
    if (reply.body.isEmpty())
        headers.removeFirst(); // no body, no content-type
    headers += extra;
    PlannedResponse plan = respond(request, reply.status, headers, reply.body);
    if (errorCase == ErrorCase::QueueFull)
        plan.delayMs = 0; // refused on arrival, before any work
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::rateLimited(const HttpRequest& request, qint64 retryAfterMs,
                                                   const QString& detail, const QString& type,
                                                   const QString& model)
{
    HttpHeaders extra{{"retry-after", QByteArray::number((retryAfterMs + 999) / 1000)},
                      {"retry-after-ms", QByteArray::number(retryAfterMs)}};
    ErrorFacts facts;
    facts.detail = detail;
    facts.type = type;
    facts.model = model;
    facts.retryAfterMs = retryAfterMs;
    facts.apiVersion = m_apiVersion;
    return error(request, ErrorCase::RateLimited, facts, extra);
}

PlannedResponse SimulatedEmbeddingApi::badHttp(const QString& why)
{
    PlannedResponse plan;
    plan.status = 400;
    plan.keepAlive = false;
    plan.bytes = serializeHttpResponse(
        400,
        {{"content-type", "application/json"}, {kIdentityHeader.toByteArray(), kIdentityValue.toByteArray()}},
        ProfileErrors::badHttpBody(why), false);
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::handle(const HttpRequest& request, qint64 nowMs)
{
    ++m_requestCounter;
    m_nowMs = nowMs;
    SimulatorRequestRecord record;
    record.atMs = nowMs;
    record.method = request.method;
    record.target = request.target;
    record.auth = !request.header("api-key").isEmpty() ? QStringLiteral("api-key")
                  : request.header("authorization").toLower().startsWith("bearer ") ? QStringLiteral("bearer")
                                                                                    : QStringLiteral("none");

    const QByteArray path = request.path();
    const QUrlQuery query(QString::fromUtf8(request.query()));
    m_apiVersion = query.queryItemValue(QStringLiteral("api-version"));
    QByteArray deployment;
    bool isEmbeddings = !m_traits.requiresApiVersion && (path == "/v1/embeddings" || path == "/embeddings");
    if (m_traits.acceptsDeploymentRoute && path.startsWith("/openai/deployments/") &&
        path.endsWith("/embeddings")) {
        deployment = path.mid(20, path.size() - 20 - 11);
        isEmbeddings = !deployment.isEmpty() && !deployment.contains('/');
    }
    const bool isModels = path == "/v1/models" || path == "/models";
    const QString what =
        QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), QString::fromUtf8(path));

    PlannedResponse plan;
    if (isEmbeddings && request.method == "POST") {
        if (m_traits.requiresApiVersion && m_apiVersion.isEmpty())
            plan = error(request, ErrorCase::MissingApiVersion, ErrorFacts::detailed(what));
        else
            plan =
                embeddings(request, QString::fromUtf8(QByteArray::fromPercentEncoding(deployment)).toUtf8(),
                           nowMs, record);
    } else if (isModels && request.method == "GET") {
        plan = models(request);
    } else if (isEmbeddings || isModels) {
        plan = error(
            request, ErrorCase::MethodNotAllowed,
            ErrorFacts::detailed(QStringLiteral("Method %1 not allowed on %2")
                                     .arg(QString::fromLatin1(request.method), QString::fromUtf8(path))));
    } else {
        plan = error(request, ErrorCase::RouteNotFound, ErrorFacts::detailed(what));
    }
    record.status = plan.delivery == PlannedResponse::Delivery::Respond ? plan.status : 0;
    m_stats->recordRequest(record, isEmbeddings && request.method == "POST");
    plan.record = std::move(record);
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::models(const HttpRequest& request)
{
    QJsonArray data;
    for (const ModelSpec& spec : ModelCatalog::known()) {
        data.append(QJsonObject{{QStringLiteral("id"), spec.name},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), 1700000000},
                                {QStringLiteral("owned_by"), QStringLiteral("embedding-console-simulator")}});
    }
    const QJsonObject root{{QStringLiteral("object"), QStringLiteral("list")},
                           {QStringLiteral("data"), data},
                           {QStringLiteral("simulated"), true},
                           {QStringLiteral("simulator"), QStringLiteral("embedding-console")}};
    return respond(request, 200, commonHeaders(), QJsonDocument(root).toJson(QJsonDocument::Compact));
}

int SimulatedEmbeddingApi::nativeDimensions(const QString& model) const
{
    if (m_options.nativeModelDimensions) {
        if (const auto spec = ModelCatalog::find(model))
            return spec->nativeDimensions;
    }
    return m_options.dimensions;
}

PlannedResponse SimulatedEmbeddingApi::embeddings(const HttpRequest& request, const QByteArray& deployment,
                                                  qint64 nowMs, SimulatorRequestRecord& record)
{
    auto invalid = [&](const QString& message, const QString& param = {}, const QString& code = {}) {
        ErrorFacts facts;
        facts.detail = message;
        facts.param = param;
        facts.code = code;
        return error(request, ErrorCase::InvalidRequest, facts);
    };

    // 1. The queue.
    if (m_caps.maxQueue > 0 && m_stats->inFlight() > m_caps.maxQueue) {
        record.fault = QStringLiteral("queue-full");
        return error(request, ErrorCase::QueueFull);
    }

    // 2. Authentication.
    if (!m_options.requiredApiKey.isEmpty() && m_traits.checksApiKey) {
        QByteArray key = request.header("api-key");
        const QByteArray authorization = request.header("authorization");
        if (key.isEmpty() && authorization.toLower().startsWith("bearer "))
            key = authorization.mid(7).trimmed();
        if (key.isEmpty())
            return error(request, ErrorCase::MissingApiKey);
        if (key != m_options.requiredApiKey.toUtf8())
            return error(request, ErrorCase::WrongApiKey,
                         ErrorFacts::detailed(maskSecret(QString::fromUtf8(key))));
    }

    // 3. Billing.
    if (m_options.quotaExhausted)
        return error(request, ErrorCase::QuotaExhausted);

    // 4. The body.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return invalid(QStringLiteral(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
            "your "
            "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
            "JSON. If you have trouble figuring out how to fix this, please contact us through our help "
            "center at help.openai.com.)"));
    const QJsonObject body = doc.object();
    QString model = m_traits.requiresApiVersion ? QString::fromUtf8(deployment)
                                                : body.value(QLatin1String("model")).toString();
    if (model.isEmpty())
        model = QString::fromUtf8(deployment);
    if (m_traits.ignoresModel) {
        if (!m_options.knownModels.isEmpty())
            model = m_options.knownModels.first(); // the served model, whatever was asked
    } else {
        if (model.isEmpty())
            return invalid(QStringLiteral("you must provide a model parameter"));
        if (!m_options.knownModels.isEmpty() && !m_options.knownModels.contains(model)) {
            ErrorFacts facts;
            facts.model = model;
            return error(request, ErrorCase::UnknownModel, facts);
        }
    }

    const QJsonValue format = body.value(QLatin1String("encoding_format"));
    bool base64 = false;
    if (!format.isUndefined() && !format.isNull()) {
        record.encodingFormat = format.toString();
        if (record.encodingFormat == QLatin1String("base64"))
            base64 = true;
        else if (record.encodingFormat != QLatin1String("float"))
            return invalid(QStringLiteral("'%1' is not one of ['float', 'base64'] - 'encoding_format'")
                               .arg(format.toVariant().toString()),
                           QStringLiteral("encoding_format"));
    }

    int dimensions = nativeDimensions(model);
    const QJsonValue dimensionsValue = body.value(QLatin1String("dimensions"));
    if (!dimensionsValue.isUndefined() && !dimensionsValue.isNull()) {
        const double d = dimensionsValue.toDouble(-1);
        if (!dimensionsValue.isDouble() || d != std::floor(d) || d < 1 || d > 65536)
            return invalid(QStringLiteral("Invalid value for 'dimensions': must be a positive integer."),
                           QStringLiteral("dimensions"), QStringLiteral("invalid_value"));
        const auto spec = ModelCatalog::find(model);
        if (spec && !spec->acceptsDimensions)
            return invalid(QStringLiteral("This model does not support specifying dimensions."));
        if (spec && d > spec->nativeDimensions)
            return invalid(
                QStringLiteral("This model's maximum dimensions is %1.").arg(spec->nativeDimensions),
                QStringLiteral("dimensions"), QStringLiteral("invalid_value"));
        dimensions = static_cast<int>(d);
        record.dimensions = dimensions;
    }

    // Inputs: a string, strings, token ids, or arrays of token ids.
    std::optional<EmbeddingInputs> inputs = EmbeddingInputs::parse(body.value(QLatin1String("input")));
    if (!inputs)
        return invalid(QStringLiteral("'$.input' is invalid. Please check the API reference: "
                                      "https://platform.openai.com/docs/api-reference."));
    const QVector<QByteArray>& texts = inputs->texts;
    QVector<int>& tokens = inputs->tokens; // cut to the cap where the server truncates
    record.inputs = static_cast<int>(texts.size());
    if (!texts.isEmpty())
        record.firstInput = texts.first().left(kLoggedInputBytes);

    // 5. Per-request caps, in the order TEI checks them: the count, then each input.
    if (texts.isEmpty())
        return error(request, ErrorCase::EmptyInputList);
    if (m_caps.maxInputsPerRequest > 0 && texts.size() > m_caps.maxInputsPerRequest) {
        ErrorFacts facts;
        facts.given = texts.size();
        facts.limit = m_caps.maxInputsPerRequest;
        return error(request, ErrorCase::TooManyInputs, facts);
    }
    qint64 totalTokens = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (texts[i].isEmpty() && !m_traits.embedsEmptyStrings)
            return error(request, ErrorCase::EmptyString);
        if (m_caps.maxTokensPerInput > 0 && tokens[i] > m_caps.maxTokensPerInput) {
            if (!m_caps.truncateOverlong) {
                ErrorFacts facts;
                facts.given = tokens[i];
                facts.limit = m_caps.maxTokensPerInput;
                return error(request, ErrorCase::InputTooLong, facts);
            }
            tokens[i] = m_caps.maxTokensPerInput;
        }
        totalTokens += tokens[i];
    }
    record.tokens = static_cast<int>(std::min<qint64>(totalTokens, std::numeric_limits<int>::max()));
    if (m_caps.maxTokensPerRequest > 0 && totalTokens > m_caps.maxTokensPerRequest) {
        ErrorFacts facts;
        facts.given = totalTokens;
        facts.limit = m_caps.maxTokensPerRequest;
        return error(request, ErrorCase::TooManyTokens, facts);
    }

    // 6. Permanent per-input faults.
    if (const auto bad = m_faults.badInput(texts)) {
        record.fault = QStringLiteral("bad-input");
        return error(request, ErrorCase::BadInput,
                     ErrorFacts::detailed(
                         QStringLiteral("Invalid 'input[%1]': the simulator rejects inputs containing \"%2\" "
                                        "(bad-input fault).")
                             .arg(bad->inputIndex)
                             .arg(QString::fromUtf8(bad->substring))));
    }

    // 7. Rate limits.
    const SlidingWindowLimit::Verdict verdict = m_limits.check(static_cast<int>(record.tokens), nowMs);
    if (!verdict.allowed) {
        const bool requests = verdict.requestsExceeded;
        const double limit = requests ? m_limits.requestLimit() : m_limits.tokenLimit();
        const SlidingWindowLimit::State s = m_limits.state(nowMs);
        const qint64 used = requests ? static_cast<qint64>(limit) - s.remainingRequests
                                     : static_cast<qint64>(limit) - s.remainingTokens;
        return rateLimited(
            request, verdict.retryAfterMs,
            QStringLiteral("Rate limit reached for %1 (simulated) on %2: Limit %3, Used %4, Requested %5. "
                           "Please try again in %6ms.")
                .arg(model, requests ? QStringLiteral("requests per min (RPM)")
                                     : QStringLiteral("tokens per min (TPM)"))
                .arg(static_cast<qint64>(limit))
                .arg(used)
                .arg(requests ? 1 : record.tokens)
                .arg(verdict.retryAfterMs),
            requests ? QStringLiteral("requests") : QStringLiteral("tokens"), model);
    }
    m_limits.add(static_cast<int>(record.tokens), nowMs);

    // 8. Random faults.
    const std::optional<FaultSpec::Kind> fault = m_faults.draw();
    if (fault) {
        FaultSpec spec;
        spec.kind = *fault;
        record.fault = spec.name();
        switch (*fault) {
        case FaultSpec::Kind::Http429: {
            const qint64 ms = m_options.injectedRetryAfterMs;
            return rateLimited(
                request, ms,
                QStringLiteral("Rate limit reached for %1 (simulated fault). Please try again in %2ms.")
                    .arg(model)
                    .arg(ms),
                QStringLiteral("requests"), model);
        }
        case FaultSpec::Kind::Http500:
            return error(request, ErrorCase::ServerError);
        case FaultSpec::Kind::Http503:
            return error(request, ErrorCase::Unavailable);
        case FaultSpec::Kind::QueueFull:
            return error(request, ErrorCase::QueueFull);
        case FaultSpec::Kind::Quota:
            return error(request, ErrorCase::QuotaExhausted);
        case FaultSpec::Kind::Hang: {
            PlannedResponse plan;
            plan.delivery = PlannedResponse::Delivery::Hang;
            plan.delayMs = m_options.hangMs;
            plan.keepAlive = false;
            return plan;
        }
        default:
            break; // faults that corrupt a successful answer
        }
    }
    return success(request, model, texts, totalTokens, dimensions, base64, fault);
}

PlannedResponse SimulatedEmbeddingApi::success(const HttpRequest& request, const QString& model,
                                               const QVector<QByteArray>& texts, qint64 tokens,
                                               int dimensions, bool base64,
                                               std::optional<FaultSpec::Kind> fault)
{
    using Kind = FaultSpec::Kind;
    const qsizetype n = texts.size();
    QVector<QVector<float>> vectors(n);
    for (qsizetype i = 0; i < n; ++i)
        vectors[i] = synthesizeEmbedding(texts[i], dimensions);
    QVector<qsizetype> indices(n);
    for (qsizetype i = 0; i < n; ++i)
        indices[i] = i;
    QVector<qsizetype> order = indices; // which vector goes in each slot of `data`

    if (fault == Kind::WrongDimensions) {
        if (vectors[0].size() > 1)
            vectors[0].removeLast();
        else
            vectors[0].append(0.0f);
    } else if (fault == Kind::NaN) {
        vectors[0][0] = std::numeric_limits<float>::quiet_NaN();
    } else if (fault == Kind::WrongCount) {
        if (n > 1) {
            order.removeLast();
        } else {
            order.append(0);
            indices.append(1);
        }
    } else if (fault == Kind::DuplicateIndex) {
        if (n > 1)
            indices[1] = 0;
        else
            indices[0] = 1;
    } else if (fault == Kind::Shuffle) {
        std::reverse(order.begin(), order.end());
    }

    QVector<EmbeddingSlot> slots;
    slots.reserve(order.size());
    for (qsizetype slot = 0; slot < order.size(); ++slot)
        slots.push_back({order[slot], indices[slot < n ? order[slot] : slot]});
    QByteArray body = embeddingListBody(vectors, slots, model, tokens, base64);
    if (fault == Kind::Malformed)
        body.truncate(body.size() / 2);

    HttpHeaders headers = commonHeaders();
    if (m_traits.openAiResponseHeaders) {
        headers.append({QByteArrayLiteral("openai-model"), model.toUtf8()});
        headers.append({"openai-processing-ms", QByteArray::number(m_options.latencyMs)});
        headers.append({QByteArrayLiteral("openai-version"), QByteArrayLiteral("2020-10-01")});
    }

    PlannedResponse plan = respond(request, 200, headers, body);
    if (fault == Kind::Reset) {
        plan.delivery = PlannedResponse::Delivery::Reset;
        plan.bytes.truncate(plan.bytes.size() / 2);
        plan.keepAlive = false;
    } else if (!fault || FaultSpec{*fault, 0, {}}.keepsResponseValid()) {
        plan.servedTexts = texts;
        plan.servedTokens = tokens;
    }
    return plan;
}

} // namespace ec
