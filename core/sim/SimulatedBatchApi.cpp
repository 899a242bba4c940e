#include "sim/SimulatedBatchApi.h"

#include "api/RequestBuilder.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace ec {

namespace {

constexpr QByteArrayView kFilesPrefix = "/v1/files";
constexpr QByteArrayView kBatchesPrefix = "/v1/batches";

const char* statusName(int status)
{
    static const char* const kNames[] = {"validating", "failed",  "in_progress", "finalizing",
                                         "completed",  "expired", "cancelling",  "cancelled"};
    return kNames[status];
}

/// 1234567 → "1,234,567", as the API words its limits.
QString grouped(qint64 n)
{
    QString digits = QString::number(n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

QJsonObject lineError(const QString& code, const QString& message, int line, const QString& param = {})
{
    return QJsonObject{{QStringLiteral("code"), code},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param)},
                       {QStringLiteral("line"), line > 0 ? QJsonValue(line) : QJsonValue()}};
}

SimulatorOptions innerOptions(const SimulatorOptions& options)
{
    SimulatorOptions inner = options;
    QStringList badInputs; // the only faults a batch request can meet
    for (const QString& list : options.faults) {
        for (const QString& item : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (item.trimmed().startsWith(QLatin1String("bad-input:")))
                badInputs.append(item.trimmed());
        }
    }
    inner.faults = badInputs;
    inner.failRate = 0;
    inner.rpm = 0;
    inner.tpm = 0;
    inner.latencyMs = 0;
    inner.quotaExhausted = false;
    inner.requiredApiKey.clear();
    inner.maxQueue = 0;
    inner.recordServedTexts = false;
    inner.requestLogLimit = 0;
    return inner;
}

} // namespace

SimulatedBatchApi::SimulatedBatchApi(const SimulatorOptions& options, SimulatorStatsRecorder* stats)
    : m_options(options)
    , m_batchOptions(options.batch)
    , m_stats(stats)
    , m_innerStats(std::make_unique<SimulatorStatsRecorder>(0, false))
    , m_inner(std::make_unique<SimulatedEmbeddingApi>(innerOptions(options), m_innerStats.get()))
    , m_rng(options.seed ^ 0x6261746368ULL)
    , m_epoch(QDateTime::currentSecsSinceEpoch())
{}

SimulatedBatchApi::~SimulatedBatchApi() = default;

bool SimulatedBatchApi::serves(const QByteArray& path)
{
    auto under = [&](QByteArrayView prefix) {
        return path.startsWith(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
    };
    return under(kFilesPrefix) || under(kBatchesPrefix);
}

double SimulatedBatchApi::simSeconds(qint64 nowMs) const
{
    return static_cast<double>(nowMs) / 1000.0 * m_batchOptions.minutesPerSecond * 60.0;
}

qint64 SimulatedBatchApi::unixTime(double simSeconds) const
{
    return m_epoch + static_cast<qint64>(std::floor(simSeconds));
}

PlannedResponse SimulatedBatchApi::json(const HttpRequest& request, int status, const QJsonObject& body)
{
    const HttpHeaders headers{{"content-type", "application/json"},
                              {"x-simulator", "embedding-console"},
                              {"x-request-id", "req_sim_batch_" + QByteArray::number(m_counter)}};
    PlannedResponse plan;
    plan.status = status;
    plan.keepAlive = request.keepAlive();
    plan.bytes = serializeHttpResponse(status, headers, QJsonDocument(body).toJson(QJsonDocument::Compact),
                                       plan.keepAlive);
    return plan;
}

PlannedResponse SimulatedBatchApi::apiError(const HttpRequest& request, int status, const QString& message,
                                            const QString& type, const QString& param, const QString& code)
{
    const QJsonObject error{{QStringLiteral("message"), message},
                            {QStringLiteral("type"), type},
                            {QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param)},
                            {QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code)}};
    return json(request, status, QJsonObject{{QStringLiteral("error"), error}});
}

PlannedResponse SimulatedBatchApi::handle(const HttpRequest& request, qint64 nowMs,
                                          SimulatorRequestRecord& record)
{
    Q_UNUSED(record);
    ++m_counter;
    m_nowMs = nowMs;
    const double now = simSeconds(nowMs);
    advanceAll(now);

    if (!m_options.requiredApiKey.isEmpty()) {
        const QByteArray authorization = request.header("authorization");
        const QByteArray key =
            authorization.toLower().startsWith("bearer ") ? authorization.mid(7).trimmed() : QByteArray();
        if (key.isEmpty())
            return apiError(
                request, 401,
                QStringLiteral("You didn't provide an API key. You need to provide your API key in "
                               "an Authorization header using Bearer auth."));
        if (key != m_options.requiredApiKey.toUtf8())
            return apiError(request, 401, QStringLiteral("Incorrect API key provided."),
                            QStringLiteral("invalid_request_error"), {}, QStringLiteral("invalid_api_key"));
    }

    const QByteArray path = request.path();
    const QByteArray method = request.method;
    const QList<QByteArray> parts = path.mid(1).split('/'); // v1, files|batches, id, action
    auto notAllowed = [&] {
        return apiError(request, 405,
                        QStringLiteral("Method %1 not allowed on %2")
                            .arg(QString::fromLatin1(method), QString::fromUtf8(path)));
    };

    if (parts.value(1) == "files") {
        if (parts.size() == 2)
            return method == "POST" ? uploadFile(request) : notAllowed();
        const QByteArray id = parts.value(2);
        const SimulatedFile* file = m_files.find(id);
        if (!file)
            return apiError(request, 404,
                            QStringLiteral("No such File object: %1").arg(QString::fromUtf8(id)),
                            QStringLiteral("invalid_request_error"), QStringLiteral("id"));
        if (parts.size() == 3 && method == "GET")
            return json(request, 200, file->toJson());
        if (parts.size() == 3 && method == "DELETE") {
            m_files.remove(id);
            return json(request, 200,
                        QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                                    {QStringLiteral("object"), QStringLiteral("file")},
                                    {QStringLiteral("deleted"), true}});
        }
        if (parts.size() == 4 && parts[3] == "content" && method == "GET") {
            const HttpHeaders headers{{"content-type", "application/octet-stream"},
                                      {"x-simulator", "embedding-console"},
                                      {"x-request-id", "req_sim_batch_" + QByteArray::number(m_counter)}};
            PlannedResponse plan;
            plan.status = 200;
            plan.keepAlive = request.keepAlive();
            plan.bytes = serializeHttpResponse(200, headers, file->content, plan.keepAlive);
            return plan;
        }
        return notAllowed();
    }

    // /v1/batches…
    if (parts.size() == 2) {
        if (method == "POST")
            return createBatch(request);
        if (method == "GET")
            return listBatches(request);
        return notAllowed();
    }
    Batch* batch = findBatch(parts.value(2));
    if (!batch)
        return apiError(request, 404,
                        QStringLiteral("No batch found with id '%1'.").arg(QString::fromUtf8(parts.value(2))),
                        QStringLiteral("invalid_request_error"), {}, QStringLiteral("not_found"));
    if (parts.size() == 3 && method == "GET")
        return json(request, 200, batchObject(*batch));
    if (parts.size() == 4 && parts[3] == "cancel" && method == "POST")
        return cancelBatch(request, *batch);
    return notAllowed();
}

PlannedResponse SimulatedBatchApi::uploadFile(const HttpRequest& request)
{
    const auto parts = parseMultipart(request.header("content-type"), request.body);
    if (!parts)
        return apiError(request, 400,
                        QStringLiteral("Invalid request: expected a multipart/form-data body with 'purpose' "
                                       "and 'file'."));
    const auto purpose = parts->find("purpose");
    const auto file = parts->find("file");
    if (purpose == parts->end())
        return apiError(request, 400, QStringLiteral("Missing required parameter: 'purpose'."),
                        QStringLiteral("invalid_request_error"), QStringLiteral("purpose"),
                        QStringLiteral("missing_required_parameter"));
    if (file == parts->end())
        return apiError(request, 400, QStringLiteral("Missing required parameter: 'file'."),
                        QStringLiteral("invalid_request_error"), QStringLiteral("file"),
                        QStringLiteral("missing_required_parameter"));
    const QString purposeText = QString::fromUtf8(purpose->second.data.trimmed());
    if (purposeText != QLatin1String("batch"))
        return apiError(
            request, 400,
            QStringLiteral("The simulator stores files for purpose 'batch' only, not '%1'.").arg(purposeText),
            QStringLiteral("invalid_request_error"), QStringLiteral("purpose"));
    if (file->second.data.size() > SimulatedFileStore::kMaxFileBytes)
        return apiError(
            request, 400,
            QStringLiteral("File is too large: %1 bytes, the limit for purpose 'batch' is 200 MB.")
                .arg(file->second.data.size()),
            QStringLiteral("invalid_request_error"), QStringLiteral("file"));
    const SimulatedFile& stored =
        m_files.add(QString::fromUtf8(file->second.filename.isEmpty() ? QByteArray("upload.jsonl")
                                                                      : file->second.filename),
                    purposeText, file->second.data, unixTime(simSeconds(m_nowMs)));
    return json(request, 200, stored.toJson());
}

PlannedResponse SimulatedBatchApi::createBatch(const HttpRequest& request)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return apiError(request, 400, QStringLiteral("We could not parse the JSON body of your request."));
    const QJsonObject body = doc.object();
    const QString inputFileId = body.value(QLatin1String("input_file_id")).toString();
    const QString endpoint = body.value(QLatin1String("endpoint")).toString();
    const QString window = body.value(QLatin1String("completion_window")).toString();
    if (inputFileId.isEmpty())
        return apiError(request, 400, QStringLiteral("Missing required parameter: 'input_file_id'."),
                        QStringLiteral("invalid_request_error"), QStringLiteral("input_file_id"),
                        QStringLiteral("missing_required_parameter"));
    if (endpoint != QLatin1String("/v1/embeddings"))
        return apiError(
            request, 400,
            QStringLiteral(
                "Invalid value for 'endpoint': the simulator batches '/v1/embeddings' only, not '%1'.")
                .arg(endpoint),
            QStringLiteral("invalid_request_error"), QStringLiteral("endpoint"),
            QStringLiteral("invalid_value"));
    if (window != QLatin1String("24h"))
        return apiError(request, 400,
                        QStringLiteral("Invalid value for 'completion_window': only '24h' is supported."),
                        QStringLiteral("invalid_request_error"), QStringLiteral("completion_window"),
                        QStringLiteral("invalid_value"));
    const QJsonValue metadata = body.value(QLatin1String("metadata"));
    if (!metadata.isUndefined() && !metadata.isNull() &&
        (!metadata.isObject() || metadata.toObject().size() > 16))
        return apiError(request, 400,
                        QStringLiteral("Invalid 'metadata': an object of at most 16 string pairs."),
                        QStringLiteral("invalid_request_error"), QStringLiteral("metadata"));
    const SimulatedFile* file = m_files.find(inputFileId.toUtf8());
    if (!file)
        return apiError(request, 404, QStringLiteral("No such File object: %1").arg(inputFileId),
                        QStringLiteral("invalid_request_error"), QStringLiteral("input_file_id"));
    if (file->purpose != QLatin1String("batch"))
        return apiError(request, 400,
                        QStringLiteral("The input file %1 must have purpose 'batch'.").arg(inputFileId),
                        QStringLiteral("invalid_request_error"), QStringLiteral("input_file_id"));

    auto batch = std::make_unique<Batch>();
    batch->id = "batch_sim" +
                QByteArray::number(static_cast<qulonglong>(m_batches.size() + 1)).rightJustified(8, '0');
    batch->inputFileId = file->id;
    batch->metadata = metadata.isUndefined() ? QJsonValue() : metadata;
    batch->created = simSeconds(m_nowMs);
    int lineNumber = 0;
    for (const QByteArray& raw : file->content.split('\n')) {
        ++lineNumber;
        if (raw.trimmed().isEmpty())
            continue;
        Line line;
        line.body = raw; // parsed at validation
        line.lineNumber = lineNumber;
        batch->lines.append(std::move(line));
    }
    m_batches.push_back(std::move(batch));
    advance(*m_batches.back(), simSeconds(m_nowMs)); // a zero validating time validates now
    return json(request, 200, batchObject(*m_batches.back()));
}

PlannedResponse SimulatedBatchApi::listBatches(const HttpRequest& request)
{
    const QUrlQuery query(QString::fromUtf8(request.query()));
    int limit = query.queryItemValue(QStringLiteral("limit")).toInt();
    if (limit <= 0 || limit > 100)
        limit = 20;
    const QByteArray after = query.queryItemValue(QStringLiteral("after")).toUtf8();
    QJsonArray data;
    bool started = after.isEmpty();
    bool more = false;
    for (auto it = m_batches.rbegin(); it != m_batches.rend(); ++it) {
        if (!started) {
            started = (*it)->id == after;
            continue;
        }
        if (data.size() == limit) {
            more = true;
            break;
        }
        data.append(batchObject(**it));
    }
    return json(
        request, 200,
        QJsonObject{
            {QStringLiteral("object"), QStringLiteral("list")},
            {QStringLiteral("data"), data},
            {QStringLiteral("first_id"), data.isEmpty() ? QJsonValue() : data.first()[QLatin1String("id")]},
            {QStringLiteral("last_id"), data.isEmpty() ? QJsonValue() : data.last()[QLatin1String("id")]},
            {QStringLiteral("has_more"), more}});
}

PlannedResponse SimulatedBatchApi::cancelBatch(const HttpRequest& request, Batch& batch)
{
    switch (batch.status) {
    case Status::Validating:
    case Status::InProgress:
        batch.status = Status::Cancelling;
        batch.cancellingAt = simSeconds(m_nowMs);
        advance(batch, batch.cancellingAt);
        break;
    case Status::Cancelling:
    case Status::Cancelled:
        break;
    default:
        return apiError(request, 400,
                        QStringLiteral("Cannot cancel a batch with status '%1'.")
                            .arg(QLatin1String(statusName(static_cast<int>(batch.status)))),
                        QStringLiteral("invalid_request_error"), {}, QStringLiteral("invalid_state"));
    }
    return json(request, 200, batchObject(batch));
}

SimulatedBatchApi::Batch* SimulatedBatchApi::findBatch(const QByteArray& id)
{
    for (auto& batch : m_batches) {
        if (batch->id == id)
            return batch.get();
    }
    return nullptr;
}

void SimulatedBatchApi::advanceAll(double now)
{
    for (auto& batch : m_batches)
        advance(*batch, now);
}

void SimulatedBatchApi::advance(Batch& batch, double now)
{
    const double window = BatchSimOptions::kWindowMinutes * 60;
    const double expiresAt = batch.created + window;
    for (;;) {
        switch (batch.status) {
        case Status::Validating: {
            const double at = batch.created + m_batchOptions.validatingMinutes * 60;
            if (now < at)
                return;
            validate(batch, at);
            continue;
        }
        case Status::InProgress: {
            const double doneAt = batch.inProgressAt + batch.processingSeconds;
            const int n = static_cast<int>(batch.lines.size());
            const double until = std::min(now, expiresAt);
            const int target =
                until >= doneAt ? n
                                : static_cast<int>(
                                      std::floor(n * (until - batch.inProgressAt) / batch.processingSeconds));
            runRequests(batch, std::clamp(target, 0, n));
            if (batch.processed == n) {
                batch.status = Status::Finalizing;
                batch.finalizingAt = std::min(doneAt, now);
                continue;
            }
            if (now >= expiresAt)
                finish(batch, Status::Expired, expiresAt, "batch_expired",
                       QStringLiteral(
                           "This request could not be executed before the completion window expired."));
            return;
        }
        case Status::Finalizing: {
            const double at = batch.finalizingAt + m_batchOptions.finalizingMinutes * 60;
            if (now < at)
                return;
            finish(batch, Status::Completed, at, nullptr, {});
            return;
        }
        case Status::Cancelling: {
            const double at = batch.cancellingAt + m_batchOptions.finalizingMinutes * 60;
            if (now < at)
                return;
            finish(batch, Status::Cancelled, at, "batch_cancelled",
                   QStringLiteral("This request was not executed because the batch was cancelled."));
            return;
        }
        default:
            return;
        }
    }
}

qint64 SimulatedBatchApi::enqueuedTokens(const QString& model, const Batch* except) const
{
    qint64 sum = 0;
    for (const auto& batch : m_batches) {
        if (batch.get() == except || batch->model != model)
            continue;
        if (batch->status == Status::InProgress || batch->status == Status::Finalizing ||
            batch->status == Status::Cancelling)
            sum += batch->tokens;
    }
    return sum;
}

void SimulatedBatchApi::validate(Batch& batch, double at)
{
    const Cl100kTokenizer& tokenizer = Cl100kTokenizer::instance();
    QJsonArray errors;
    QSet<QByteArray> seen;
    qint64 inputs = 0;
    auto add = [&](const QJsonObject& error) {
        if (errors.size() < 100)
            errors.append(error);
    };
    for (Line& line : batch.lines) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            add(lineError(QStringLiteral("invalid_json_line"),
                          QStringLiteral("This line is not parseable as valid JSON."), line.lineNumber));
            continue;
        }
        const QJsonObject object = doc.object();
        const QJsonValue customId = object.value(QLatin1String("custom_id"));
        if (!customId.isString() || customId.toString().isEmpty()) {
            add(lineError(QStringLiteral("missing_required_parameter"),
                          QStringLiteral("Missing required parameter: 'custom_id'."), line.lineNumber,
                          QStringLiteral("custom_id")));
            continue;
        }
        line.customId = customId.toString().toUtf8();
        if (seen.contains(line.customId)) {
            add(lineError(
                QStringLiteral("duplicate_custom_id"),
                QStringLiteral("The custom_id for this request is a duplicate of another request. "
                               "The custom_id parameter must be unique for each request in a batch."),
                line.lineNumber, QStringLiteral("custom_id")));
            continue;
        }
        seen.insert(line.customId);
        if (object.value(QLatin1String("method")).toString() != QLatin1String("POST")) {
            add(lineError(QStringLiteral("invalid_method"), QStringLiteral("The method must be 'POST'."),
                          line.lineNumber, QStringLiteral("method")));
            continue;
        }
        if (object.value(QLatin1String("url")).toString() != QLatin1String("/v1/embeddings")) {
            add(lineError(
                QStringLiteral("invalid_url"),
                QStringLiteral("The URL provided for this request does not match the batch endpoint."),
                line.lineNumber, QStringLiteral("url")));
            continue;
        }
        const QJsonObject body = object.value(QLatin1String("body")).toObject();
        const QString model = body.value(QLatin1String("model")).toString();
        if (model.isEmpty()) {
            add(lineError(QStringLiteral("missing_required_parameter"),
                          QStringLiteral("Missing required parameter: 'body.model'."), line.lineNumber,
                          QStringLiteral("body.model")));
            continue;
        }
        if (batch.model.isEmpty())
            batch.model = model;
        else if (model != batch.model) {
            add(lineError(QStringLiteral("mismatched_model"),
                          QStringLiteral("The provided model '%1' does not match the model '%2' of the other "
                                         "requests in this batch.")
                              .arg(model, batch.model),
                          line.lineNumber, QStringLiteral("body.model")));
            continue;
        }
        const QJsonValue input = body.value(QLatin1String("input"));
        if (input.isString()) {
            ++inputs;
            batch.tokens += tokenizer.count(QByteArrayView(input.toString().toUtf8()));
        } else if (input.isArray()) {
            const QJsonArray array = input.toArray();
            if (!array.isEmpty() && array.first().isDouble()) {
                ++inputs;
                batch.tokens += array.size();
            } else {
                for (const QJsonValue& item : array) {
                    ++inputs;
                    batch.tokens += item.isArray()
                                        ? item.toArray().size()
                                        : tokenizer.count(QByteArrayView(item.toString().toUtf8()));
                }
            }
        }
        line.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    if (batch.lines.size() > kMaxRequestsPerBatch)
        add(lineError(QStringLiteral("too_many_requests"),
                      QStringLiteral("The batch input file holds %1 requests; the limit is %2.")
                          .arg(batch.lines.size())
                          .arg(kMaxRequestsPerBatch),
                      0));
    if (inputs > kMaxInputsPerBatch)
        add(lineError(
            QStringLiteral("too_many_inputs"),
            QStringLiteral("The batch holds %1 embedding inputs; /v1/embeddings batches are limited to "
                           "%2 inputs across all requests.")
                .arg(inputs)
                .arg(kMaxInputsPerBatch),
            0));
    if (batch.lines.isEmpty())
        add(lineError(QStringLiteral("empty_file"), QStringLiteral("The batch input file is empty."), 0));
    if (errors.isEmpty() && m_batchOptions.enqueuedTokenLimit > 0 &&
        enqueuedTokens(batch.model, &batch) + batch.tokens > m_batchOptions.enqueuedTokenLimit)
        add(lineError(
            QStringLiteral("token_limit_exceeded"),
            QStringLiteral("Enqueued token limit reached for %1 in organization org-simulated. Limit: "
                           "%2 enqueued tokens. Please try again once some in_progress batches have "
                           "been completed.")
                .arg(batch.model, grouped(m_batchOptions.enqueuedTokenLimit)),
            0));
    if (!errors.isEmpty()) {
        batch.errors = errors;
        batch.status = Status::Failed;
        batch.endedAt = at;
        return;
    }
    batch.status = Status::InProgress;
    batch.inProgressAt = at;
    const double window = BatchSimOptions::kWindowMinutes * 60;
    batch.processingSeconds = m_batchOptions.processingMinutes * 60;
    if (m_batchOptions.expireAtFraction >= 0) {
        const double left = batch.created + window - at;
        batch.processingSeconds =
            m_batchOptions.expireAtFraction > 0 ? left / m_batchOptions.expireAtFraction : 1e300;
    }
    batch.order.resize(batch.lines.size());
    for (int i = 0; i < batch.order.size(); ++i)
        batch.order[i] = i;
    std::shuffle(batch.order.begin(), batch.order.end(), m_rng);
}

void SimulatedBatchApi::runRequests(Batch& batch, int upTo)
{
    for (; batch.processed < upTo; ++batch.processed) {
        const Line& line = batch.lines[batch.order[batch.processed]];
        const QByteArray requestId =
            "req_sim_" + batch.id.mid(9) + '_' + QByteArray::number(batch.processed + 1);
        int status = 500;
        QByteArray body;
        if (m_batchOptions.requestErrorRate > 0 && m_rng.generateDouble() < m_batchOptions.requestErrorRate) {
            body =
                R"({"error":{"message":"The server had an error processing your request (simulated batch fault).","type":"server_error","param":null,"code":null}})";
        } else {
            HttpRequest inner;
            inner.method = "POST";
            inner.target = "/v1/embeddings";
            inner.version = "HTTP/1.1";
            inner.headers = {{"content-type", "application/json"}};
            inner.body = line.body;
            const PlannedResponse plan = m_inner->handle(inner, 0);
            status = plan.status;
            const qsizetype headerEnd = plan.bytes.indexOf("\r\n\r\n");
            body = plan.bytes.mid(headerEnd + 4).trimmed();
            if (status == 200) {
                m_stats->recordServed(plan.servedTexts, plan.servedTokens);
                batch.usedTokens += plan.servedTokens;
            }
        }
        QByteArray out = "{\"id\":\"batch_req_" + batch.id.mid(9) + '_' +
                         QByteArray::number(batch.processed + 1) + "\",\"custom_id\":";
        RequestBuilder::appendJsonString(out, line.customId);
        out += ",\"response\":{\"status_code\":" + QByteArray::number(status) + ",\"request_id\":\"" +
               requestId + "\",\"body\":" + body + "},\"error\":null}\n";
        if (status == 200) {
            ++batch.completed;
            batch.output += out;
        } else {
            ++batch.failed;
            batch.errorOutput += out;
        }
    }
}

void SimulatedBatchApi::finish(Batch& batch, Status status, double at, const char* pendingCode,
                               const QString& pendingMessage)
{
    if (pendingCode) {
        QVector<bool> ran(batch.lines.size(), false);
        for (int i = 0; i < batch.processed; ++i)
            ran[batch.order.isEmpty() ? i : batch.order[i]] = true;
        const QByteArray error =
            QJsonDocument(QJsonObject{{QStringLiteral("code"), QLatin1String(pendingCode)},
                                      {QStringLiteral("message"), pendingMessage}})
                .toJson(QJsonDocument::Compact);
        for (int i = 0; i < batch.lines.size(); ++i) {
            if (ran[i] || batch.lines[i].customId.isEmpty())
                continue;
            QByteArray out = "{\"id\":\"batch_req_" + batch.id.mid(9) + "_p" + QByteArray::number(i + 1) +
                             "\",\"custom_id\":";
            RequestBuilder::appendJsonString(out, batch.lines[i].customId);
            out += ",\"response\":null,\"error\":" + error + "}\n";
            batch.errorOutput += out;
        }
    }
    const qint64 when = unixTime(at);
    if (!batch.output.isEmpty())
        batch.outputFileId = m_files
                                 .add(QString::fromLatin1(batch.id + "_output.jsonl"),
                                      QStringLiteral("batch_output"), std::exchange(batch.output, {}), when)
                                 .id;
    if (!batch.errorOutput.isEmpty())
        batch.errorFileId =
            m_files
                .add(QString::fromLatin1(batch.id + "_error.jsonl"), QStringLiteral("batch_output"),
                     std::exchange(batch.errorOutput, {}), when)
                .id;
    batch.status = status;
    batch.endedAt = at;
}

QJsonObject SimulatedBatchApi::batchObject(const Batch& batch) const
{
    auto stamp = [&](double at) {
        return at < 0 ? QJsonValue() : QJsonValue(unixTime(at));
    };
    const bool validated = batch.status != Status::Validating && batch.status != Status::Failed &&
                           !(batch.status == Status::Cancelled && batch.inProgressAt < 0);
    const qint64 total = validated ? batch.lines.size() : 0;
    QJsonObject o{
        {QStringLiteral("id"), QString::fromLatin1(batch.id)},
        {QStringLiteral("object"), QStringLiteral("batch")},
        {QStringLiteral("endpoint"), QStringLiteral("/v1/embeddings")},
        {QStringLiteral("model"), batch.model.isEmpty() ? QJsonValue() : QJsonValue(batch.model)},
        {QStringLiteral("errors"),
         batch.errors.isEmpty() ? QJsonValue()
                                : QJsonValue(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                                         {QStringLiteral("data"), batch.errors}})},
        {QStringLiteral("input_file_id"), QString::fromLatin1(batch.inputFileId)},
        {QStringLiteral("completion_window"), QStringLiteral("24h")},
        {QStringLiteral("status"), QLatin1String(statusName(static_cast<int>(batch.status)))},
        {QStringLiteral("output_file_id"),
         batch.outputFileId.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(batch.outputFileId))},
        {QStringLiteral("error_file_id"),
         batch.errorFileId.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(batch.errorFileId))},
        {QStringLiteral("created_at"), unixTime(batch.created)},
        {QStringLiteral("in_progress_at"), stamp(batch.inProgressAt)},
        {QStringLiteral("expires_at"),
         unixTime(batch.created) + static_cast<qint64>(BatchSimOptions::kWindowMinutes * 60)},
        {QStringLiteral("finalizing_at"), stamp(batch.finalizingAt)},
        {QStringLiteral("completed_at"), stamp(batch.status == Status::Completed ? batch.endedAt : -1)},
        {QStringLiteral("failed_at"), stamp(batch.status == Status::Failed ? batch.endedAt : -1)},
        {QStringLiteral("expired_at"), stamp(batch.status == Status::Expired ? batch.endedAt : -1)},
        {QStringLiteral("cancelling_at"), stamp(batch.cancellingAt)},
        {QStringLiteral("cancelled_at"), stamp(batch.status == Status::Cancelled ? batch.endedAt : -1)},
        {QStringLiteral("request_counts"), QJsonObject{{QStringLiteral("total"), total},
                                                       {QStringLiteral("completed"), batch.completed},
                                                       {QStringLiteral("failed"), batch.failed}}},
        {QStringLiteral("usage"),
         QJsonObject{
             {QStringLiteral("input_tokens"), batch.usedTokens},
             {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
             {QStringLiteral("output_tokens"), 0},
             {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 0}}},
             {QStringLiteral("total_tokens"), batch.usedTokens}}},
        {QStringLiteral("metadata"), batch.metadata},
    };
    return o;
}

} // namespace ec
