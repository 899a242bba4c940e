#pragma once
// The simulator's API logic, without sockets: one parsed HTTP request in, the planned
// response out (bytes, delay, how to deliver them). EmbeddingSimulator carries it over TCP.
//
// Routes (SimulatorOptions::profile decides which are served):
//   POST /v1/embeddings, /embeddings                      every profile but azure
//   POST /openai/deployments/{deployment}/embeddings       openai, and azure (which requires
//                                                          `?api-version=`)
//   GET  /v1/models, /models   (says `"simulated": true` and owned_by "embedding-console-simulator")
// Every response carries `x-simulator: embedding-console`.
//
// An embeddings request is checked in this order; every refusal is worded and shaped as the
// profile's server does it (ProfileErrors):
//   1. queue: more requests in flight than the profile's maxQueue: "queue full", at once;
//   2. API key (when SimulatorOptions::requiredApiKey is set and the server checks keys);
//   3. quota (SimulatorOptions::quotaExhausted): 429 insufficient_quota;
//   4. body: JSON object with `model` (not for TEI) and `input` (a string, strings, token ids or
//      arrays of token ids); `encoding_format` float|base64; `dimensions` a positive integer the
//      model accepts; `model` one of knownModels when that is set;
//   5. caps: no input, too many inputs, an empty input, an input over the context (cut instead
//      when truncateOverlong), too many tokens in all;
//   6. `bad-input:` faults, naming the input;
//   7. rate limits (rpm/tpm over a sliding minute): 429 with retry-after and retry-after-ms;
//   8. --fail-rate and the listed random faults;
//   9. the answer: `{"object":"list","data":[{"object":"embedding","index":i,"embedding":…}],
//      "model":…,"usage":{"prompt_tokens":N,"total_tokens":N}}`, tokens counted with the exact
//      cl100k_base tokenizer.
// While rpm or tpm is set, every answer carries the profile's x-ratelimit-* headers (none for
// tei, ollama and vllm).

#include "sim/FaultPlan.h"
#include "sim/HttpMessage.h"
#include "sim/ProfileErrors.h"
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
    PlannedResponse models(const HttpRequest& request);
    /// The profile's answer for `errorCase`, with latency (none for a full queue).
    PlannedResponse error(const HttpRequest& request, ErrorCase errorCase, const ErrorFacts& facts = {},
                          HttpHeaders extra = {});
    PlannedResponse success(const HttpRequest& request, const QString& model,
                            const QVector<QByteArray>& texts, qint64 tokens, int dimensions, bool base64,
                            std::optional<FaultSpec::Kind> fault);
    /// content-type, identity, request id and the rate-limit headers of the profile.
    HttpHeaders commonHeaders();
    PlannedResponse respond(const HttpRequest& request, int status, HttpHeaders headers,
                            const QByteArray& body);
    /// A 429 for a rate limit: retry-after (seconds) and retry-after-ms.
    PlannedResponse rateLimited(const HttpRequest& request, qint64 retryAfterMs, const QString& detail,
                                const QString& type, const QString& model);
    int nativeDimensions(const QString& model) const;

    SimulatorOptions m_options;
    const ProfileTraits& m_traits;
    const SimulatorOptions::Limits m_caps;
    const ProfileErrors m_errors;
    SimulatorStatsRecorder* m_stats;
    FaultPlan m_faults;
    SlidingWindowLimit m_limits;
    quint64 m_requestCounter = 0;
    qint64 m_nowMs = 0;   ///< arrival of the request being planned
    QString m_apiVersion; ///< its ?api-version=, for Azure's wording
};

} // namespace ec
