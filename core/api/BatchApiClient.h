#pragma once
// A small blocking client of the OpenAI Batch API (docs/batch-api.md): upload a JSONL input
// file, create, retrieve, list and cancel batches, download an output or error file. Each call
// runs its own request to the end (a local event loop, the transfer timeout of ApiSettings) and
// answers the parsed object or a one-line error; call it from a thread that may block (the CLI,
// a StoreJob), never the UI thread. Same base URL and key as the embeddings requests
// (RequestBuilder); OpenAI flavour only.

#include "config/AppConfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace ec {

/// A batch as the API reports it.
struct BatchInfo
{
    QString id;
    QString
        status; ///< validating, failed, in_progress, finalizing, completed, expired, cancelling, cancelled
    QString inputFileId;
    QString outputFileId;
    QString errorFileId;
    qint64 total = 0;
    qint64 completed = 0;
    qint64 failed = 0;
    qint64 createdAt = 0; ///< unix seconds
    qint64 expiresAt = 0;
    qint64 usageTokens = -1; ///< usage.input_tokens, -1 when absent
    QString errors;          ///< errors.data joined: "code: message" lines
    QJsonObject metadata;

    /// failed, completed, expired or cancelled: nothing will change any more.
    bool ended() const;
    static BatchInfo fromJson(const QJsonObject& object);
};

class BatchApiClient
{
public:
    explicit BatchApiClient(const ApiSettings& api);
    ~BatchApiClient();

    /// POST /v1/files (purpose=batch): the new file's id.
    std::optional<QString> upload(const QByteArray& jsonl, const QString& filename, QString* error);
    /// POST /v1/batches for /v1/embeddings within 24 h.
    std::optional<BatchInfo> create(const QString& inputFileId, const QJsonObject& metadata, QString* error);
    std::optional<BatchInfo> retrieve(const QString& batchId, QString* error);
    std::optional<BatchInfo> cancel(const QString& batchId, QString* error);
    /// The batch created from inputFileId, searched newest first among the last `scan` batches;
    /// nullopt without error when there is none.
    std::optional<BatchInfo> findByInputFile(const QString& inputFileId, QString* error, int scan = 1000);
    /// GET /v1/files/{id}/content.
    std::optional<QByteArray> content(const QString& fileId, QString* error);
    /// The HTTP status of the last request's answer (404: no such batch or file at this
    /// endpoint); 0 when no answer came.
    int lastStatus() const { return m_lastStatus; }

private:
    struct Reply
    {
        int status = 0;
        QByteArray body;
    };
    std::optional<Reply> send(const QByteArray& method, const QString& path, const QByteArray& body,
                              const QByteArray& contentType, QString* error);
    std::optional<QJsonObject> json(const QByteArray& method, const QString& path, const QByteArray& body,
                                    QString* error);

    ApiSettings m_api;
    std::unique_ptr<QNetworkAccessManager> m_network;
    int m_lastStatus = 0;
};

} // namespace ec
