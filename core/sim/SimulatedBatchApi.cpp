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
