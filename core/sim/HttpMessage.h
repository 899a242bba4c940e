#pragma once
// A small HTTP/1.1 server-side codec for the simulator: an incremental request parser
// (Content-Length and chunked bodies, `Expect: 100-continue`, keep-alive) and a response
// serializer. Small on purpose, so the simulator controls every byte it sends.

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace ec {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method;
    QByteArray target;   ///< as sent: path and query
    QByteArray version;  ///< "HTTP/1.1"
    HttpHeaders headers; ///< names in lower case, values trimmed
    QByteArray body;

    /// The value of the first header called `lowerName`; empty when absent.
    QByteArray header(const QByteArray& lowerName) const;
    QByteArray path() const;  ///< target without the query
    QByteArray query() const; ///< after '?', empty when none
    /// HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    bool keepAlive() const;
};

class HttpRequestParser
{
public:
    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
    static constexpr qsizetype kMaxBodyBytes = 256LL * 1024 * 1024;

    enum class Result { NeedMore, Complete, Invalid };

    /// Takes one whole request from the front of `buffer` into `request` (Complete), or
    /// leaves the buffer alone until more bytes arrive (NeedMore). Invalid: error() says why;
    /// the connection should be answered with 400 and closed.
    Result parse(QByteArray& buffer, HttpRequest* request);

    /// True once per request whose headers are in and that asked for `100 Continue`.
    bool takeContinueRequest();
    QString error() const { return m_error; }

private:
    Result fail(const QString& why);
    void reset();
    /// The decoded chunked body when complete: its size in the buffer in *consumed.
    Result parseChunked(const QByteArray& buffer, qsizetype from, QByteArray* body, qsizetype* consumed);

    bool m_headersDone = false;
    qsizetype m_headerLength = 0;
    qsizetype m_contentLength = 0;
    bool m_chunked = false;
    bool m_wantsContinue = false;
    HttpRequest m_request;
    QString m_error;
};

/// A whole HTTP/1.1 response: status line, the given headers, Content-Length, Connection.
QByteArray serializeHttpResponse(int status, const HttpHeaders& headers, const QByteArray& body,
                                 bool keepAlive);
/// "OK", "Bad Request", …
QByteArray httpReasonPhrase(int status);

} // namespace ec
