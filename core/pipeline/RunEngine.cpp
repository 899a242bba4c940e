#include "pipeline/RunEngine.h"

#include "api/EmbeddingClient.h"
#include "pipeline/CommitScheduler.h"
#include "pipeline/RunIntake.h"
#include "store/RunLog.h"
#include "text/InputPreparer.h"
#include "util/Logging.h"
#include "util/Secrets.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>

namespace ec {

namespace {
constexpr int kProgressIntervalMs = 250;
/// How often the run's counters are stored while it goes (the close stores the final ones).
constexpr int kRecordIntervalMs = 1000;

} // namespace

RunEngine::RunEngine(const AppConfig& config, const RunOptions& options)
    : m_config(config)
    , m_options(options)
    , m_workerId(RunLog::localWorker())
    , m_dimensions(config.embedding.effectiveDimensions())
{
    registerRunMetaTypes();
    m_summary.simulated = config.api.simulated;
}

RunEngine::~RunEngine()
{
    delete m_commits; // its lanes first, then the DbWorker
    if (m_dbThread) {
        m_dbThread->quit();
        m_dbThread->wait();
    }
}

void RunEngine::start()
{
    m_accounts.start();
    m_budget = SpendBudget(m_options.maxCostUsd >= 0 ? m_options.maxCostUsd : m_config.run.maxCostUsd,
                           m_config.prices.usdPerMillion(m_config.embedding.model));
    m_summary.progress.state = RunState::Starting;

    m_intake = std::make_unique<RunIntake>(m_config, m_dimensions, m_texts, m_summary.progress);

    m_dbThread = new QThread(this);
    m_dbThread->setObjectName(QStringLiteral("ec-db"));
    m_db = new DbWorker(m_config, m_options, m_workerId);
    m_db->setAbortFlag(&m_abortDatabase);
    m_db->moveToThread(m_dbThread);
    connect(m_dbThread, &QThread::finished, m_db, &QObject::deleteLater);
    connect(this, &RunEngine::requestOpen, m_db, &DbWorker::open);
    connect(this, &RunEngine::requestPage, m_db, &DbWorker::fetchPage);
    connect(this, &RunEngine::requestCacheLookup, m_db, &DbWorker::lookupCache);
    connect(this, &RunEngine::requestRecordProgress, m_db, &DbWorker::recordProgress);
    connect(this, &RunEngine::requestRememberLimits, m_db, &DbWorker::rememberRequestLimits);
    connect(this, &RunEngine::requestClose, m_db, &DbWorker::close);
    connect(m_db, &DbWorker::opened, this, &RunEngine::onOpened);
    connect(m_db, &DbWorker::openFailed, this, &RunEngine::onOpenFailed);
    connect(m_db, &DbWorker::pageFetched, this, &RunEngine::onPageFetched);
    connect(m_db, &DbWorker::cacheLookedUp, this, &RunEngine::onCacheLookedUp);
    m_commits = new CommitScheduler(m_config, &m_abortDatabase, this);
    connect(m_commits, &CommitScheduler::commitOnDbWorker, m_db, &DbWorker::commit);
    connect(m_db, &DbWorker::committed, m_commits, &CommitScheduler::onCommitted);
    connect(m_db, &DbWorker::commitFailed, m_commits, &CommitScheduler::onCommitFailed);
    connect(m_commits, &CommitScheduler::committed, this, &RunEngine::onCommitted);
    connect(m_commits, &CommitScheduler::commitFailed, this, &RunEngine::onCommitFailed);
    connect(m_commits, &CommitScheduler::retried, this, &RunEngine::onDatabaseRetried);
    connect(m_commits, &CommitScheduler::reconnecting, this, &RunEngine::onReconnecting);
    connect(m_db, &DbWorker::closed, this, &RunEngine::onClosed);
    connect(m_db, &DbWorker::pageFailed, this, &RunEngine::onPageFailed);
    connect(m_db, &DbWorker::databaseFailed, this, [this](const QString& error) { fail(error); });
    connect(m_db, &DbWorker::retried, this, &RunEngine::onDatabaseRetried);
    connect(m_db, &DbWorker::reconnecting, this, &RunEngine::onReconnecting);
    m_dbThread->start();

    m_client = new EmbeddingClient(m_config.api, m_config.embedding, this);
    m_client->setRequestLimits(m_config.batch.maxInputsPerRequest, m_config.batch.maxTokensPerRequest);
    connect(m_client, &EmbeddingClient::batchFinished, this, &RunEngine::onBatchFinished);
    connect(m_client, &EmbeddingClient::requestCompleted, this, &RunEngine::onRequestCompleted);
    connect(m_client, &EmbeddingClient::runRefused, this, [this](const ApiError& error) {
        // The account, the key, the model or the endpoint: no item is to blame.
        fail(tr("the run cannot go on, the endpoint answers every request so: %1").arg(error.toString()));
    });
    connect(m_client, &EmbeddingClient::requestLimitsLearned, this, [this](int maxInputs, int maxTokens) {
        m_requestMaxInputs = std::min(m_requestMaxInputs, maxInputs);
        m_requestMaxTokens = std::min(m_requestMaxTokens, maxTokens);
        Q_EMIT requestRememberLimits(m_requestMaxInputs, m_requestMaxTokens);
        Q_EMIT logMessage(tr("the endpoint takes at most %1 inputs per request: batches are cut to that "
                             "(kept for later runs; run --forget-limits learns it again)")
                              .arg(m_requestMaxInputs));
    });

    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(kProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this, &RunEngine::emitProgress);
    m_progressTimer->start();

    emitProgress();
    Q_EMIT requestOpen(runConfigJson(m_config, m_options, m_dimensions));
}

void RunEngine::onOpened(const RunOpening& opening)
{
    m_opened = true;
    m_summary.progress.runId = opening.runId;
    m_summary.books.found = opening.pendingTotal;
    qint64 total = opening.pendingTotal;
    if (!m_options.onlyIds.isEmpty())
        total = std::min<qint64>(total, m_options.onlyIds.size());
    if (m_options.limit > 0)
        total = std::min<qint64>(total, m_options.limit);
    m_summary.progress.total = total;
    if (m_config.api.missingKey()) {
        // OpenAI and Azure refuse every request without a key: none is sent, no item is blamed.
        fail(tr("no API key for %1: set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY), or use the built-in "
                "simulator")
                 .arg(m_config.api.baseUrl.host()));
        return;
    }
    if (m_dimensions <= 0) {
        m_dimensions = opening.schema.declaredDimensions;
        m_intake->setDimensions(m_dimensions);
    }
    if (opening.interruptedRuns > 0)
        Q_EMIT logMessage(
            tr("%n earlier run(s) found dead and marked interrupted", nullptr, opening.interruptedRuns));
    if (opening.learnedMaxInputs > 0) {
        m_requestMaxInputs = opening.learnedMaxInputs;
        m_requestMaxTokens = opening.learnedMaxTokens > 0 ? opening.learnedMaxTokens : m_requestMaxTokens;
        m_client->setRequestLimits(std::min(m_requestMaxInputs, m_config.batch.maxInputsPerRequest),
                                   std::min(m_requestMaxTokens, m_config.batch.maxTokensPerRequest));
        Q_EMIT logMessage(tr("the endpoint takes at most %1 inputs per request (learned in an earlier run)")
                              .arg(m_requestMaxInputs));
    }
    m_commits->openLanes(opening.writeLanes, opening.leaseOwner);
    m_sinceRecord.start();
    m_summary.progress.state = m_stopRequests > 0 ? RunState::Stopping : RunState::Running;
    emitProgress();
    if (m_stopRequests > 0) {
        finishIfDone();
        return;
    }
    pump();
}

void RunEngine::onOpenFailed(const QString& error, bool lockRefused)
{
    m_summary.lockRefused = lockRefused;
    m_summary.error = error;
    m_summary.progress.state = RunState::Failed;
    m_progressTimer->stop();
    emitProgress();
    Q_EMIT finished(m_summary);
}

void RunEngine::pump()
{
    if (m_finishing || !m_opened)
        return;
    // The next page is asked for first: while it is read, a request that is not full yet waits
    // for its texts (submitReadyBatches).
    const int lowWater =
        std::max(m_config.run.pageSize, 2 * m_config.api.concurrency * m_config.batch.batchSize);
    if (!stopping() && !m_exhausted && !m_pageRequested && m_texts.outstandingItems() < lowWater) {
        m_pageRequested = true;
        Q_EMIT requestPage(m_config.run.pageSize);
    }
    submitReadyBatches();
    finishIfDone();
}

void RunEngine::onPageFetched(const QVector<CatalogItem>& items, bool exhausted)
{
    m_pageRequested = false;
    m_exhausted = m_exhausted || exhausted;
    if (stopping()) {
        BatchCommit release;
        for (const CatalogItem& item : items)
            release.releaseIds.push_back(item.id);
        sendCommit(std::move(release));
        finishIfDone();
        return;
    }
    BatchCommit immediate;
    QVector<QByteArray> lookups;
    for (const CatalogItem& item : items)
        m_intake->take(item, immediate, lookups);
    if (!lookups.isEmpty()) {
        m_lookups.push_back(lookups);
        Q_EMIT requestCacheLookup(lookups);
    }
    sendCommit(std::move(immediate));
    pump();
}

void RunEngine::onPageFailed(const QString& error)
{
    m_pageRequested = false;
    fail(tr("cannot read the pending items: %1").arg(error));
    finishIfDone(); // fail() does nothing more once the run is already failing
}

void RunEngine::onDatabaseRetried(int count)
{
    m_summary.progress.databaseRetries += count;
}

void RunEngine::onReconnecting(bool active)
{
    const bool before = m_reconnectingConnections > 0;
    m_reconnectingConnections = std::max(0, m_reconnectingConnections + (active ? 1 : -1));
    const bool now = m_reconnectingConnections > 0;
    if (before == now)
        return;
    m_summary.progress.databaseReconnecting = now;
    Q_EMIT logMessage(now ? tr("database connection lost: reconnecting for up to %n s", nullptr,
                               m_config.run.reconnectSeconds)
                          : tr("database connection back"));
    emitProgress();
}

void RunEngine::onCacheLookedUp(const QHash<QByteArray, QVector<float>>& vectors)
{
    const QVector<QByteArray> asked = m_lookups.front();
    m_lookups.pop_front();
    BatchCommit batch;
    m_intake->settleLookup(asked, vectors, stopping(), batch);
    sendCommit(std::move(batch));
    pump();
}

void RunEngine::submitReadyBatches()
{
    if (stopping())
        return;
    // The configuration's limits, and the endpoint's where it has shown lower ones.
    BatchSettings limits = m_config.batch;
    limits.maxInputsPerRequest = std::min(limits.maxInputsPerRequest, m_requestMaxInputs);
    limits.maxTokensPerRequest = std::min(limits.maxTokensPerRequest, m_requestMaxTokens);
    // A request leaves less than full only when it is the last: when no page is being read and
    // no cache look-up is pending.
    const bool moreMayCome = m_pageRequested || !m_lookups.empty();
    // A batch stays "in flight" until its vectors are committed: answered batches waiting for the
    // database count against the concurrency too, so a crash never loses more than that.
    while (m_client->inFlight() + m_client->queued() + m_commits->uncommittedApiBatches() <
           m_config.api.concurrency) {
        if (m_budget.capped()) {
            // Within the spend cap: what has been spent and what is in flight, at exact counts.
            const qint64 affordable = m_budget.affordableTokens();
            if (!m_texts.firstReadyFits(affordable)) {
                if (m_texts.hasReady())
                    reachSpendCap();
                return;
            }
            limits.maxTokensPerRequest = int(std::min<qint64>(limits.maxTokensPerRequest, affordable));
        }
        const std::optional<QVector<QByteArray>> hashes = m_texts.nextRequest(limits, moreMayCome);
        if (!hashes)
            return;
        QVector<EmbeddingInput> inputs;
        inputs.reserve(hashes->size());
        qint64 tokens = 0;
        for (const QByteArray& hash : *hashes) {
            const PendingText* pending = m_texts.find(hash);
            inputs.push_back({pending->text, pending->tokens});
            tokens += pending->tokens;
        }
        const quint64 ticket = m_client->submit(inputs);
        m_tickets.insert(ticket, *hashes);
        m_budget.reserve(ticket, tokens);
    }
}

void RunEngine::reachSpendCap()
{
    if (m_capReached)
        return;
    m_capReached = true;
    m_capMessage = tr("spend cap reached: $%1 of $%2 spent or in flight; the rest stays pending")
                       .arg(m_budget.committedUsd(), 0, 'f', 4)
                       .arg(m_budget.capUsd(), 0, 'f', 4);
    Q_EMIT logMessage(m_capMessage);
    releaseUnsent();
    emitProgress();
}

void RunEngine::onRequestCompleted(const RequestStats& stats)
{
    Q_EMIT requestCompleted(stats);
    m_accounts.addRequest(stats);
}

void RunEngine::onBatchFinished(quint64 ticket, const QVector<InputOutcome>& outcomes)
{
    const QVector<QByteArray> hashes = m_tickets.take(ticket);
    m_budget.settle(ticket);
    BatchCommit batch;
    const double pricePerToken = m_config.prices.usdPerMillion(m_config.embedding.model) / 1e6;
    for (qsizetype i = 0; i < hashes.size(); ++i) {
        const PendingText pending = m_texts.take(hashes.at(i));
        const InputOutcome& outcome = outcomes.at(i);
        const qint64 repeats = pending.itemIds.size() - 1; // items that shared the text sent once
        if (outcome.ok) {
            m_summary.progress.deduped += repeats;
            m_summary.progress.tokens += pending.tokens;
            m_summary.progress.costUsd += pending.tokens * pricePerToken;
            m_budget.spend(pending.tokens);
            m_texts.rememberVector(pending.hash, outcome.vector);
            for (const QString& id : pending.itemIds)
                batch.writes.push_back({id, outcome.vector, pending.hash, pending.tokens, pending.truncated});
            continue;
        }
        const ApiError& error = outcome.error;
        if (error.kind == ApiError::Kind::Aborted) {
            batch.releaseIds += pending.itemIds;
            continue;
        }
        if (error.remedy == ApiError::Remedy::StopRun) {
            // A key, quota, model or endpoint problem is the run's, not the items': they stay
            // pending (runRefused() has failed the run).
            batch.releaseIds += pending.itemIds;
            continue;
        }
        if (error.remedy == ApiError::Remedy::TruncateInput) {
            const RunIntake::Recut recut = m_intake->recut(pending, error.statedLimit);
            if (recut.loweredTo > 0)
                Q_EMIT logMessage(
                    tr("the model takes at most %1 tokens per input: longer texts are cut to %2 tokens")
                        .arg(error.statedLimit)
                        .arg(recut.loweredTo));
            if (recut.queued)
                continue;
        }
        m_summary.progress.deduped += repeats;
        for (const QString& id : pending.itemIds) {
            FailureRecord failure;
            failure.itemId = id;
            failure.runId = m_summary.progress.runId;
            failure.httpStatus = error.httpStatus;
            failure.errorCode = error.code.isEmpty() ? error.type : error.code;
            failure.message = scrubSecrets(error.message, m_config.secrets());
            failure.permanent = error.kind == ApiError::Kind::Permanent;
            batch.failures.push_back(failure);
        }
    }
    sendCommit(std::move(batch), true);
    pump();
}

void RunEngine::sendCommit(BatchCommit&& batch, bool fromApi)
{
    // Once the run is closing, its leases are all given back by the close itself.
    if (m_finishing)
        return;
    m_commits->submit(std::move(batch), fromApi);
}

void RunEngine::recordProgress()
{
    if (m_sinceRecord.isValid() && m_sinceRecord.elapsed() < kRecordIntervalMs)
        return;
    m_sinceRecord.restart();
    Q_EMIT requestRecordProgress(m_accounts.counters());
}

void RunEngine::onCommitted(const BatchCommit& batch)
{
    m_accounts.addCommitted(batch);
    for (const VectorWrite& write : batch.writes)
        m_texts.forgetVector(write.contentHash);
    recordProgress();
    pump();
}

void RunEngine::onCommitFailed(const QString& error)
{
    fail(tr("writing a batch failed, nothing of it was kept: %1").arg(error));
    finishIfDone(); // fail() does nothing more once the run is already failing
}

void RunEngine::releaseUnsent()
{
    BatchCommit release;
    release.releaseIds = m_texts.takeUnsentReady();
    sendCommit(std::move(release));
}

void RunEngine::stop()
{
    ++m_stopRequests;
    if (m_finishing)
        return;
    if (m_stopRequests == 1) {
        m_summary.progress.state = RunState::Stopping;
        Q_EMIT logMessage(tr("stopping: finishing the requests in flight"));
        if (m_opened)
            releaseUnsent();
    } else {
        m_summary.progress.state = RunState::Aborting;
        Q_EMIT logMessage(tr("aborting the requests in flight"));
        m_abortDatabase = true;
        if (m_client)
            m_client->abortAll();
    }
    emitProgress();
    finishIfDone();
}

void RunEngine::fail(const QString& error)
{
    if (m_fatal)
        return;
    m_fatal = true;
    m_failure = scrubSecrets(error, m_config.secrets());
    // The database threads give up their back-offs and reconnections: the run is ending.
    m_abortDatabase = true;
    qCWarning(lcPipeline).noquote() << "run failed:" << m_failure;
    Q_EMIT logMessage(m_failure);
    if (m_client)
        m_client->abortAll();
    if (m_opened)
        releaseUnsent();
    finishIfDone();
}

void RunEngine::finishIfDone()
{
    if (m_finishing || !m_opened)
        return;
    if (!stopping() && !m_exhausted)
        return;
    if (m_pageRequested || !m_lookups.empty() || !m_tickets.isEmpty() || !m_commits->isIdle())
        return;
    if (!stopping() && !m_texts.isEmpty())
        return;
    if (m_fatal)
        finish(RunStatus::Failed, m_failure);
    else if (m_stopRequests > 1)
        finish(RunStatus::Aborted);
    else if (m_stopRequests > 0)
        finish(RunStatus::Stopped);
    else if (m_capReached)
        finish(RunStatus::Stopped, m_capMessage);
    else
        finish(RunStatus::Completed);
}

void RunEngine::finish(RunStatus status, const QString& error)
{
    m_finishing = true;
    m_summary.error = error;
    m_accounts.setEnded(status);
    Q_EMIT requestClose(m_accounts.counters(), status, error);
}

void RunEngine::onClosed(qint64 leftForLater, qint64 takenByOthers)
{
    if (const qint64 unaccounted = m_accounts.closeBooks(m_opened, leftForLater, takenByOthers)) {
        const QString message = tr("%n item(s) found pending were neither embedded, failed nor left pending: "
                                   "deleted, or written by another program during the run?",
                                   nullptr, int(unaccounted));
        Q_EMIT logMessage(message);
        if (m_summary.error.isEmpty())
            m_summary.error = message;
    }
    m_progressTimer->stop();
    emitProgress();
    Q_EMIT finished(m_summary);
}

void RunEngine::emitProgress()
{
    // A stopping run leaves its remaining items for later: there is nothing to count down to.
    const bool ending = stopping();
    if (m_client) {
        m_summary.progress.inFlight = m_client->inFlight();
        const RateLimitSnapshot limits = m_client->rateLimits();
        m_accounts.refresh(ending, &limits);
    } else {
        m_accounts.refresh(ending, nullptr);
    }
    Q_EMIT progressUpdated(m_summary.progress);
}

} // namespace ec
