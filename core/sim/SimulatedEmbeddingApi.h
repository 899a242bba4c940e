#pragma once
// The simulator's API logic, without sockets: one parsed HTTP request in, the planned
// response out (bytes, delay, how to deliver them). EmbeddingSimulator carries it over TCP.
//
// Routes:
//   POST /v1/embeddings, /embeddings, /openai/deployments/{deployment}/embeddings (Azure style)
//   GET  /v1/models, /models   (says `"simulated": true` and owned_by "embedding-console-simulator")
// Every response carries `x-simulator: embedding-console`.
//
// An embeddings request is checked in this order:
//   1. API key (when SimulatorOptions::requiredApiKey is set): 401, in OpenAI's words;
//   2. body: JSON object with `model` and `input` (a string, strings, token ids or arrays of
//      token ids); `encoding_format` float|base64; `dimensions` a positive integer the model
//      accepts: 400 with the real error format otherwise;
//   3. limits: empty input, more than maxInputsPerRequest inputs, an input over
//      maxTokensPerInput tokens, more than maxTokensPerRequest tokens: 400;
//   4. `bad-input:` faults: 400 naming the input;
//   5. rate limits (rpm/tpm over a sliding minute): 429 with retry-after, retry-after-ms and
//      x-ratelimit-* headers;
//   6. --fail-rate and the listed random faults;
//   7. the answer: `{"object":"list","data":[{"object":"embedding","index":i,"embedding":…}],
//      "model":…,"usage":{"prompt_tokens":N,"total_tokens":N}}`, tokens counted with the exact
//      cl100k_base tokenizer. x-ratelimit-* headers are sent whenever a limit is set.

#include "sim/FaultPlan.h"
#include "sim/HttpMessage.h"
#include "sim/SimulatorOptions.h"
#include "sim/SimulatorStats.h"
#include "sim/SlidingWindowLimit.h"

#include <QVector>

#include <memory>

namespace ec {

/// What to send back for one request, and how.
struct PlannedResponse
{
    enum class Delivery {
        Respond, ///< write `bytes`
        Hang,    ///< write nothing; close the connection after `delayMs`
        Reset,   ///< write `bytes` (a cut response), then reset the connection
    };
    Delivery delivery = Delivery::Respond;
    int delayMs = 0;
    QByteArray bytes;
    bool keepAlive = true;
    int status = 0;
    /// Texts answered with correct vectors: counted as served once the bytes are written.
    QVector<QByteArray> servedTexts;
    qint64 servedTokens = 0;
    SimulatorRequestRecord record; ///< what was recorded about the request
};

class SimulatedEmbeddingApi
{
public:
    /// `options` must validate(). `stats` outlives this object.
    SimulatedEmbeddingApi(const SimulatorOptions& options, SimulatorStatsRecorder* stats);

    /// Plans the answer to `request`, arriving `nowMs` after the simulator started.
    PlannedResponse handle(const HttpRequest& request, qint64 nowMs);

    /// The response to a request the HTTP parser rejected.
    static PlannedResponse badHttp(const QString& why);

private:
    PlannedResponse embeddings(const HttpRequest& request, const QByteArray& deployment, qint64 nowMs,
                               SimulatorRequestRecord& record);
    PlannedResponse models(const HttpRequest& request) const;
    PlannedResponse error(const HttpRequest& request, int status, const QString& message, const QString& type,
                          const QString& param, const QString& code, HttpHeaders extra = {}) const;
    PlannedResponse success(const HttpRequest& request, const QString& model,
                            const QVector<QByteArray>& texts, qint64 tokens, int dimensions, bool base64,
                            std::optional<FaultSpec::Kind> fault, qint64 nowMs);
    HttpHeaders commonHeaders() const;
    void addRateLimitHeaders(HttpHeaders& headers, qint64 nowMs);
    int nativeDimensions(const QString& model) const;

    SimulatorOptions m_options;
    SimulatorStatsRecorder* m_stats;
    FaultPlan m_faults;
    SlidingWindowLimit m_limits;
    quint64 m_requestCounter = 0;
};

} // namespace ec
