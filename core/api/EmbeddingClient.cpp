#include "api/EmbeddingClient.h"

#include "util/Logging.h"
#include "util/Secrets.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>

namespace ec {

namespace {

QStringList secretsOf(const ApiSettings& api)
{
    QStringList secrets;
    if (!api.apiKey.isEmpty())
        secrets << api.apiKey;
    return secrets;
}

bool isBisectable(const ApiError& error)
{
    if (error.kind != ApiError::Kind::Permanent)
        return false;
    // One over-long input refuses the whole request (TEI answers 422): find it.
    if (error.remedy == ApiError::Remedy::TruncateInput)
        return true;
    return error.remedy == ApiError::Remedy::None && (error.httpStatus == 400 || error.httpStatus == 413);
}

/// Transport failures that mean "there is no such endpoint here", not "try again".
bool isUnreachable(const ApiError& error)
{
    return error.httpStatus == 0 && error.kind != ApiError::Kind::Aborted &&
           error.type != QLatin1String("timeout") && error.type != QLatin1String("invalid_response");
}

/// After this many unreachable requests in a row with no success ever, the endpoint is taken
/// for absent (DNS, refused, TLS) and the run stops instead of blaming its items.
constexpr int kUnreachableRequests = 3;

} // namespace

EmbeddingClient::EmbeddingClient(const ApiSettings& api, const EmbeddingSettings& embedding, QObject* parent)
    : QObject(parent)
    , m_secrets(secretsOf(api))
    , m_builder(api, embedding)
    , m_decoder(embedding.effectiveDimensions())
    , m_retry(api.maxRetries, api.backoffBaseMs, api.backoffMaxMs)
    , m_limiter(api.requestsPerMinute, api.tokensPerMinute, api.concurrency)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<ec::InputOutcome>();
    qRegisterMetaType<QVector<ec::InputOutcome>>();
    qRegisterMetaType<ec::RequestStats>();
    qRegisterMetaType<ec::RetryNotice>();
    qRegisterMetaType<ec::RateLimitSnapshot>();
    m_clock.start();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &EmbeddingClient::pump);
}

EmbeddingClient::~EmbeddingClient()
{
    const auto replies = m_sending.keys();
    m_sending.clear();
    for (QNetworkReply* reply : replies) {
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
}

EmbeddingClient::Job EmbeddingClient::makeJob(quint64 ticket, const Ticket& t, QVector<int> indices)
{
    Job job;
    job.ticket = ticket;
    for (int index : indices)
        job.tokens += std::max(0, t.inputs[index].tokens);
    job.indices = std::move(indices);
    return job;
}

quint64 EmbeddingClient::submit(QVector<EmbeddingInput> inputs)
{
    const quint64 ticketId = m_nextTicket++;
    Ticket& ticket = m_tickets[ticketId];
    ticket.inputs = std::move(inputs);
    ticket.outcomes.resize(ticket.inputs.size());
    ticket.resolved.fill(false, ticket.inputs.size());
    ticket.unresolved = static_cast<int>(ticket.inputs.size());

    QVector<int> toSend;
    for (int i = 0; i < ticket.inputs.size(); ++i) {
        if (!ticket.inputs[i].text.isEmpty()) {
            toSend.append(i);
            continue;
        }
        InputOutcome& outcome = ticket.outcomes[i];
        outcome.error.kind = ApiError::Kind::Permanent;
        outcome.error.type = QStringLiteral("empty_input");
        outcome.error.message = QStringLiteral("the input is empty and was not sent");
        ticket.resolved[i] = true;
        --ticket.unresolved;
    }
    queueWithinLimits(ticketId, toSend, false);

    if (ticket.unresolved == 0) {
        // Nothing to send: answer from the event loop, after the caller has its ticket.
        QMetaObject::invokeMethod(
            this, [this, ticketId] { finishIfDone(ticketId); }, Qt::QueuedConnection);
        return ticketId;
    }
    pump();
    return ticketId;
}

void EmbeddingClient::pump()
{
    const qint64 now = nowMs();
    // Retries that are due go first, in due order.
    std::vector<Job> due;
    while (!m_delayed.empty() && m_delayed.begin()->first <= now) {
        due.push_back(std::move(m_delayed.begin()->second));
        m_delayed.erase(m_delayed.begin());
    }
    for (auto it = due.rbegin(); it != due.rend(); ++it)
        m_queue.push_front(std::move(*it));

    qint64 wait = 0;
    while (!m_queue.empty()) {
        if (inFlight() >= m_window) {
            wait = -1; // slow start: a request in flight has to finish first
            break;
        }
        const qint64 delay = m_limiter.delayFor(m_queue.front().tokens);
        if (delay != 0) {
            wait = delay; // -1: a request in flight has to finish first
            break;
        }
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        send(std::move(job));
    }
    emitInFlight();

    qint64 next = wait > 0 ? wait : -1;
    if (!m_delayed.empty()) {
        const qint64 untilRetry = std::max<qint64>(1, m_delayed.begin()->first - now);
        next = next < 0 ? untilRetry : std::min(next, untilRetry);
    }
    armTimer(next);
}

void EmbeddingClient::armTimer(qint64 delayMs)
{
    if (delayMs < 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(static_cast<int>(std::min<qint64>(delayMs, 24LL * 3600 * 1000)));
}

int EmbeddingClient::pickManager()
{
    // Qt opens at most this many HTTP/1.1 connections per host and manager and queues the rest.
    // Managers are filled in order, so a client that never has more than six requests out uses
    // one manager (one HTTP thread, requests in the order they were sent).
    constexpr int kConnectionsPerManager = 6;
    QVector<int> load(m_managers.size(), 0);
    for (const Sending& sending : std::as_const(m_sending))
        ++load[sending.manager];
    for (int i = 0; i < m_managers.size(); ++i) {
        if (load[i] < kConnectionsPerManager)
            return i;
    }
    auto* manager = new QNetworkAccessManager(this);
    manager->setAutoDeleteReplies(false);
    manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    m_managers.push_back(manager);
    return int(m_managers.size() - 1);
}

void EmbeddingClient::send(Job job)
{
    const Ticket& ticket = m_tickets[job.ticket];
    const QByteArray body = m_builder.body(ticket.inputs, job.indices);
    m_limiter.acquire(job.tokens);
    const int manager = pickManager();
    QNetworkReply* reply = m_managers[manager]->post(m_builder.request(), body);
    qCDebug(lcApi).noquote() << "POST" << redactUrl(m_builder.endpoint()) << "inputs" << job.indices.size()
                             << "tokens" << job.tokens << "attempt" << job.attempt;
    Sending sending{std::move(job), {}, manager};
    sending.started.start();
    m_sending.insert(reply, std::move(sending));
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void EmbeddingClient::onReplyFinished(QNetworkReply* reply)
{
    auto it = m_sending.find(reply);
    if (it == m_sending.end())
        return;
    Sending sending = std::move(it.value());
    m_sending.erase(it);
    reply->deleteLater();
    m_limiter.release();
    Job job = std::move(sending.job);

    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QNetworkReply::NetworkError networkError = reply->error();
    const RateLimitHeaders headers =
        RateLimitHeaders::parse([reply](const QByteArray& name) { return reply->rawHeader(name); });
    if (headers.any() && m_limiter.observe(headers))
        Q_EMIT rateLimitsChanged(m_limiter.snapshot());
    const QByteArray body = reply->isReadable() ? reply->readAll() : QByteArray();

    RequestStats stats;
    stats.latencyMs = sending.started.elapsed();
    stats.httpStatus = status;
    stats.inputs = static_cast<int>(job.indices.size());
    stats.tokens = job.tokens;
    stats.attempt = job.attempt;
    stats.was429 = status == 429;

    ApiError error;
    DecodedEmbeddings decoded;
    bool ok = false;
    const bool transportFailed = networkError != QNetworkReply::NoError && (status == 0 || status < 400);
    if (transportFailed) {
        const bool timedOut = networkError == QNetworkReply::OperationCanceledError ||
                              networkError == QNetworkReply::TimeoutError;
        error = ErrorClassifier::fromNetworkError(networkError, redactUrl(reply->errorString()), timedOut);
    } else if (status >= 200 && status < 300) {
        QString why;
        ok = m_decoder.decode(body, static_cast<int>(job.indices.size()), &decoded, &why);
        if (!ok)
            error = ErrorClassifier::invalidResponse(status, why);
    } else {
        error = ErrorClassifier::fromHttpResponse(status, body,
                                                  reply->rawHeader(QByteArrayLiteral("x-should-retry")));
    }
    error = error.scrubbed(m_secrets);
    if (ok) {
        m_succeeded = true;
        m_unreachableInARow = 0;
        m_window = std::min(m_limiter.concurrency(), m_window * 2);
    } else if (status == 429 || status == 503) {
        m_window = std::max(1, m_window / 2);
    }
    if (!ok && !m_succeeded && isUnreachable(error) && ++m_unreachableInARow >= kUnreachableRequests) {
        error.remedy = ApiError::Remedy::StopRun;
        error.kind = ApiError::Kind::Permanent;
        error.message = QStringLiteral("the endpoint cannot be reached (%1 requests in a row): %2")
                            .arg(m_unreachableInARow)
                            .arg(error.message);
    }
    stats.ok = ok;
    if (!ok)
        stats.error = error;

    // Decide what happens next before telling anyone, so the stats can say so.
    enum class Next { Done, Bisect, Shrink, Retry, Fail } next = Next::Done;
    qint64 delay = 0;
    if (!ok) {
        if (error.remedy == ApiError::Remedy::StopRun)
            next = Next::Fail;
        else if (error.remedy == ApiError::Remedy::ShrinkRequest && job.indices.size() > 1)
            next = Next::Shrink;
        else if (isBisectable(error) && job.indices.size() > 1)
            next = Next::Bisect;
        else if (m_retry.shouldRetry(error, job.attempt))
            next = Next::Retry;
        else
            next = Next::Fail;
    }
    if (next == Next::Retry) {
        delay = m_retry.delayMs(job.attempt, headers.retryAfterMs);
        if (status == 429 && headers.retryAfterMs)
            m_limiter.pauseFor(*headers.retryAfterMs);
    }
    stats.retried = next == Next::Retry;
    stats.bisected = next == Next::Bisect || next == Next::Shrink;

    if (!ok)
        qCDebug(lcApi).noquote() << "request failed:" << error.toString() << "→"
                                 << (next == Next::Retry    ? QStringLiteral("retry in %1 ms").arg(delay)
                                     : next == Next::Bisect ? QStringLiteral("bisect")
                                     : next == Next::Shrink ? QStringLiteral("shrink")
                                                            : QStringLiteral("give up"));
    Q_EMIT requestCompleted(stats);
    if (!m_tickets.contains(job.ticket)) { // aborted from a slot
        pump();
        return;
    }

    switch (next) {
    case Next::Done: {
        Ticket& ticket = m_tickets[job.ticket];
        for (qsizetype k = 0; k < job.indices.size(); ++k) {
            InputOutcome& outcome = ticket.outcomes[job.indices[k]];
            outcome.ok = true;
            outcome.vector = std::move(decoded.vectors[k]);
            ticket.resolved[job.indices[k]] = true;
        }
        ticket.unresolved -= static_cast<int>(job.indices.size());
        finishIfDone(job.ticket);
        break;
    }
    case Next::Bisect: {
        const qsizetype half = job.indices.size() / 2;
        const Ticket& ticket = m_tickets[job.ticket];
        m_queue.push_front(makeJob(job.ticket, ticket, job.indices.mid(half)));
        m_queue.push_front(makeJob(job.ticket, ticket, job.indices.first(half)));
        break;
    }
    case Next::Shrink: {
        const int size = static_cast<int>(job.indices.size());
        const int maxInputs = error.statedLimit > 0 && error.statedLimit < size ? error.statedLimit
                              : error.tokensLimit > 0                           ? m_maxInputs
                                                                                : std::max(1, size / 2);
        m_maxInputs = std::min(m_maxInputs, maxInputs);
        if (error.tokensLimit > 0)
            m_maxTokens = std::min(m_maxTokens, error.tokensLimit);
        else if (error.statedLimit <= 0 && job.tokens > 1)
            m_maxTokens = std::min(m_maxTokens, std::max(1, job.tokens / 2)); // a payload limit
        qCInfo(lcApi).noquote() << "the server refused a request of" << size << "inputs as too large; sending"
                                << m_maxInputs << "inputs and" << m_maxTokens << "tokens at most from now on";
        Q_EMIT requestLimitsLearned(m_maxInputs, m_maxTokens);
        // What was queued before the limit was learned would be refused in its turn: split it
        // now, in order.
        for (Job& queued : std::exchange(m_queue, {})) {
            if (queued.indices.size() <= m_maxInputs && queued.tokens <= m_maxTokens)
                m_queue.push_back(std::move(queued));
            else
                queueWithinLimits(queued.ticket, queued.indices, false);
        }
        queueWithinLimits(job.ticket, job.indices, true);
        break;
    }
    case Next::Retry: {
        RetryNotice notice;
        notice.ticket = job.ticket;
        notice.inputs = static_cast<int>(job.indices.size());
        notice.nextAttempt = job.attempt + 1;
        notice.delayMs = delay;
        notice.honoursRetryAfter = headers.retryAfterMs.has_value();
        notice.error = error;
        ++job.attempt;
        m_delayed.emplace(nowMs() + delay, std::move(job));
        Q_EMIT retryScheduled(notice);
        break;
    }
    case Next::Fail:
        qCDebug(lcApi).noquote() << "giving up on" << job.indices.size() << "inputs after" << job.attempt
                                 << "attempts:" << error.toString();
        if (error.remedy == ApiError::Remedy::StopRun && !m_refused) {
            m_refused = true;
            Q_EMIT runRefused(error);
        }
        resolve(job, error);
        break;
    }
    pump();
}

void EmbeddingClient::queueWithinLimits(quint64 ticketId, const QVector<int>& indices, bool atFront)
{
    const Ticket& ticket = m_tickets[ticketId];
    std::vector<Job> parts;
    QVector<int> current;
    int tokens = 0;
    for (int index : indices) {
        const int inputTokens = std::max(0, ticket.inputs[index].tokens);
        if (!current.isEmpty() && (current.size() >= m_maxInputs || tokens + inputTokens > m_maxTokens)) {
            parts.push_back(makeJob(ticketId, ticket, std::exchange(current, {})));
            tokens = 0;
        }
        current.append(index);
        tokens += inputTokens;
    }
    if (!current.isEmpty())
        parts.push_back(makeJob(ticketId, ticket, current));
    if (atFront) {
        for (auto it = parts.rbegin(); it != parts.rend(); ++it)
            m_queue.push_front(std::move(*it));
    } else {
        for (Job& part : parts)
            m_queue.push_back(std::move(part));
    }
}

void EmbeddingClient::resolve(const Job& job, const ApiError& error)
{
    auto it = m_tickets.find(job.ticket);
    if (it == m_tickets.end())
        return;
    for (int index : job.indices) {
        InputOutcome& outcome = it->outcomes[index];
        outcome.ok = false;
        outcome.vector.clear();
        outcome.error = error;
        it->resolved[index] = true;
    }
    it->unresolved -= static_cast<int>(job.indices.size());
    finishIfDone(job.ticket);
}

void EmbeddingClient::finishIfDone(quint64 ticketId)
{
    auto it = m_tickets.find(ticketId);
    if (it == m_tickets.end() || it->unresolved > 0)
        return;
    const QVector<InputOutcome> outcomes = std::move(it->outcomes);
    m_tickets.erase(it);
    Q_EMIT batchFinished(ticketId, outcomes);
}

void EmbeddingClient::abortAll()
{
    m_timer->stop();
    const auto replies = m_sending.keys();
    for (QNetworkReply* reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        m_limiter.release();
    }
    m_sending.clear();
    m_queue.clear();
    m_delayed.clear();

    QHash<quint64, Ticket> tickets;
    tickets.swap(m_tickets);
    std::vector<quint64> ids(tickets.keyBegin(), tickets.keyEnd());
    std::sort(ids.begin(), ids.end());
    emitInFlight();
    const ApiError aborted = ApiError::aborted();
    for (quint64 id : ids) {
        Ticket& ticket = tickets[id];
        // Inputs already answered keep their result; only the open ones are aborted.
        for (qsizetype i = 0; i < ticket.outcomes.size(); ++i) {
            if (!ticket.resolved[i])
                ticket.outcomes[i].error = aborted;
        }
        Q_EMIT batchFinished(id, ticket.outcomes);
    }
}

int EmbeddingClient::inFlight() const
{
    return static_cast<int>(m_sending.size());
}

int EmbeddingClient::queued() const
{
    return static_cast<int>(m_queue.size() + m_delayed.size());
}

int EmbeddingClient::pendingTickets() const
{
    return static_cast<int>(m_tickets.size());
}

void EmbeddingClient::setConcurrency(int concurrency)
{
    m_limiter.setConcurrency(concurrency);
    Q_EMIT rateLimitsChanged(m_limiter.snapshot());
    pump();
}

void EmbeddingClient::setRequestLimits(int maxInputs, int maxTokens)
{
    m_maxInputs = std::max(1, maxInputs);
    m_maxTokens = std::max(1, maxTokens);
}

RateLimitSnapshot EmbeddingClient::rateLimits() const
{
    return m_limiter.snapshot();
}

QUrl EmbeddingClient::endpoint() const
{
    return m_builder.endpoint();
}

void EmbeddingClient::emitInFlight()
{
    const int now = inFlight();
    if (now != m_lastInFlight) {
        m_lastInFlight = now;
        Q_EMIT inFlightChanged(now);
    }
}

} // namespace ec
