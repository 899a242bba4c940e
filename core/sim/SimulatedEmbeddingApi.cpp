#include "sim/SimulatedEmbeddingApi.h"

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

void appendJsonNullable(QByteArray& out, const QString& value)
{
    if (value.isEmpty())
        out += "null";
    else
        RequestBuilder::appendJsonString(out, value.toUtf8());
}

void appendFloat(QByteArray& out, float value)
{
    if (std::isnan(value)) {
        out += "NaN"; // not JSON: the client has to refuse it
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

QByteArray base64Floats(const QVector<float>& vector)
{
    if (vector.isEmpty())
        return {};
    QByteArray bytes(vector.size() * 4, Qt::Uninitialized);
    if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
        std::memcpy(bytes.data(), vector.constData(), static_cast<size_t>(bytes.size()));
    } else {
        for (qsizetype i = 0; i < vector.size(); ++i) {
            quint32 bits;
            std::memcpy(&bits, &vector[i], 4);
            qToLittleEndian(bits, bytes.data() + i * 4);
        }
    }
    return bytes.toBase64();
}

} // namespace

SimulatedEmbeddingApi::SimulatedEmbeddingApi(const SimulatorOptions& options, SimulatorStatsRecorder* stats)
    : m_options(options)
    , m_stats(stats)
    , m_faults(options.failRate, parsedFaults(options), options.seed)
    , m_limits(options.rpm, options.tpm)
{}

HttpHeaders SimulatedEmbeddingApi::commonHeaders() const
{
    return {{QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")},
            {kIdentityHeader.toByteArray(), kIdentityValue.toByteArray()},
            {QByteArrayLiteral("x-request-id"), "req_sim_" + QByteArray::number(m_requestCounter)}};
}

void SimulatedEmbeddingApi::addRateLimitHeaders(HttpHeaders& headers, qint64 nowMs)
{
    if (!m_limits.enabled())
        return;
    const SlidingWindowLimit::State s = m_limits.state(nowMs);
    if (m_limits.requestLimit() > 0) {
        headers.append(
            {"x-ratelimit-limit-requests", QByteArray::number(static_cast<qint64>(m_limits.requestLimit()))});
        headers.append({"x-ratelimit-remaining-requests", QByteArray::number(s.remainingRequests)});
        headers.append({"x-ratelimit-reset-requests", formatDuration(s.resetRequestsMs)});
    }
    if (m_limits.tokenLimit() > 0) {
        headers.append(
            {"x-ratelimit-limit-tokens", QByteArray::number(static_cast<qint64>(m_limits.tokenLimit()))});
        headers.append({"x-ratelimit-remaining-tokens", QByteArray::number(s.remainingTokens)});
        headers.append({"x-ratelimit-reset-tokens", formatDuration(s.resetTokensMs)});
    }
}

PlannedResponse SimulatedEmbeddingApi::error(const HttpRequest& request, int status, const QString& message,
                                             const QString& type, const QString& param, const QString& code,
                                             HttpHeaders extra) const
{
    QByteArray body = "{\"error\":{\"message\":";
    RequestBuilder::appendJsonString(body, message.toUtf8());
    body += ",\"type\":";
    appendJsonNullable(body, type);
    body += ",\"param\":";
    appendJsonNullable(body, param);
    body += ",\"code\":";
    appendJsonNullable(body, code);
    body += "}}\n";
    HttpHeaders headers = commonHeaders();
    headers += extra;
    PlannedResponse plan;
    plan.status = status;
    plan.keepAlive = request.keepAlive();
    plan.delayMs = m_options.latencyMs;
    plan.bytes = serializeHttpResponse(status, headers, body, plan.keepAlive);
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::badHttp(const QString& why)
{
    HttpRequest none;
    none.version = "HTTP/1.1";
    QByteArray body = "{\"error\":{\"message\":";
    RequestBuilder::appendJsonString(body, why.toUtf8());
    body += ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}\n";
    PlannedResponse plan;
    plan.status = 400;
    plan.keepAlive = false;
    plan.bytes = serializeHttpResponse(
        400,
        {{"content-type", "application/json"}, {kIdentityHeader.toByteArray(), kIdentityValue.toByteArray()}},
        body, false);
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::handle(const HttpRequest& request, qint64 nowMs)
{
    ++m_requestCounter;
    SimulatorRequestRecord record;
    record.atMs = nowMs;
    record.method = request.method;
    record.target = request.target;
    record.auth = !request.header("api-key").isEmpty() ? QStringLiteral("api-key")
                  : request.header("authorization").toLower().startsWith("bearer ") ? QStringLiteral("bearer")
                                                                                    : QStringLiteral("none");

    const QByteArray path = request.path();
    QByteArray deployment;
    bool isEmbeddings = path == "/v1/embeddings" || path == "/embeddings";
    if (path.startsWith("/openai/deployments/") && path.endsWith("/embeddings")) {
        deployment = path.mid(20, path.size() - 20 - 11);
        isEmbeddings = !deployment.isEmpty() && !deployment.contains('/');
    }
    const bool isModels = path == "/v1/models" || path == "/models";

    PlannedResponse plan;
    if (isEmbeddings && request.method == "POST") {
        plan = embeddings(request, QString::fromUtf8(QByteArray::fromPercentEncoding(deployment)).toUtf8(),
                          nowMs, record);
    } else if (isModels && request.method == "GET") {
        plan = models(request);
    } else if (isEmbeddings || isModels) {
        plan = error(request, 405,
                     QStringLiteral("Method %1 not allowed on %2")
                         .arg(QString::fromLatin1(request.method), QString::fromUtf8(path)),
                     QStringLiteral("invalid_request_error"), {}, {});
    } else {
        plan = error(request, 404,
                     QStringLiteral("Invalid URL (%1 %2)")
                         .arg(QString::fromLatin1(request.method), QString::fromUtf8(path)),
                     QStringLiteral("invalid_request_error"), {}, {});
    }
    record.status = plan.delivery == PlannedResponse::Delivery::Respond ? plan.status : 0;
    m_stats->recordRequest(record, isEmbeddings && request.method == "POST");
    plan.record = std::move(record);
    return plan;
}

PlannedResponse SimulatedEmbeddingApi::models(const HttpRequest& request) const
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
    PlannedResponse plan;
    plan.status = 200;
    plan.keepAlive = request.keepAlive();
    plan.delayMs = m_options.latencyMs;
    plan.bytes = serializeHttpResponse(200, commonHeaders(),
                                       QJsonDocument(root).toJson(QJsonDocument::Compact), plan.keepAlive);
    return plan;
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
    const QString invalidType = QStringLiteral("invalid_request_error");

    // 1. Authentication.
    if (!m_options.requiredApiKey.isEmpty()) {
        QByteArray key = request.header("api-key");
        const QByteArray authorization = request.header("authorization");
        if (key.isEmpty() && authorization.toLower().startsWith("bearer "))
            key = authorization.mid(7).trimmed();
        if (key.isEmpty())
            return error(
                request, 401,
                QStringLiteral("You didn't provide an API key. You need to provide your API key in an "
                               "Authorization header using Bearer auth (i.e. Authorization: Bearer "
                               "YOUR_KEY), or as the password field (with blank username) if you're "
                               "accessing the API from your browser and are prompted for a username and "
                               "password. You can obtain an API key from "
                               "https://platform.openai.com/account/api-keys."),
                invalidType, {}, {});
        if (key != m_options.requiredApiKey.toUtf8())
            return error(request, 401,
                         QStringLiteral("Incorrect API key provided: %1. You can find your API key at "
                                        "https://platform.openai.com/account/api-keys.")
                             .arg(maskSecret(QString::fromUtf8(key))),
                         invalidType, {}, QStringLiteral("invalid_api_key"));
    }

    // 2. The body.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return error(
            request, 400,
            QStringLiteral("We could not parse the JSON body of your request. (HINT: This likely means "
                           "you aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                           "payload, but what was sent was not valid JSON. If you have trouble figuring "
                           "out how to fix this, please contact us through our help center at "
                           "help.openai.com.)"),
            invalidType, {}, {});
    const QJsonObject body = doc.object();
    QString model = body.value(QLatin1String("model")).toString();
    if (model.isEmpty())
        model = QString::fromUtf8(deployment);
    if (model.isEmpty())
        return error(request, 400, QStringLiteral("you must provide a model parameter"), invalidType, {}, {});

    const QJsonValue format = body.value(QLatin1String("encoding_format"));
    bool base64 = false;
    if (!format.isUndefined() && !format.isNull()) {
        record.encodingFormat = format.toString();
        if (record.encodingFormat == QLatin1String("base64"))
            base64 = true;
        else if (record.encodingFormat != QLatin1String("float"))
            return error(request, 400,
                         QStringLiteral("'%1' is not one of ['float', 'base64'] - 'encoding_format'")
                             .arg(format.toVariant().toString()),
                         invalidType, QStringLiteral("encoding_format"), {});
    }

    int dimensions = nativeDimensions(model);
    const QJsonValue dimensionsValue = body.value(QLatin1String("dimensions"));
    if (!dimensionsValue.isUndefined() && !dimensionsValue.isNull()) {
        const double d = dimensionsValue.toDouble(-1);
        if (!dimensionsValue.isDouble() || d != std::floor(d) || d < 1 || d > 65536)
            return error(request, 400,
                         QStringLiteral("Invalid value for 'dimensions': must be a positive integer."),
                         invalidType, QStringLiteral("dimensions"), QStringLiteral("invalid_value"));
        const auto spec = ModelCatalog::find(model);
        if (spec && !spec->acceptsDimensions)
            return error(request, 400, QStringLiteral("This model does not support specifying dimensions."),
                         invalidType, {}, {});
        if (spec && d > spec->nativeDimensions)
            return error(request, 400,
                         QStringLiteral("This model's maximum dimensions is %1.").arg(spec->nativeDimensions),
                         invalidType, QStringLiteral("dimensions"), QStringLiteral("invalid_value"));
        dimensions = static_cast<int>(d);
        record.dimensions = dimensions;
    }

    // Inputs: a string, strings, token ids, or arrays of token ids.
    const Cl100kTokenizer& tokenizer = Cl100kTokenizer::instance();
    const QJsonValue inputValue = body.value(QLatin1String("input"));
    QVector<QByteArray> texts;
    QVector<int> tokens;
    const QString invalidInput = QStringLiteral("'$.input' is invalid. Please check the API reference: "
                                                "https://platform.openai.com/docs/api-reference.");
    auto tokenIds = [](const QJsonArray& array, std::vector<int>* ids) {
        for (const QJsonValue& v : array) {
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < 0 || d != std::floor(d) || d > std::numeric_limits<int>::max())
                return false;
            ids->push_back(static_cast<int>(d));
        }
        return !ids->empty();
    };
    if (inputValue.isString()) {
        texts.append(inputValue.toString().toUtf8());
    } else if (inputValue.isArray()) {
        const QJsonArray array = inputValue.toArray();
        if (!array.isEmpty() && array.first().isDouble()) {
            std::vector<int> ids;
            if (!tokenIds(array, &ids))
                return error(request, 400, invalidInput, invalidType, {}, {});
            texts.append(tokenizer.decode(ids));
            tokens.append(static_cast<int>(ids.size()));
        } else {
            for (const QJsonValue& item : array) {
                if (item.isString()) {
                    texts.append(item.toString().toUtf8());
                } else if (item.isArray()) {
                    std::vector<int> ids;
                    if (!tokenIds(item.toArray(), &ids))
                        return error(request, 400, invalidInput, invalidType, {}, {});
                    texts.append(tokenizer.decode(ids));
                    tokens.resize(texts.size() - 1, -1);
                    tokens.append(static_cast<int>(ids.size()));
                } else {
                    return error(request, 400, invalidInput, invalidType, {}, {});
                }
            }
        }
    } else {
        return error(request, 400, invalidInput, invalidType, {}, {});
    }
    tokens.resize(texts.size(), -1);
    qint64 totalTokens = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (tokens[i] < 0)
            tokens[i] = tokenizer.count(QByteArrayView(texts[i]));
        totalTokens += tokens[i];
    }
    record.inputs = static_cast<int>(texts.size());
    record.tokens = static_cast<int>(std::min<qint64>(totalTokens, std::numeric_limits<int>::max()));
    if (!texts.isEmpty())
        record.firstInput = texts.first().left(kLoggedInputBytes);

    // 3. Per-request limits.
    if (texts.isEmpty())
        return error(request, 400, invalidInput, invalidType, {}, {});
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (texts[i].isEmpty())
            return error(request, 400, invalidInput, invalidType, {}, {});
    }
    if (texts.size() > m_options.maxInputsPerRequest)
        return error(
            request, 400,
            QStringLiteral("Too many inputs. The max number of inputs is %1. We recommend batching your "
                           "inputs into multiple requests.")
                .arg(m_options.maxInputsPerRequest),
            invalidType, QStringLiteral("input"), {});
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (tokens[i] > m_options.maxTokensPerInput)
            return error(
                request, 400,
                QStringLiteral("This model's maximum context length is %1 tokens, however you requested "
                               "%2 tokens (%2 in your prompt; 0 for the completion). Please reduce your "
                               "prompt; or completion length.")
                    .arg(m_options.maxTokensPerInput)
                    .arg(tokens[i]),
                invalidType, {}, {});
    }
    if (totalTokens > m_options.maxTokensPerRequest)
        return error(request, 400,
                     QStringLiteral("Requested %1 tokens, max %2 tokens per request")
                         .arg(totalTokens)
                         .arg(m_options.maxTokensPerRequest),
                     QStringLiteral("max_tokens_per_request"), {}, QStringLiteral("max_tokens_per_request"));

    // 4. Permanent per-input faults.
    if (const auto bad = m_faults.badInput(texts)) {
        record.fault = QStringLiteral("bad-input");
        return error(request, 400,
                     QStringLiteral("Invalid 'input[%1]': the simulator rejects inputs containing \"%2\" "
                                    "(bad-input fault).")
                         .arg(bad->inputIndex)
                         .arg(QString::fromUtf8(bad->substring)),
                     invalidType, QStringLiteral("input"), QStringLiteral("invalid_value"));
    }

    // 5. Rate limits.
    const SlidingWindowLimit::Verdict verdict = m_limits.check(static_cast<int>(record.tokens), nowMs);
    if (!verdict.allowed) {
        HttpHeaders extra{{"retry-after", QByteArray::number((verdict.retryAfterMs + 999) / 1000)},
                          {"retry-after-ms", QByteArray::number(verdict.retryAfterMs)}};
        addRateLimitHeaders(extra, nowMs);
        const bool requests = verdict.requestsExceeded;
        const double limit = requests ? m_limits.requestLimit() : m_limits.tokenLimit();
        const SlidingWindowLimit::State s = m_limits.state(nowMs);
        const qint64 used = requests ? static_cast<qint64>(limit) - s.remainingRequests
                                     : static_cast<qint64>(limit) - s.remainingTokens;
        return error(
            request, 429,
            QStringLiteral("Rate limit reached for %1 (simulated) on %2: Limit %3, Used %4, Requested %5. "
                           "Please try again in %6ms.")
                .arg(model, requests ? QStringLiteral("requests per min (RPM)")
                                     : QStringLiteral("tokens per min (TPM)"))
                .arg(static_cast<qint64>(limit))
                .arg(used)
                .arg(requests ? 1 : record.tokens)
                .arg(verdict.retryAfterMs),
            requests ? QStringLiteral("requests") : QStringLiteral("tokens"), {},
            QStringLiteral("rate_limit_exceeded"), extra);
    }
    m_limits.add(static_cast<int>(record.tokens), nowMs);

    // 6. Random faults.
    const std::optional<FaultSpec::Kind> fault = m_faults.draw();
    if (fault) {
        FaultSpec spec;
        spec.kind = *fault;
        record.fault = spec.name();
        HttpHeaders extra;
        addRateLimitHeaders(extra, nowMs);
        switch (*fault) {
        case FaultSpec::Kind::Http429: {
            const qint64 ms = m_options.injectedRetryAfterMs;
            extra += HttpHeaders{{"retry-after", QByteArray::number((ms + 999) / 1000)},
                                 {"retry-after-ms", QByteArray::number(ms)}};
            return error(
                request, 429,
                QStringLiteral("Rate limit reached for %1 (simulated fault). Please try again in %2ms.")
                    .arg(model)
                    .arg(ms),
                QStringLiteral("requests"), {}, QStringLiteral("rate_limit_exceeded"), extra);
        }
        case FaultSpec::Kind::Http500:
            return error(
                request, 500,
                QStringLiteral("The server had an error while processing your request. Sorry about that! "
                               "(simulated fault)"),
                QStringLiteral("server_error"), {}, {}, extra);
        case FaultSpec::Kind::Http503:
            return error(
                request, 503,
                QStringLiteral("The engine is currently overloaded, please try again later. (simulated "
                               "fault)"),
                QStringLiteral("server_error"), {}, {}, extra);
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
    return success(request, model, texts, totalTokens, dimensions, base64, fault, nowMs);
}

PlannedResponse SimulatedEmbeddingApi::success(const HttpRequest& request, const QString& model,
                                               const QVector<QByteArray>& texts, qint64 tokens,
                                               int dimensions, bool base64,
                                               std::optional<FaultSpec::Kind> fault, qint64 nowMs)
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

    QByteArray body;
    body.reserve(64 + n * (base64 ? dimensions * 4 / 3 + 64 : dimensions * 12 + 64));
    body += "{\"object\":\"list\",\"data\":[";
    for (qsizetype slot = 0; slot < order.size(); ++slot) {
        const qsizetype v = order[slot];
        if (slot > 0)
            body += ',';
        body += "{\"object\":\"embedding\",\"index\":" + QByteArray::number(indices[slot < n ? v : slot]) +
                ",\"embedding\":";
        if (base64) {
            body += '"' + base64Floats(vectors[v]) + '"';
        } else {
            body += '[';
            for (qsizetype j = 0; j < vectors[v].size(); ++j) {
                if (j > 0)
                    body += ',';
                appendFloat(body, vectors[v][j]);
            }
            body += ']';
        }
        body += '}';
    }
    body += "],\"model\":";
    RequestBuilder::appendJsonString(body, model.toUtf8());
    body += ",\"usage\":{\"prompt_tokens\":" + QByteArray::number(tokens) +
            ",\"total_tokens\":" + QByteArray::number(tokens) + "}}\n";
    if (fault == Kind::Malformed)
        body.truncate(body.size() / 2);

    HttpHeaders headers = commonHeaders();
    headers.append({QByteArrayLiteral("openai-model"), model.toUtf8()});
    headers.append({"openai-processing-ms", QByteArray::number(m_options.latencyMs)});
    headers.append({QByteArrayLiteral("openai-version"), QByteArrayLiteral("2020-10-01")});
    addRateLimitHeaders(headers, nowMs);

    PlannedResponse plan;
    plan.status = 200;
    plan.keepAlive = request.keepAlive();
    plan.delayMs = m_options.latencyMs;
    plan.bytes = serializeHttpResponse(200, headers, body, plan.keepAlive);
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
