#include "pipeline/RunEngine.h"

#include "api/EmbeddingClient.h"
#include "config/ModelCatalog.h"
#include "pipeline/ItemClassifier.h"
#include "pipeline/WriteLane.h"
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
constexpr int kMaxListedErrors = 1000;
constexpr int kProgressIntervalMs = 250;
/// How often the run's counters are stored while it goes (the close stores the final ones).
constexpr int kRecordIntervalMs = 1000;
/// Ready batches merge into one commit while the lanes are busy, up to this many items.
constexpr qsizetype kMaxItemsPerCommit = 500;

} // namespace

RunEngine::RunEngine(const AppConfig& config, const RunOptions& options)
    : m_config(config)
    , m_options(options)
    , m_workerId(RunLog::localWorker())
    , m_dimensions(config.embedding.effectiveDimensions())
{
    qRegisterMetaType<ec::RunProgress>();
    qRegisterMetaType<ec::RunSummary>();
    qRegisterMetaType<ec::BatchCommit>();
    qRegisterMetaType<ec::RunOpening>();
    qRegisterMetaType<ec::RunRecord>();
    qRegisterMetaType<ec::RunStatus>();
    qRegisterMetaType<QVector<ec::CatalogItem>>();
    qRegisterMetaType<QVector<QByteArray>>();
    qRegisterMetaType<QHash<QByteArray, QVector<float>>>();
    m_summary.simulated = config.api.simulated;
}

RunEngine::~RunEngine()
{
    for (const Lane& lane : std::as_const(m_lanes)) {
        lane.thread->quit();
        lane.thread->wait();
    }
    if (m_dbThread) {
        m_dbThread->quit();
        m_dbThread->wait();
    }
}

void RunEngine::start()
{
    m_clock.start();
    m_summary.progress.state = RunState::Starting;

    m_classifier = std::make_unique<ItemClassifier>(m_config.batch, m_config.embedding.model, m_dimensions);

    m_dbThread = new QThread(this);
    m_dbThread->setObjectName(QStringLiteral("ec-db"));
    m_db = new DbWorker(m_config, m_options, m_workerId);
    m_db->setAbortFlag(&m_abortDatabase);
    m_db->moveToThread(m_dbThread);
    connect(m_dbThread, &QThread::finished, m_db, &QObject::deleteLater);
    connect(this, &RunEngine::requestOpen, m_db, &DbWorker::open);
    connect(this, &RunEngine::requestPage, m_db, &DbWorker::fetchPage);
    connect(this, &RunEngine::requestCacheLookup, m_db, &DbWorker::lookupCache);
    connect(this, &RunEngine::requestCommit, m_db, &DbWorker::commit);
    connect(this, &RunEngine::requestRecordProgress, m_db, &DbWorker::recordProgress);
    connect(this, &RunEngine::requestRememberLimits, m_db, &DbWorker::rememberRequestLimits);
    connect(this, &RunEngine::requestClose, m_db, &DbWorker::close);
    connect(m_db, &DbWorker::opened, this, &RunEngine::onOpened);
    connect(m_db, &DbWorker::openFailed, this, &RunEngine::onOpenFailed);
    connect(m_db, &DbWorker::pageFetched, this, &RunEngine::onPageFetched);
    connect(m_db, &DbWorker::cacheLookedUp, this, &RunEngine::onCacheLookedUp);
    connect(m_db, &DbWorker::committed, this, &RunEngine::onCommitted);
    connect(m_db, &DbWorker::commitFailed, this, &RunEngine::onCommitFailed);
    connect(m_db, &DbWorker::closed, this, &RunEngine::onClosed);
    connect(m_db, &DbWorker::pageFailed, this, &RunEngine::onPageFailed);
    connect(m_db, &DbWorker::databaseFailed, this, [this](const QString& error) { fail(error); });
    connect(m_db, &DbWorker::retried, this, &RunEngine::onDatabaseRetried);
    connect(m_db, &DbWorker::reconnecting, this, &RunEngine::onReconnecting);
    m_dbThread->start();

    m_client = new EmbeddingClient(m_config.api, m_config.embedding, this);
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
    Q_EMIT requestOpen(configJson());
}

QString RunEngine::configJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("database"), redactUrl(m_config.effectiveDatabaseUrl()));
    o.insert(QStringLiteral("table"), m_config.table.table);
    o.insert(QStringLiteral("model"), m_config.embedding.model);
    o.insert(QStringLiteral("dimensions"), m_dimensions);
    o.insert(QStringLiteral("endpoint"), redactUrl(m_config.api.baseUrl));
    o.insert(QStringLiteral("simulated"), m_config.api.simulated);
    o.insert(QStringLiteral("batch_size"), m_config.batch.batchSize);
    o.insert(QStringLiteral("concurrency"), m_config.api.concurrency);
    o.insert(QStringLiteral("rpm"), m_config.api.requestsPerMinute);
    o.insert(QStringLiteral("tpm"), m_config.api.tokensPerMinute);
    o.insert(QStringLiteral("limit"), m_options.limit);
    o.insert(QStringLiteral("exclusive"), m_options.exclusive);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
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
        m_classifier->setDimensions(m_dimensions);
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
    openWriteLanes(opening.writeLanes, opening.leaseOwner);
    m_sinceRecord.start();
    m_summary.progress.state = m_stopRequests > 0 ? RunState::Stopping : RunState::Running;
    emitProgress();
    if (m_stopRequests > 0) {
        finishIfDone();
        return;
    }
    pump();
}

void RunEngine::openWriteLanes(int count, const QString& leaseOwner)
{
    for (int i = 0; i < count; ++i) {
        Lane lane;
        lane.thread = new QThread(this);
        lane.thread->setObjectName(QStringLiteral("ec-write-%1").arg(i));
        lane.writer = new WriteLane(m_config, leaseOwner, i);
        lane.writer->setAbortFlag(&m_abortDatabase);
        lane.writer->moveToThread(lane.thread);
        connect(lane.thread, &QThread::finished, lane.writer, &QObject::deleteLater);
        connect(lane.writer, &WriteLane::committed, this, &RunEngine::onCommitted);
        connect(lane.writer, &WriteLane::commitFailed, this, &RunEngine::onCommitFailed);
        connect(lane.writer, &WriteLane::retried, this, &RunEngine::onDatabaseRetried);
        connect(lane.writer, &WriteLane::reconnecting, this, &RunEngine::onReconnecting);
        lane.thread->start();
        m_lanes.push_back(lane);
    }
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

int RunEngine::outstandingItems() const
{
    int count = 0;
    for (const PendingText& text : m_texts)
        count += int(text.itemIds.size());
    return count;
}

void RunEngine::pump()
{
    if (m_finishing || !m_opened)
        return;
    // The next page is asked for first: while it is read, a request that is not full yet waits
    // for its texts (submitReadyBatches).
    const bool stopping = m_stopRequests > 0 || m_fatal;
    const int lowWater =
        std::max(m_config.run.pageSize, 2 * m_config.api.concurrency * m_config.batch.batchSize);
    if (!stopping && !m_exhausted && !m_pageRequested && outstandingItems() < lowWater) {
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
    if (m_stopRequests > 0 || m_fatal) {
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
        classify(item, immediate, lookups);
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

void RunEngine::classify(const CatalogItem& item, BatchCommit& immediate, QVector<QByteArray>& lookups)
{
    const ItemVerdict verdict = m_classifier->classify(item);
    switch (verdict.kind) {
    case ItemVerdict::Kind::Unreadable:
    case ItemVerdict::Kind::Skipped: {
        // Recorded with the reason, never sent: the other rows go on.
        FailureRecord failure;
        failure.itemId = item.id;
        failure.runId = m_summary.progress.runId;
        failure.errorCode = verdict.code;
        failure.message = verdict.message;
        failure.permanent = true;
        failure.skipped = verdict.kind == ItemVerdict::Kind::Skipped;
        immediate.failures.push_back(failure);
        return;
    }
    case ItemVerdict::Kind::Unchanged:
    case ItemVerdict::Kind::Send:
        break;
    }
    const PreparedInput& input = verdict.input;
    const QByteArray& hash = verdict.hash;
    if (input.truncated)
        ++m_summary.progress.truncated;
    if (verdict.kind == ItemVerdict::Kind::Unchanged) {
        immediate.currentIds.push_back(item.id);
        return;
    }

    if (const auto recent = m_recentVectors.constFind(hash); recent != m_recentVectors.constEnd()) {
        ++m_summary.progress.deduped;
        immediate.writes.push_back({item.id, *recent, hash, input.tokens, input.truncated});
        return;
    }
    if (auto existing = m_texts.find(hash); existing != m_texts.end()) {
        // Counted when the text is settled: deduplicated if it is sent, cached if the cache has it.
        existing->itemIds.push_back(item.id);
        return;
    }
    PendingText pending;
    pending.text = input.text;
    pending.hash = hash;
    pending.tokens = input.tokens;
    pending.truncated = input.truncated;
    pending.itemIds.push_back(item.id);
    m_texts.insert(hash, pending);
    lookups.push_back(hash);
}

void RunEngine::onCacheLookedUp(const QHash<QByteArray, QVector<float>>& vectors)
{
    const QVector<QByteArray> asked = m_lookups.front();
    m_lookups.pop_front();
    const bool stopping = m_stopRequests > 0 || m_fatal;
    BatchCommit batch;
    for (const QByteArray& hash : asked) {
        const auto pending = m_texts.find(hash);
        if (pending == m_texts.end())
            continue;
        const auto cached = vectors.constFind(hash);
        if (cached != vectors.constEnd()) {
            for (const QString& id : pending->itemIds)
                batch.writes.push_back({id, *cached, pending->hash, pending->tokens, pending->truncated});
            // A text this run sent and already wrote is a duplicate of it, as the estimate counts it.
            if (m_sentTexts.contains(textFingerprint(hash)))
                m_summary.progress.deduped += pending->itemIds.size();
            else
                m_summary.progress.cached += pending->itemIds.size();
            m_texts.erase(pending);
        } else if (stopping) {
            batch.releaseIds += pending->itemIds;
            m_texts.erase(pending);
        } else {
            m_readyForApi.push_back(hash);
            m_readyForApiSet.insert(hash);
        }
    }
    sendCommit(std::move(batch));
    pump();
}

quint64 RunEngine::textFingerprint(const QByteArray& hexHash)
{
    return hexHash.left(16).toULongLong(nullptr, 16);
}

void RunEngine::submitReadyBatches()
{
    if (m_stopRequests > 0 || m_fatal)
        return;
    const int maxInputs =
        std::min({m_config.batch.batchSize, m_config.batch.maxInputsPerRequest, m_requestMaxInputs});
    const int maxTokens = std::min(m_config.batch.maxTokensPerRequest, m_requestMaxTokens);
    // Texts are packed in the order they became ready, each request filled up to the input and
    // token limits, as the estimate packs them (BatchPlanner): a request leaves less than full only
    // when it is the last, that is, when no page is being read and no cache look-up is pending.
    const bool moreMayCome = m_pageRequested || !m_lookups.empty();
    // A batch stays "in flight" until its vectors are committed: answered batches waiting for the
    // database count against the concurrency too, so a crash never loses more than that.
    while (!m_readyForApi.empty() &&
           m_client->inFlight() + m_client->queued() + uncommittedApiBatches() < m_config.api.concurrency) {
        qsizetype count = 0;
        qint64 tokens = 0;
        bool full = false;
        for (const QByteArray& hash : m_readyForApi) {
            const int textTokens = m_texts[hash].tokens;
            if (count >= maxInputs || (count > 0 && tokens + textTokens > maxTokens)) {
                full = true;
                break;
            }
            ++count;
            tokens += textTokens;
        }
        full = full || count >= maxInputs;
        if (!full && moreMayCome)
            return;
        QVector<EmbeddingInput> inputs;
        QVector<QByteArray> hashes;
        inputs.reserve(count);
        hashes.reserve(count);
        for (qsizetype i = 0; i < count; ++i) {
            const QByteArray hash = m_readyForApi.front();
            m_readyForApi.pop_front();
            m_readyForApiSet.remove(hash);
            PendingText& pending = m_texts[hash];
            pending.sent = true;
            m_sentTexts.insert(textFingerprint(hash));
            inputs.push_back({pending.text, pending.tokens});
            hashes.push_back(hash);
        }
        const quint64 ticket = m_client->submit(inputs);
        m_tickets.insert(ticket, hashes);
    }
}

void RunEngine::onRequestCompleted(const RequestStats& stats)
{
    Q_EMIT requestCompleted(stats);
    const double now = double(m_clock.elapsed()) / 1000.0;
    ++m_summary.progress.apiRequests;
    if (stats.httpStatus == 200) {
        m_summary.progress.apiInputs += stats.inputs;
        m_stats.addLatency(now, stats.latencyMs);
    } else {
        ++m_summary.progress.apiErrors;
    }
    if (stats.httpStatus == 429)
        ++m_summary.progress.rateLimited;
    if (stats.retried)
        ++m_summary.progress.retries;
}

void RunEngine::onBatchFinished(quint64 ticket, const QVector<InputOutcome>& outcomes)
{
    const QVector<QByteArray> hashes = m_tickets.take(ticket);
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
            m_recentVectors.insert(pending.hash, outcome.vector);
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
        if (error.remedy == ApiError::Remedy::TruncateInput && retryTruncated(pending, error.statedLimit))
            continue;
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

bool RunEngine::retryTruncated(const PendingText& refused, int contextTokens)
{
    // OpenAI's models count with cl100k, as we do: their stated context is exact. Another
    // model's tokenizer counts differently: cut with a 10 % margin, and further if refused again.
    const bool exactCounts = ModelCatalog::find(m_config.embedding.model).has_value();
    int limit = exactCounts ? contextTokens : contextTokens * 9 / 10;
    if (refused.tokens <= limit) // fits by our count, not by the server's: cut further
        limit = refused.tokens * 9 / 10;
    if (contextTokens <= 0 || limit < 1)
        return false;
    if (limit < m_classifier->tokenLimit()) {
        m_classifier->setTokenLimit(limit);
        Q_EMIT logMessage(tr("the model takes at most %1 tokens per input: longer texts are cut to %2 tokens")
                              .arg(contextTokens)
                              .arg(limit));
    }
    const ItemVerdict verdict = m_classifier->reprepare(refused.text);
    const PreparedInput& input = verdict.input;
    if (verdict.kind != ItemVerdict::Kind::Send || input.tokens >= refused.tokens)
        return false;
    const QByteArray& hash = verdict.hash;
    if (!refused.truncated)
        m_summary.progress.truncated += refused.itemIds.size();
    if (auto existing = m_texts.find(hash); existing != m_texts.end()) {
        existing->itemIds += refused.itemIds;
        return true;
    }
    PendingText cut;
    cut.text = input.text;
    cut.hash = hash;
    cut.tokens = input.tokens;
    cut.truncated = true;
    cut.itemIds = refused.itemIds;
    m_texts.insert(hash, cut);
    m_readyForApi.push_back(hash);
    m_readyForApiSet.insert(hash);
    return true;
}

void RunEngine::sendCommit(BatchCommit&& batch, bool fromApi)
{
    // Once the run is closing, its leases are all given back by the close itself.
    if (batch.isEmpty() || m_finishing)
        return;
    appendCommit(m_readyCommit, std::move(batch));
    m_readyApiBatches += fromApi ? 1 : 0;
    dispatchCommits();
}

void RunEngine::appendCommit(BatchCommit& into, BatchCommit&& batch)
{
    if (into.isEmpty()) {
        into = std::move(batch);
        return;
    }
    into.writes += batch.writes;
    into.currentIds += batch.currentIds;
    into.failures += batch.failures;
    into.releaseIds += batch.releaseIds;
}

void RunEngine::dispatchCommits()
{
    // Batches that are ready while every lane is busy wait here and go as one transaction when
    // a lane frees up: the slower the database, the larger (and cheaper per item) the commits.
    const qsizetype mergeLimit = std::max<qsizetype>(kMaxItemsPerCommit, m_config.batch.batchSize);
    while (!m_readyCommit.isEmpty()) {
        const int lane = pickLane();
        if (commitsOn(lane) > 0 && m_readyCommit.finishedItems() < mergeLimit)
            return;
        const quint64 tag = m_nextCommitTag++;
        PendingCommit pending{std::move(m_readyCommit), m_readyApiBatches, lane};
        m_readyCommit = BatchCommit();
        m_readyApiBatches = 0;
        const BatchCommit& batch = m_pendingCommits.insert(tag, std::move(pending))->batch;
        if (lane < 0) {
            Q_EMIT requestCommit(tag, batch);
        } else {
            WriteLane* writer = m_lanes[lane].writer;
            QMetaObject::invokeMethod(
                writer, [writer, tag, batch] { writer->commit(tag, batch); }, Qt::QueuedConnection);
        }
    }
}

int RunEngine::pickLane() const
{
    int best = -1;
    int bestLoad = 0;
    for (int i = 0; i < m_lanes.size(); ++i) {
        const int load = commitsOn(i);
        if (best < 0 || load < bestLoad) {
            best = i;
            bestLoad = load;
        }
    }
    return best;
}

int RunEngine::commitsOn(int lane) const
{
    int count = 0;
    for (const PendingCommit& commit : m_pendingCommits)
        count += commit.lane == lane ? 1 : 0;
    return count;
}

int RunEngine::uncommittedApiBatches() const
{
    int count = m_readyApiBatches;
    for (const PendingCommit& commit : m_pendingCommits)
        count += commit.apiBatches;
    return count;
}

void RunEngine::recordProgress()
{
    if (m_sinceRecord.isValid() && m_sinceRecord.elapsed() < kRecordIntervalMs)
        return;
    m_sinceRecord.restart();
    Q_EMIT requestRecordProgress(counters());
}

void RunEngine::onCommitted(quint64 tag)
{
    const BatchCommit batch = m_pendingCommits.take(tag).batch;
    dispatchCommits();
    RunProgress& p = m_summary.progress;
    p.succeeded += batch.writes.size();
    p.unchanged += batch.currentIds.size();
    for (const FailureRecord& failure : batch.failures) {
        if (failure.skipped)
            ++p.skipped;
        else
            ++p.failed;
        if (m_summary.errors.size() < kMaxListedErrors)
            m_summary.errors.push_back(
                {failure.itemId, failure.httpStatus, failure.message, failure.errorCode});
    }
    const qint64 finishedItems = batch.finishedItems();
    p.processed += finishedItems;
    m_stats.addItems(double(m_clock.elapsed()) / 1000.0, finishedItems);
    for (const VectorWrite& write : batch.writes)
        m_recentVectors.remove(write.contentHash);
    recordProgress();
    pump();
}

void RunEngine::onCommitFailed(quint64 tag, const QString& error)
{
    m_pendingCommits.remove(tag);
    dispatchCommits();
    fail(tr("writing a batch failed, nothing of it was kept: %1").arg(error));
    finishIfDone(); // fail() does nothing more once the run is already failing
}

void RunEngine::releaseUnsent()
{
    BatchCommit release;
    for (auto it = m_texts.begin(); it != m_texts.end();) {
        if (it->sent) {
            ++it;
            continue;
        }
        // Texts still waiting on a cache look-up are released when it answers.
        if (!m_readyForApiSet.contains(it.key())) {
            ++it;
            continue;
        }
        release.releaseIds += it->itemIds;
        m_readyForApiSet.remove(it.key());
        it = m_texts.erase(it);
    }
    m_readyForApi.clear();
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
    const bool stopping = m_stopRequests > 0 || m_fatal;
    if (!stopping && !m_exhausted)
        return;
    if (m_pageRequested || !m_lookups.empty() || !m_tickets.isEmpty() || !m_pendingCommits.isEmpty() ||
        !m_readyCommit.isEmpty())
        return;
    if (!stopping && !m_texts.isEmpty())
        return;
    if (m_fatal)
        finish(RunStatus::Failed, m_failure);
    else if (m_stopRequests > 1)
        finish(RunStatus::Aborted);
    else if (m_stopRequests > 0)
        finish(RunStatus::Stopped);
    else
        finish(RunStatus::Completed);
}

void RunEngine::finish(RunStatus status, const QString& error)
{
    m_finishing = true;
    m_summary.error = error;
    switch (status) {
    case RunStatus::Completed:
        m_summary.progress.state =
            m_summary.progress.failed > 0 ? RunState::CompletedWithFailures : RunState::Completed;
        break;
    case RunStatus::Stopped:
        m_summary.progress.state = RunState::Stopped;
        break;
    case RunStatus::Aborted:
        m_summary.progress.state = RunState::Aborted;
        break;
    case RunStatus::Interrupted:
        m_summary.progress.state = RunState::Interrupted;
        break;
    default:
        m_summary.progress.state = RunState::Failed;
        break;
    }
    Q_EMIT requestClose(counters(), status, error);
}

void RunEngine::onClosed(qint64 leftForLater, qint64 takenByOthers)
{
    RunBooks& books = m_summary.books;
    const RunProgress& p = m_summary.progress;
    books.known = m_opened && leftForLater >= 0;
    books.done = p.succeeded + p.unchanged;
    books.failed = p.failed + p.skipped;
    books.takenByOthers = takenByOthers;
    books.leftForLater = std::max<qint64>(0, leftForLater);
    if (books.known && books.unaccounted() > 0) {
        const QString message = tr("%n item(s) found pending were neither embedded, failed nor left pending: "
                                   "deleted, or written by another program during the run?",
                                   nullptr, int(books.unaccounted()));
        Q_EMIT logMessage(message);
        if (m_summary.error.isEmpty())
            m_summary.error = message;
    }
    m_progressTimer->stop();
    emitProgress();
    Q_EMIT finished(m_summary);
}

RunRecord RunEngine::counters() const
{
    const RunProgress& p = m_summary.progress;
    RunRecord r;
    r.id = p.runId;
    r.total = p.total;
    r.processed = p.processed;
    r.succeeded = p.succeeded;
    r.failed = p.failed;
    r.skipped = p.skipped;
    r.deduped = p.deduped;
    r.unchanged = p.unchanged;
    r.cached = p.cached;
    r.apiInputs = p.apiInputs;
    r.apiRequests = p.apiRequests;
    r.tokens = p.tokens;
    r.costUsd = p.costUsd;
    r.databaseRetries = p.databaseRetries;
    return r;
}

void RunEngine::emitProgress()
{
    RunProgress& p = m_summary.progress;
    const double now = double(m_clock.elapsed()) / 1000.0;
    p.elapsedSeconds = now;
    p.itemsPerSecond = m_stats.itemsPerSecond(now);
    const qint64 remaining = std::max<qint64>(0, p.total - p.processed);
    // A stopping run leaves its remaining items for later: there is nothing to count down to.
    const bool ending = m_stopRequests > 0 || m_fatal;
    p.etaSeconds =
        ending ? -1
               : (p.itemsPerSecond > 0 ? double(remaining) / p.itemsPerSecond : (remaining == 0 ? 0 : -1));
    p.latencyP50Ms = m_stats.latencyPercentile(now, 50);
    p.latencyP95Ms = m_stats.latencyPercentile(now, 95);
    if (m_client) {
        p.inFlight = m_client->inFlight();
        const RateLimitSnapshot limits = m_client->rateLimits();
        p.requestsPerMinuteLimit = limits.effectiveRpm;
        p.tokensPerMinuteLimit = limits.effectiveTpm;
        p.requestsLimitSource = RateLimiter::limitSource(limits.headerRpm, limits.configuredRpm);
        p.tokensLimitSource = RateLimiter::limitSource(limits.headerTpm, limits.configuredTpm);
    }
    Q_EMIT progressUpdated(p);
}

} // namespace ec
