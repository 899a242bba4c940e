#pragma once
// What went wrong with a request to the embeddings API, and whether trying again can help.
//
// ErrorClassifier turns HTTP statuses, the API's error bodies and network failures into
// ApiError values:
//   - Retryable: 408, 409, 429, every 5xx, timeouts, connection reset/refused/closed and
//     other transport failures, and responses that fail validation (ResponseDecoder).
//   - Permanent: 400, 401, 403, 404, 422 and every other 4xx; TLS and URL errors.
//   - Aborted: the caller gave up (EmbeddingClient::abortAll()).
// An `x-should-retry: true|false` response header (sent by OpenAI) overrides the status.

#include <QByteArray>
#include <QMetaType>
#include <QNetworkReply>
#include <QString>

namespace ec {

struct ApiError
{
    enum class Kind { Retryable, Permanent, Aborted };

    Kind kind = Kind::Permanent;
    int httpStatus = 0; ///< 0 when no HTTP response arrived (network error, timeout, abort)
    QString type;       ///< the API's error.type, e.g. "invalid_request_error"
    QString code;       ///< the API's error.code, e.g. "rate_limit_exceeded"
    QString param;      ///< the API's error.param
    QString message;    ///< the API's error.message, or our own description

    bool isRetryable() const { return kind == Kind::Retryable; }
    /// One line for people: "HTTP 400 invalid_request_error: message".
    QString toString() const;
    /// The same error with every occurrence of the given secrets replaced by "***".
    ApiError scrubbed(const QStringList& secrets) const;

    static ApiError aborted();
    static QString kindName(Kind kind);
};

class ErrorClassifier
{
public:
    /// The kind an HTTP error status implies (statuses < 400 are not errors: Permanent).
    static ApiError::Kind kindForStatus(int httpStatus);

    /// An error from an HTTP error response. Reads `{"error":{"message","type","param","code"}}`,
    /// also the `{"error":"text"}` and `{"message":…}` shapes other servers use; when the body
    /// says nothing, the message is the status text. `shouldRetryHeader` is the raw value of
    /// `x-should-retry` (empty when absent).
    static ApiError fromHttpResponse(int httpStatus, const QByteArray& body,
                                     const QByteArray& shouldRetryHeader = {});

    /// An error from a transport failure without an HTTP status. `timedOut` marks a request
    /// that hit the client's timeout.
    static ApiError fromNetworkError(QNetworkReply::NetworkError error, const QString& errorString,
                                     bool timedOut);

    /// A 2xx response that failed validation: retryable, never returned as success.
    static ApiError invalidResponse(int httpStatus, const QString& why);
};

} // namespace ec

Q_DECLARE_METATYPE(ec::ApiError)
