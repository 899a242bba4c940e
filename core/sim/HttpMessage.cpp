#include "sim/HttpMessage.h"

namespace ec {

QByteArray HttpRequest::header(const QByteArray& lowerName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

QByteArray HttpRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray HttpRequest::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    if (version == "HTTP/1.0")
        return connection.contains("keep-alive");
    return !connection.contains("close");
}

void HttpRequestParser::reset()
{
    m_headersDone = false;
    m_headerLength = 0;
    m_contentLength = 0;
    m_chunked = false;
    m_wantsContinue = false;
    m_request = HttpRequest{};
}

HttpRequestParser::Result HttpRequestParser::fail(const QString& why)
{
    m_error = why;
    reset();
    return Result::Invalid;
}

bool HttpRequestParser::takeContinueRequest()
{
    return std::exchange(m_wantsContinue, false);
}

HttpRequestParser::Result HttpRequestParser::parse(QByteArray& buffer, HttpRequest* request)
{
    if (!m_headersDone) {
        // Tolerate empty lines between requests (RFC 9112 §2.2).
        qsizetype skip = 0;
        while (skip + 1 < buffer.size() && buffer[skip] == '\r' && buffer[skip + 1] == '\n')
            skip += 2;
        if (skip > 0)
            buffer.remove(0, skip);
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffer.size() > kMaxHeaderBytes)
                return fail(QStringLiteral("request headers too large"));
            return Result::NeedMore;
        }
        if (end > kMaxHeaderBytes)
            return fail(QStringLiteral("request headers too large"));
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
            return fail(QStringLiteral("malformed request line"));
        m_request.method = requestLine[0];
        m_request.target = requestLine[1];
        m_request.version = requestLine[2];
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
            if (line.isEmpty())
                continue;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return fail(QStringLiteral("malformed header line"));
            m_request.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        m_headerLength = end + 4;
        m_chunked = m_request.header("transfer-encoding").toLower().contains("chunked");
        if (!m_chunked) {
            const QByteArray length = m_request.header("content-length");
            if (!length.isEmpty()) {
                bool ok = false;
                m_contentLength = length.toLongLong(&ok);
                if (!ok || m_contentLength < 0)
                    return fail(QStringLiteral("invalid Content-Length"));
                if (m_contentLength > kMaxBodyBytes)
                    return fail(QStringLiteral("request body too large"));
            }
        }
        m_wantsContinue = m_request.header("expect").toLower() == "100-continue";
        m_headersDone = true;
    }

    QByteArray body;
    qsizetype consumed = 0;
    if (m_chunked) {
        const Result r = parseChunked(buffer, m_headerLength, &body, &consumed);
        if (r != Result::Complete)
            return r;
    } else {
        if (buffer.size() - m_headerLength < m_contentLength)
            return Result::NeedMore;
        body = buffer.mid(m_headerLength, m_contentLength);
        consumed = m_headerLength + m_contentLength;
    }
    m_wantsContinue = false;
    buffer.remove(0, consumed);
    m_request.body = std::move(body);
    *request = std::move(m_request);
    reset();
    return Result::Complete;
}

HttpRequestParser::Result HttpRequestParser::parseChunked(const QByteArray& buffer, qsizetype from,
                                                          QByteArray* body, qsizetype* consumed)
{
    qsizetype pos = from;
    QByteArray out;
    for (;;) {
        const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return Result::NeedMore;
        QByteArray sizeText = buffer.mid(pos, lineEnd - pos);
        const qsizetype semicolon = sizeText.indexOf(';'); // chunk extensions
        if (semicolon >= 0)
            sizeText.truncate(semicolon);
        bool ok = false;
        const qsizetype size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return fail(QStringLiteral("invalid chunk size"));
        if (out.size() + size > kMaxBodyBytes)
            return fail(QStringLiteral("request body too large"));
        pos = lineEnd + 2;
        if (size == 0) {
            // Trailers, then an empty line.
            for (;;) {
                const qsizetype end = buffer.indexOf("\r\n", pos);
                if (end < 0)
                    return Result::NeedMore;
                const bool empty = end == pos;
                pos = end + 2;
                if (empty)
                    break;
            }
            *body = std::move(out);
            *consumed = pos;
            return Result::Complete;
        }
        if (buffer.size() < pos + size + 2)
            return Result::NeedMore;
        out.append(buffer.constData() + pos, size);
        pos += size;
        if (buffer[pos] != '\r' || buffer[pos + 1] != '\n')
            return fail(QStringLiteral("malformed chunk"));
        pos += 2;
    }
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray serializeHttpResponse(int status, const HttpHeaders& headers, const QByteArray& body,
                                 bool keepAlive)
{
    QByteArray out;
    out.reserve(body.size() + 512);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "content-length: " + QByteArray::number(body.size()) + "\r\n";
    out += keepAlive ? QByteArrayLiteral("connection: keep-alive\r\n")
                     : QByteArrayLiteral("connection: close\r\n");
    out += "\r\n";
    out += body;
    return out;
}

} // namespace ec
