#include "api/ApiError.h"

#include "util/Secrets.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>

namespace ec {

namespace {

QString statusText(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 408:
        return QStringLiteral("Request Timeout");
    case 409:
        return QStringLiteral("Conflict");
    case 413:
        return QStringLiteral("Payload Too Large");
    case 422:
        return QStringLiteral("Unprocessable Entity");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return QStringLiteral("HTTP error");
    }
}

/// A JSON value as text: strings as they are, numbers without a fraction as integers, null empty.
QString scalarText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d == static_cast<double>(static_cast<qint64>(d)))
            return QString::number(static_cast<qint64>(d));
        return QString::number(d);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

/// Error bodies can be huge HTML pages from proxies: keep a readable prefix.
QString bodySnippet(const QByteArray& body)
{
    constexpr int kMax = 300;
    QString text = QString::fromUtf8(body.left(kMax)).simplified();
    if (body.size() > kMax)
        text += QStringLiteral("…");
    return text;
}

} // namespace

QString ApiError::toString() const
{
    QString text;
    if (httpStatus > 0)
        text = QStringLiteral("HTTP %1").arg(httpStatus);
    else if (kind == Kind::Aborted)
        text = QStringLiteral("aborted");
    else
        text = QStringLiteral("network error");
    if (!type.isEmpty())
        text += QLatin1Char(' ') + type;
    if (!code.isEmpty() && code != type)
        text += QStringLiteral(" (") + code + QLatin1Char(')');
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    return text;
}

ApiError ApiError::scrubbed(const QStringList& secrets) const
{
    ApiError copy = *this;
    copy.type = scrubSecrets(copy.type, secrets);
    copy.code = scrubSecrets(copy.code, secrets);
    copy.param = scrubSecrets(copy.param, secrets);
    copy.message = scrubSecrets(copy.message, secrets);
    return copy;
}

ApiError ApiError::aborted()
{
    ApiError error;
    error.kind = Kind::Aborted;
    error.type = QStringLiteral("aborted");
    error.message = QStringLiteral("the request was aborted");
    return error;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Retryable:
        return QStringLiteral("retryable");
    case Kind::Permanent:
        return QStringLiteral("permanent");
    case Kind::Aborted:
        return QStringLiteral("aborted");
    }
    return {};
}

void ApiError::deriveRemedy()
{
    remedy = Remedy::None;
    statedLimit = 0;
    tokensLimit = 0;
    const QString id = code + QLatin1Char(' ') + type;
    static const QRegularExpression billing(QStringLiteral(
        "insufficient_quota|billing_hard_limit_reached|billing_not_active|spend_limit_exceeded|"
        "access_terminated|account_deactivated"));
    if (httpStatus == 401 || httpStatus == 403 || httpStatus == 404 || billing.match(id).hasMatch()) {
        remedy = Remedy::StopRun;
        kind = Kind::Permanent;
        return;
    }
    if (httpStatus != 400 && httpStatus != 413 && httpStatus != 422)
        return;
    // "maximum context length is 8192 tokens" (OpenAI, vLLM); "must have less than 512 tokens" (TEI).
    static const QRegularExpression context(
        QStringLiteral("maximum context length is (\\d+)|must have less than (\\d+) tokens|"
                       "maximum input length of (\\d+) tokens|context length of only (\\d+) tokens"),
        QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = context.match(message); m.hasMatch()) {
        for (int i = 1; i <= m.lastCapturedIndex(); ++i) {
            if (!m.captured(i).isEmpty())
                statedLimit = m.captured(i).toInt();
        }
        remedy = Remedy::TruncateInput;
        return;
    }
    // "batch size 100 > maximum allowed batch size 32" (TEI); "'$.input' is too long… at most
    // 2048" / "too many inputs"; "max 300000 tokens per request" (OpenAI).
    static const QRegularExpression batch(
        QStringLiteral("maximum allowed batch size (\\d+)|batch size \\d+ > (\\d+)|at most (\\d+) inputs|"
                       "maximum of (\\d+) inputs|too many inputs|batch (is )?too large"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tokens(
        QStringLiteral("max (\\d+) tokens per request|maximum request size is (\\d+) tokens"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression payload(
        QStringLiteral("payload too large|request too large|body is too large"),
        QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = batch.match(message); m.hasMatch()) {
        for (int i = 1; i <= 4; ++i) {
            if (!m.captured(i).isEmpty())
                statedLimit = m.captured(i).toInt();
        }
        remedy = Remedy::ShrinkRequest;
    } else if (const QRegularExpressionMatch t = tokens.match(message); t.hasMatch()) {
        tokensLimit = std::max(t.captured(1).toInt(), t.captured(2).toInt());
        remedy = Remedy::ShrinkRequest;
    } else if (httpStatus == 413 || payload.match(message).hasMatch()) {
        remedy = Remedy::ShrinkRequest;
    }
}

ApiError::Kind ErrorClassifier::kindForStatus(int httpStatus)
{
    if (httpStatus == 408 || httpStatus == 409 || httpStatus == 429 || httpStatus >= 500)
        return ApiError::Kind::Retryable;
    return ApiError::Kind::Permanent;
}

ApiError ErrorClassifier::fromHttpResponse(int httpStatus, const QByteArray& body,
                                           const QByteArray& shouldRetryHeader)
{
    ApiError error;
    error.httpStatus = httpStatus;
    error.kind = kindForStatus(httpStatus);
    const QByteArray hint = shouldRetryHeader.trimmed().toLower();
    if (hint == "true")
        error.kind = ApiError::Kind::Retryable;
    else if (hint == "false")
        error.kind = ApiError::Kind::Permanent;

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject root = doc.object();
        const QJsonValue errorValue = root.value(QLatin1String("error"));
        if (errorValue.isObject()) {
            const QJsonObject e = errorValue.toObject();
            error.message = scalarText(e.value(QLatin1String("message")));
            error.type = scalarText(e.value(QLatin1String("type")));
            error.param = scalarText(e.value(QLatin1String("param")));
            error.code = scalarText(e.value(QLatin1String("code")));
        } else if (errorValue.isString()) {
            // TEI's native routes: {"error": "...", "error_type": "..."}
            error.message = errorValue.toString();
            error.type = scalarText(root.value(QLatin1String("error_type")));
        } else if (root.value(QLatin1String("message")).isString()) {
            // TEI's OpenAI route and vLLM: flat {"message", "code", "type"[, "param", "object"]}
            error.message = root.value(QLatin1String("message")).toString();
            error.type = scalarText(root.value(QLatin1String("type")));
            error.param = scalarText(root.value(QLatin1String("param")));
            error.code = scalarText(root.value(QLatin1String("code")));
            if (error.code == QString::number(httpStatus))
                error.code.clear(); // TEI repeats the status as its code
        }
    } else if (!body.trimmed().isEmpty()) {
        error.message = bodySnippet(body);
    }
    if (error.message.isEmpty())
        error.message = statusText(httpStatus);
    error.deriveRemedy();
    return error;
}

ApiError ErrorClassifier::fromNetworkError(QNetworkReply::NetworkError networkError,
                                           const QString& errorString, bool timedOut)
{
    ApiError error;
    error.httpStatus = 0;
    if (timedOut) {
        error.kind = ApiError::Kind::Retryable;
        error.type = QStringLiteral("timeout");
        error.message = QStringLiteral("no response within the request timeout");
        return error;
    }
    switch (networkError) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::UnknownServerError:
        error.kind = ApiError::Kind::Retryable;
        break;
    default:
        error.kind = ApiError::Kind::Permanent;
        break;
    }
    error.type = networkError == QNetworkReply::ConnectionRefusedError  ? QStringLiteral("connection_refused")
                 : networkError == QNetworkReply::RemoteHostClosedError ? QStringLiteral("connection_closed")
                                                                        : QStringLiteral("network_error");
    error.message = errorString;
    return error;
}

ApiError ErrorClassifier::invalidResponse(int httpStatus, const QString& why)
{
    ApiError error;
    error.kind = ApiError::Kind::Retryable;
    error.httpStatus = httpStatus;
    error.type = QStringLiteral("invalid_response");
    error.message = why;
    return error;
}

} // namespace ec
