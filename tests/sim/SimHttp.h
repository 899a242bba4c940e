#pragma once
// Plain HTTP against the simulator for its tests: one request at a time through
// QNetworkAccessManager, the status, body and headers back (Http), and the request bodies and
// URLs the tests send (request(), embeddingsUrl()).

#include "SimulatorFixture.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

namespace ec::test::simhttp {

struct Response
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    qint64 elapsedMs = 0;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject errorObject() const { return json().value(QLatin1String("error")).toObject(); }
    QByteArray header(const QByteArray& name) const { return headers.value(name); }
};

class Http
{
public:
    Response send(const QByteArray& method, const QUrl& url, const QByteArray& body = {},
                  const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(15000);
        for (const auto& [name, value] : headers)
            request.setRawHeader(name, value);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply* reply = m_nam.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(20000);
        Response r;
        r.elapsedMs = timer.elapsed();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        r.body = reply->readAll();
        for (const auto& [name, value] : reply->rawHeaderPairs())
            r.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return r;
    }

    Response post(const QUrl& url, const QJsonObject& body,
                  const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        return send("POST", url, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }

private:
    QNetworkAccessManager m_nam;
};

inline QUrl embeddingsUrl(const SimulatorFixture& sim)
{
    return QUrl(sim.baseUrl().toString() + QStringLiteral("/embeddings"));
}

inline QJsonObject request(const QStringList& inputs, const QString& format = QStringLiteral("base64"),
                           const QString& model = QStringLiteral("text-embedding-3-small"))
{
    QJsonObject body{{QStringLiteral("model"), model},
                     {QStringLiteral("input"), QJsonArray::fromStringList(inputs)}};
    if (!format.isEmpty())
        body.insert(QStringLiteral("encoding_format"), format);
    return body;
}

} // namespace ec::test::simhttp
