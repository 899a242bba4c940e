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
//
// Beyond retry-or-not, an error says what it is about (ApiError::Remedy), as the provider means
// it (docs/providers.md):
//   - StopRun: the account or the endpoint, never the items: 401/403, 404 (an unknown model or
//     a wrong URL), and quota or billing codes (insufficient_quota, billing_hard_limit_reached,
//     *_spend_limit_exceeded) whatever the status — a 429 insufficient_quota is not a rate limit.
//   - ShrinkRequest: the request was too large for the server (413, or a 400/422 whose message
//     says the batch, the payload or the token total is too large); statedLimit holds the
//     maximum inputs (or tokensLimit the token total) the message states, 0 when it states none.
//   - TruncateInput: an input is longer than the model's context; statedLimit holds the
//     context in tokens the message states.
// Both body shapes are read: OpenAI/Ollama's `{"error":{message,type,param,code}}` and the flat
// `{"message","code","type"}` of TEI and vLLM (and TEI's native `{"error","error_type"}`).

#include <QByteArray>
#include <QMetaType>
#include <QNetworkReply>
#include <QString>

namespace ec {

struct ApiError
{
    enum class Kind { Retryable, Permanent, Aborted };
    enum class Remedy { None, StopRun, ShrinkRequest, TruncateInput };

    Kind kind = Kind::Permanent;
    Remedy remedy = Remedy::None;
    int statedLimit = 0; ///< ShrinkRequest: max inputs; TruncateInput: max tokens; 0: not stated
    int tokensLimit = 0; ///< ShrinkRequest: max tokens per request, when that is what was stated
    int httpStatus = 0;  ///< 0 when no HTTP response arrived (network error, timeout, abort)
    QString type;        ///< the API's error.type, e.g. "invalid_request_error"
    QString code;        ///< the API's error.code, e.g. "rate_limit_exceeded"
    QString param;       ///< the API's error.param
    QString message;     ///< the API's error.message, or our own description

    bool isRetryable() const { return kind == Kind::Retryable; }
    /// One line for people: "HTTP 400 invalid_request_error: message".
    QString toString() const;
    /// The same error with every occurrence of the given secrets replaced by "***".
    ApiError scrubbed(const QStringList& secrets) const;

    static ApiError aborted();
    /// Derives remedy and the stated limits from the status, code, type and message.
    void deriveRemedy();
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
