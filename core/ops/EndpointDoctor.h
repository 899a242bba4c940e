#pragma once
// Checks an embeddings endpoint before any money is spent (`embedctl doctor`): one tiny
// request for reachability, authentication, latency, the model's dimensions, whether base64 is
// honoured and the rate limits the server advertises; then requests of 2, 4, 8 … 64 tiny inputs
// (127 in all at most) to find the largest batch it accepts, stopping at the first refusal
// (whose stated maximum, if any, is reported). Asynchronous on the caller's thread; finished()
// comes exactly once.

#include "api/ApiError.h"
#include "api/RateLimitHeaders.h"
#include "api/RequestBuilder.h"
#include "config/AppConfig.h"

#include <QElapsedTimer>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace ec {

struct EndpointReport
{
    QString endpoint;            ///< the request URL (no secrets)
    bool reachable = false;      ///< an HTTP answer came
    bool works = false;          ///< the tiny request was embedded: a run would work
    ApiError error;              ///< why not, when it does not
    qint64 latencyMs = -1;       ///< of the first request
    int dimensions = 0;          ///< of the vector the model returned
    bool base64Honoured = false; ///< the vector came as base64 when asked for it
    RateLimitHeaders limits;     ///< what the first answer advertised (nothing: no such headers)
    int largestBatchAccepted = 0;
    int smallestBatchRefused = 0; ///< 0: none refused up to the probe's end
    int statedMaxBatch = 0;       ///< what the refusal said, 0 when it said nothing
    int inputsSent = 0;

    /// 0 when a run would work, 1 otherwise (embedctl's exit codes).
    int exitCode() const { return works ? 0 : 1; }
};

class EndpointDoctor : public QObject
{
    Q_OBJECT
public:
    /// The most inputs one probe request holds.
    static constexpr int kLargestProbe = 64;

    EndpointDoctor(const ApiSettings& api, const EmbeddingSettings& embedding, QObject* parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(const ec::EndpointReport& report);

private:
    void send(int inputs);
    void onReply(QNetworkReply* reply, int inputs);
    void finish();

    RequestBuilder m_builder;
    QStringList m_secrets;
    QNetworkAccessManager* m_network = nullptr;
    QElapsedTimer m_clock;
    EndpointReport m_report;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::EndpointReport)
