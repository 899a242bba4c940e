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

// SimulatedBatchApi's batch processing: validating an input file as the API does, running its
// request lines through the embeddings simulator, and ending a batch with its output and error
// files.

namespace ec {

namespace {

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

} // namespace

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

} // namespace ec
