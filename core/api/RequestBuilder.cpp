#include "api/RequestBuilder.h"

#include <QUrlQuery>

namespace ec {

namespace {

QUrl joinPath(QUrl base, const QString& tail)
{
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    base.setPath(path + tail);
    return base;
}

/// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid.
int utf8SequenceLength(const unsigned char* s, qsizetype i, qsizetype n)
{
    const unsigned char c = s[i];
    auto cont = [&](qsizetype k) {
        return i + k < n && (s[i + k] & 0xC0) == 0x80;
    };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        const unsigned char c1 = s[i + 1];
        if (c == 0xE0 && c1 < 0xA0)
            return 0; // overlong
        if (c == 0xED && c1 >= 0xA0)
            return 0; // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        const unsigned char c1 = s[i + 1];
        if (c == 0xF0 && c1 < 0x90)
            return 0; // overlong
        if (c == 0xF4 && c1 >= 0x90)
            return 0; // above U+10FFFF
        return 4;
    }
    return 0;
}

} // namespace

QUrl RequestBuilder::endpointFor(const ApiSettings& api, const EmbeddingSettings& embedding)
{
    if (api.flavor == ApiFlavor::Azure) {
        // Deployment names hold letters, digits, '-', '_' and '.'; QUrl encodes anything else.
        QUrl url = joinPath(api.baseUrl, QStringLiteral("/openai/deployments/") + embedding.model +
                                             QStringLiteral("/embeddings"));
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("api-version"));
        query.addQueryItem(QStringLiteral("api-version"), api.azureApiVersion);
        url.setQuery(query);
        return url;
    }
    return joinPath(api.baseUrl, QStringLiteral("/embeddings"));
}

RequestBuilder::RequestBuilder(const ApiSettings& api, const EmbeddingSettings& embedding)
    : m_api(api)
    , m_embedding(embedding)
    , m_endpoint(endpointFor(api, embedding))
{
    m_prefix = QByteArrayLiteral("{\"model\":");
    appendJsonString(m_prefix, m_embedding.model.toUtf8());
    m_prefix += m_api.base64 ? QByteArrayLiteral(",\"encoding_format\":\"base64\"")
                             : QByteArrayLiteral(",\"encoding_format\":\"float\"");
    if (m_embedding.sendDimensions())
        m_prefix += ",\"dimensions\":" + QByteArray::number(m_embedding.dimensions);
    m_prefix += ",\"input\":[";
}

QNetworkRequest RequestBuilder::request() const
{
    QNetworkRequest request(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("embedding-console/0.1"));
    if (!m_api.apiKey.isEmpty()) {
        if (m_api.flavor == ApiFlavor::Azure)
            request.setRawHeader(QByteArrayLiteral("api-key"), m_api.apiKey.toUtf8());
        else
            request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_api.apiKey.toUtf8());
    }
    if (m_api.requestTimeoutMs > 0)
        request.setTransferTimeout(m_api.requestTimeoutMs);
    return request;
}

QByteArray RequestBuilder::body(const QVector<EmbeddingInput>& inputs, const QVector<int>& indices) const
{
    qsizetype size = m_prefix.size() + 2;
    for (int index : indices)
        size += inputs[index].text.size() + 8;
    QByteArray out;
    out.reserve(size + size / 16);
    out += m_prefix;
    bool first = true;
    for (int index : indices) {
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, inputs[index].text);
    }
    out += "]}";
    return out;
}

void RequestBuilder::appendJsonString(QByteArray& out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
    const qsizetype n = utf8.size();
    out += '"';
    qsizetype runStart = 0;
    auto flush = [&](qsizetype end) {
        if (end > runStart)
            out.append(reinterpret_cast<const char*>(s + runStart), end - runStart);
    };
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const int len = utf8SequenceLength(s, i, n);
            if (len > 0) {
                i += len;
                continue;
            }
            flush(i);
            out += "\\ufffd";
            runStart = ++i;
            continue;
        }
        flush(i);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            break;
        }
        runStart = ++i;
    }
    flush(n);
    out += '"';
}

} // namespace ec
