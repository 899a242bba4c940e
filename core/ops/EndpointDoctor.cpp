#include "ops/EndpointDoctor.h"

#include "util/Secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace ec {

EndpointDoctor::EndpointDoctor(const ApiSettings& api, const EmbeddingSettings& embedding, QObject* parent)
    : QObject(parent)
    , m_builder(api, embedding)
    , m_network(new QNetworkAccessManager(this))
{
    if (!api.apiKey.isEmpty())
        m_secrets << api.apiKey;
    m_report.endpoint = redactUrl(m_builder.endpoint().toString());
}

void EndpointDoctor::start()
{
    send(1);
}

void EndpointDoctor::send(int inputs)
{
    QVector<EmbeddingInput> texts;
    QVector<int> indices;
    for (int i = 0; i < inputs; ++i) {
        texts.push_back({QByteArray("doctor probe ") + QByteArray::number(i), 3});
        indices.push_back(i);
    }
    m_report.inputsSent += inputs;
    m_clock.start();
    QNetworkReply* reply = m_network->post(m_builder.request(), m_builder.body(texts, indices));
    connect(reply, &QNetworkReply::finished, this, [this, reply, inputs] { onReply(reply, inputs); });
}

void EndpointDoctor::onReply(QNetworkReply* reply, int inputs)
{
    reply->deleteLater();
    const qint64 latency = m_clock.elapsed();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QByteArray body = reply->readAll();
    const bool first = inputs == 1;
    if (first) {
        m_report.latencyMs = latency;
        m_report.reachable = status > 0;
        m_report.limits =
            RateLimitHeaders::parse([reply](const QByteArray& name) { return reply->rawHeader(name); });
    }
    if (status < 200 || status >= 300) {
        const ApiError error =
            (status == 0
                 ? ErrorClassifier::fromNetworkError(reply->error(), redactUrl(reply->errorString()), false)
                 : ErrorClassifier::fromHttpResponse(status, body))
                .scrubbed(m_secrets);
        if (first) {
            m_report.error = error;
            finish();
            return;
        }
        // A refusal of a larger batch: the size is the answer, the endpoint still works.
        m_report.smallestBatchRefused = inputs;
        m_report.statedMaxBatch = error.remedy == ApiError::Remedy::ShrinkRequest ? error.statedLimit : 0;
        if (error.remedy != ApiError::Remedy::ShrinkRequest)
            m_report.error = error;
        finish();
        return;
    }
    if (first) {
        const QJsonValue embedding = QJsonDocument::fromJson(body)
                                         .object()
                                         .value(QLatin1String("data"))
                                         .toArray()
                                         .at(0)
                                         .toObject()
                                         .value(QLatin1String("embedding"));
        m_report.base64Honoured = embedding.isString();
        m_report.dimensions = embedding.isString()
                                  ? int(QByteArray::fromBase64(embedding.toString().toLatin1()).size() / 4)
                                  : int(embedding.toArray().size());
        m_report.works = m_report.dimensions > 0;
        if (!m_report.works) {
            m_report.error.message = QStringLiteral("the answer holds no vector");
            finish();
            return;
        }
    }
    m_report.largestBatchAccepted = inputs;
    if (inputs >= kLargestProbe) {
        finish();
        return;
    }
    send(inputs * 2);
}

void EndpointDoctor::finish()
{
    Q_EMIT finished(m_report);
}

} // namespace ec
