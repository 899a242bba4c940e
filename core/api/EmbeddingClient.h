#pragma once
// Asynchronous client of an OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure OpenAI,
// Ollama, vLLM, TEI, the built-in simulator) on QNetworkAccessManagers that keep connections
// alive and reuse them. A manager opens at most 6 HTTP/1.1 connections per host, so the client
// adds a manager whenever the ones it has carry 6 requests each (HTTP/2 over TLS multiplexes
// anyway).
//
// Usage: submit() a batch of prepared inputs and get a ticket; exactly one batchFinished()
// arrives for every ticket, with one InputOutcome per input in submission order. Meanwhile
// the client
//   - sends batches under the RateLimiter (requests and tokens per minute, configured and
//     learned from x-ratelimit-* headers; at most `concurrency` requests in flight), in
//     submission order, retries before new work;
//   - validates every 2xx response with ResponseDecoder: a response that fails is a
//     retryable error and never an outcome;
//   - retries retryable errors (RetryPolicy: retry-after(-ms) or exponential backoff with full
//     jitter, at most ApiSettings::maxRetries retries; a 429's retry-after also pauses every
//     other request);
//   - bisects a batch of several inputs that gets a 400 (or 413): each half is sent on its
//     own, recursively, until the bad inputs stand alone, so the good ones still succeed and
//     the bad ones fail with the API's own message;
//   - times out a request after ApiSettings::requestTimeoutMs without any data
//     (QNetworkRequest::setTransferTimeout), a retryable error;
//   - starts cautiously: one request in flight until the first success, then the window
//     doubles with every success up to `concurrency`, and halves on a 429 or 503 (slow start),
//     so an endpoint that refuses the run (quota, key, unknown model) sees one request, not
//     `concurrency` of them;
//   - reads what an error means (ApiError::Remedy): a request too large for the server is
//     split to the maximum the message states (else halved), that maximum is kept for the
//     rest of the client's life and announced (requestLimitsLearned), the requests queued
//     behind it are split to it before they are sent, and the inputs are not blamed; an error about the
//     account or the endpoint (quota, billing, key, unknown model, and an endpoint unreachable for several
//     requests in a row before any success) is announced once (runRefused) and fails its inputs with that
//     error.
// Inputs with empty text fail at once with a permanent error and are never sent. Each batch
// goes as one request, as the caller packed it; only one larger than the limits set
// (setRequestLimits()) or learned from a refusal is split over several requests.
//
// The API key goes only into the request headers: every error, log line and signal is
// scrubbed of it. Lives on one thread and never blocks it.

#include "api/ApiTypes.h"
#include "api/RateLimiter.h"
#include "api/RequestBuilder.h"
#include "api/ResponseDecoder.h"
#include "api/RetryPolicy.h"
#include "config/AppConfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <deque>
#include <limits>
#include <map>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace ec {

class EmbeddingClient : public QObject
{
    Q_OBJECT
public:
    EmbeddingClient(const ApiSettings& api, const EmbeddingSettings& embedding, QObject* parent = nullptr);
    /// Drops whatever is in flight or queued without emitting anything.
    ~EmbeddingClient() override;

    /// Queues `inputs` and returns the ticket batchFinished() will carry. Never blocks and never
    /// emits batchFinished() before returning.
    quint64 submit(QVector<EmbeddingInput> inputs);

    /// Aborts the requests in flight and fails everything queued with an Aborted error.
    /// Every open ticket gets its batchFinished() before this returns; nothing is emitted for
    /// them afterwards.
    void abortAll();

    /// Requests on the wire.
    int inFlight() const;
    /// Requests waiting to be sent: for the rate limits, a free slot, or a retry's delay.
    int queued() const;
    /// Tickets without their batchFinished() yet.
    int pendingTickets() const;

    /// Requests allowed in flight at once (at least 1).
    void setConcurrency(int concurrency);
    /// Splits submitted batches above these per-request limits (none until set: the caller packs
    /// its requests, RunEngine with the configuration's limits, and sets them here as a guard).
    void setRequestLimits(int maxInputs, int maxTokens);

    RateLimitSnapshot rateLimits() const;
    /// The URL requests go to (may hold no secret: keys travel in headers).
    QUrl endpoint() const;

Q_SIGNALS:
    /// Exactly once per ticket: one outcome per submitted input, in submission order.
    void batchFinished(quint64 ticket, const QVector<ec::InputOutcome>& outcomes);
    /// After every HTTP attempt.
    void requestCompleted(const ec::RequestStats& stats);
    /// The server refused a request as too large: from now on at most maxInputs inputs and
    /// maxTokens tokens go in one request.
    void requestLimitsLearned(int maxInputs, int maxTokens);
    /// An error no item can be blamed for: the account, the key, the model or the endpoint
    /// (ApiError::Remedy::StopRun). Emitted once; the caller should stop (abortAll()).
    void runRefused(const ec::ApiError& error);
    /// A failed request will be sent again after notice.delayMs.
    void retryScheduled(const ec::RetryNotice& notice);
    /// The rate limits or the server's reported budget changed.
    void rateLimitsChanged(const ec::RateLimitSnapshot& snapshot);
    void inFlightChanged(int inFlight);

private:
    /// One submitted batch and its outcomes so far.
    struct Ticket
    {
        QVector<EmbeddingInput> inputs;
        QVector<InputOutcome> outcomes;
        QVector<bool> resolved; ///< per input: its outcome is final
        int unresolved = 0;
    };
    /// The inputs of one request: a whole ticket, part of it, or a half after bisection.
    struct Job
    {
        quint64 ticket = 0;
        QVector<int> indices;
        int tokens = 0;
        int attempt = 1; ///< the attempt the next send will be
    };
    struct Sending
    {
        Job job;
        QElapsedTimer started;
        int manager = 0; ///< index in m_managers
    };
    /// The manager for the next request: the first with fewer than 6 requests out, else a new one.
    int pickManager();

    void pump();
    void armTimer(qint64 delayMs);
    void send(Job job);
    void onReplyFinished(QNetworkReply* reply);
    void resolve(const Job& job, const ApiError& error);
    /// Queues these inputs of a ticket as requests within the request limits, at the back (new
    /// work) or at the front (a request split after the server found it too large).
    void queueWithinLimits(quint64 ticket, const QVector<int>& indices, bool atFront);
    void finishIfDone(quint64 ticket);
    void emitInFlight();
    qint64 nowMs() const { return m_clock.elapsed(); }
    static Job makeJob(quint64 ticket, const Ticket& t, QVector<int> indices);

    QStringList m_secrets;
    RequestBuilder m_builder;
    ResponseDecoder m_decoder;
    RetryPolicy m_retry;
    RateLimiter m_limiter;
    QVector<QNetworkAccessManager*> m_managers;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;

    int m_maxInputs = std::numeric_limits<int>::max();
    int m_maxTokens = std::numeric_limits<int>::max();
    quint64 m_nextTicket = 1;
    QHash<quint64, Ticket> m_tickets;
    std::deque<Job> m_queue;              ///< ready to send, in order
    std::multimap<qint64, Job> m_delayed; ///< retries by due time (nowMs())
    QHash<QNetworkReply*, Sending> m_sending;
    int m_lastInFlight = 0;
    int m_window = 1;            ///< slow start: requests allowed in flight now
    bool m_succeeded = false;    ///< a request has succeeded
    int m_unreachableInARow = 0; ///< transport failures in a row before any success
    bool m_refused = false;      ///< runRefused() was emitted
};

} // namespace ec
