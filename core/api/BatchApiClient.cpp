#include "api/BatchApiClient.h"

#include "util/Secrets.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace ec {

bool BatchInfo::ended() const
{
    return status == QLatin1String("failed") || status == QLatin1String("completed") ||
           status == QLatin1String("expired") || status == QLatin1String("cancelled");
}

BatchInfo BatchInfo::fromJson(const QJsonObject& o)
{
    BatchInfo info;
    info.id = o.value(QLatin1String("id")).toString();
    info.status = o.value(QLatin1String("status")).toString();
    info.inputFileId = o.value(QLatin1String("input_file_id")).toString();
    info.outputFileId = o.value(QLatin1String("output_file_id")).toString();
    info.errorFileId = o.value(QLatin1String("error_file_id")).toString();
    const QJsonObject counts = o.value(QLatin1String("request_counts")).toObject();
    info.total = counts.value(QLatin1String("total")).toInteger();
    info.completed = counts.value(QLatin1String("completed")).toInteger();
    info.failed = counts.value(QLatin1String("failed")).toInteger();
    info.createdAt = o.value(QLatin1String("created_at")).toInteger();
    info.expiresAt = o.value(QLatin1String("expires_at")).toInteger();
    const QJsonValue usage = o.value(QLatin1String("usage"));
    if (usage.isObject())
        info.usageTokens = usage.toObject().value(QLatin1String("input_tokens")).toInteger(-1);
    QStringList errors;
    for (const QJsonValue& e :
         o.value(QLatin1String("errors")).toObject().value(QLatin1String("data")).toArray()) {
        const QJsonObject error = e.toObject();
        errors << QStringLiteral("%1: %2").arg(error.value(QLatin1String("code")).toString(),
                                               error.value(QLatin1String("message")).toString());
    }
    info.errors = errors.join(QLatin1Char('\n'));
    info.metadata = o.value(QLatin1String("metadata")).toObject();
    return info;
}

BatchApiClient::BatchApiClient(const ApiSettings& api)
    : m_api(api)
    , m_network(std::make_unique<QNetworkAccessManager>())
{}

BatchApiClient::~BatchApiClient() = default;

std::optional<BatchApiClient::Reply> BatchApiClient::send(const QByteArray& method, const QString& path,
                                                          const QByteArray& body,
                                                          const QByteArray& contentType, QString* error)
{
    QUrl url = m_api.baseUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(base + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("embedding-console/0.1"));
    if (!m_api.apiKey.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_api.apiKey.toUtf8());
    if (m_api.requestTimeoutMs > 0)
        request.setTransferTimeout(std::max(m_api.requestTimeoutMs, 300000)); // files can be large
    QNetworkReply* reply = m_network->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_lastStatus = out.status;
    out.body = reply->readAll();
    const QString networkError = reply->errorString();
    const bool transportFailed = out.status == 0;
    reply->deleteLater();
    if (transportFailed) {
        if (error)
            *error = QStringLiteral("%1 %2: %3")
                         .arg(QString::fromLatin1(method), path, scrubSecrets(networkError, {m_api.apiKey}));
        return std::nullopt;
    }
    if (out.status < 200 || out.status >= 300) {
        const QJsonObject e =
            QJsonDocument::fromJson(out.body).object().value(QLatin1String("error")).toObject();
        const QString message = e.value(QLatin1String("message")).toString();
        if (error)
            *error =
                QStringLiteral("%1 %2: HTTP %3 %4")
                    .arg(QString::fromLatin1(method), path)
                    .arg(out.status)
                    .arg(scrubSecrets(message.isEmpty() ? QString::fromUtf8(out.body.left(200)) : message,
                                      {m_api.apiKey}));
        return std::nullopt;
    }
    return out;
}

std::optional<QJsonObject> BatchApiClient::json(const QByteArray& method, const QString& path,
                                                const QByteArray& body, QString* error)
{
    const auto reply = send(method, path, body, body.isEmpty() ? QByteArray() : "application/json", error);
    if (!reply)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->body, &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 %2: the answer is not a JSON object")
                         .arg(QString::fromLatin1(method), path);
        return std::nullopt;
    }
    return doc.object();
}

std::optional<QString> BatchApiClient::upload(const QByteArray& jsonl, const QString& filename,
                                              QString* error)
{
    const QByteArray boundary =
        "ec-batch-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    QByteArray body;
    body.reserve(jsonl.size() + 512);
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n";
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            filename.toUtf8() + "\"\r\nContent-Type: application/jsonl\r\n\r\n";
    body += jsonl;
    body += "\r\n--" + boundary + "--\r\n";
    const auto reply =
        send("POST", QStringLiteral("/files"), body, "multipart/form-data; boundary=" + boundary, error);
    if (!reply)
        return std::nullopt;
    const QString id = QJsonDocument::fromJson(reply->body).object().value(QLatin1String("id")).toString();
    if (id.isEmpty()) {
        if (error)
            *error = QStringLiteral("POST /files: no file id in the answer");
        return std::nullopt;
    }
    return id;
}

std::optional<BatchInfo> BatchApiClient::create(const QString& inputFileId, const QJsonObject& metadata,
                                                QString* error)
{
    const QJsonObject body{{QStringLiteral("input_file_id"), inputFileId},
                           {QStringLiteral("endpoint"), QStringLiteral("/v1/embeddings")},
                           {QStringLiteral("completion_window"), QStringLiteral("24h")},
                           {QStringLiteral("metadata"), metadata}};
    const auto o =
        json("POST", QStringLiteral("/batches"), QJsonDocument(body).toJson(QJsonDocument::Compact), error);
    if (!o)
        return std::nullopt;
    return BatchInfo::fromJson(*o);
}

std::optional<BatchInfo> BatchApiClient::retrieve(const QString& batchId, QString* error)
{
    const auto o = json("GET", QStringLiteral("/batches/") + batchId, {}, error);
    if (!o)
        return std::nullopt;
    return BatchInfo::fromJson(*o);
}

std::optional<BatchInfo> BatchApiClient::cancel(const QString& batchId, QString* error)
{
    const auto o = json("POST", QStringLiteral("/batches/%1/cancel").arg(batchId), {}, error);
    if (!o)
        return std::nullopt;
    return BatchInfo::fromJson(*o);
}

std::optional<BatchInfo> BatchApiClient::findByInputFile(const QString& inputFileId, QString* error, int scan)
{
    QString after;
    for (int seen = 0; seen < scan;) {
        QString path = QStringLiteral("/batches?limit=100");
        if (!after.isEmpty())
            path += QStringLiteral("&after=") + after;
        const auto o = json("GET", path, {}, error);
        if (!o)
            return std::nullopt;
        const QJsonArray data = o->value(QLatin1String("data")).toArray();
        for (const QJsonValue& v : data) {
            const BatchInfo info = BatchInfo::fromJson(v.toObject());
            if (info.inputFileId == inputFileId)
                return info;
        }
        seen += int(data.size());
        if (!o->value(QLatin1String("has_more")).toBool() || data.isEmpty())
            break;
        after = data.last().toObject().value(QLatin1String("id")).toString();
    }
    if (error)
        error->clear();
    return std::nullopt;
}

std::optional<QByteArray> BatchApiClient::content(const QString& fileId, QString* error)
{
    const auto reply = send("GET", QStringLiteral("/files/%1/content").arg(fileId), {}, {}, error);
    if (!reply)
        return std::nullopt;
    return reply->body;
}

} // namespace ec
