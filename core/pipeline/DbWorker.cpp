#include "pipeline/DbWorker.h"

#include "api/RequestBuilder.h"
#include "store/EndpointLimits.h"
#include "store/ExclusiveLock.h"
#include "store/FaultInjection.h"
#include "store/ItemStore.h"
#include "store/LeaseManager.h"
#include "store/MigrationStore.h"
#include "store/RunLog.h"
#include "store/StateStore.h"
#include "store/TransientRetry.h"
#include "util/Logging.h"
#include "util/Secrets.h"

#include <QSqlQuery>
#include <QTimer>

namespace ec {

namespace {
/// Runs whose heartbeat is older than this are taken for dead.
constexpr int kStaleRunSeconds = 120;
/// How long the close waits for a lost database before it gives up on recording the end.
constexpr int kCloseReconnectSeconds = 5;
} // namespace

DbWorker::DbWorker(const AppConfig& config, const RunOptions& options, const QString& workerId)
    : m_config(config)
    , m_options(options)
    , m_workerId(workerId)
{}

DbWorker::~DbWorker() = default;

void DbWorker::open(const QString& configJson)
{
    QString error;
    if (FaultInjection::hit("open", &error) != FaultInjection::Kind::None) {
        Q_EMIT openFailed(error, false);
        return;
    }
    m_store = ItemStore::open(m_config, QStringLiteral("ec-run-%1").arg(quintptr(this)), &error);
    if (!m_store) {
        Q_EMIT openFailed(error, false);
        return;
    }
    m_retry = std::make_unique<TransientRetry>(m_store->connection(), m_config.run.reconnectSeconds);
    m_retry->setAbortFlag(m_abort);
    m_retry->setAfterReconnect([this](QString* error) { return restoreSession(error); });
    m_retry->setReconnectingHook([this](bool active) { Q_EMIT reconnecting(active); });
    m_retry->setRetriedHook([this] { Q_EMIT retried(1); });
    QSqlDatabase db = m_store->database();
    const TableSpec& table = m_store->table();
    const CatalogSchema& schema = m_store->schema();
    m_runs = std::make_unique<RunLog>(db, schema.postgres);
    if (m_options.exclusive) {
        m_lock = std::make_unique<ExclusiveLock>(db, table, schema);
        if (!m_lock->tryAcquire(&error)) {
            Q_EMIT openFailed(
                error.isEmpty() ? QStringLiteral("another exclusive run is in progress") : error, true);
            return;
        }
    }
    const bool staging = m_options.target == RunTarget::Staging;
    if (staging) {
        // A migration's staging writes only the console's staging table (store/MigrationStore).
        m_staging = std::make_unique<MigrationStore>(db, table, schema);
        const Result<void> opened = m_staging->openStaging(m_config.embedding.effectiveDimensions());
        if (!opened) {
            Q_EMIT openFailed(opened.error(), false);
            return;
        }
    }
    RunOpening opening;
    opening.schema = schema;
    opening.interruptedRuns = m_runs->markInterrupted(kStaleRunSeconds);
    {
        // Items a dead run had claimed are free at once, not only when its leases expire.
        QSqlQuery release(db);
        release.exec(QStringLiteral("DELETE FROM embedding_leases WHERE run_id IN "
                                    "(SELECT id FROM embedding_runs WHERE status = 'interrupted')"));
    }

    const Result<StatusCounts> status = m_store->status(m_config.embedding);
    if (!status) {
        Q_EMIT openFailed(status.error(), false);
        return;
    }
    opening.status = *status;
    // The run's total: what the pages will offer, i.e. without parked items, items still in
    // their retry back-off and items other workers hold.
    const PendingQuery query = pendingQuery(m_config.run.pageSize);
    const Result<qint64> pending = m_store->pendingCount(query);
    if (!pending) {
        Q_EMIT openFailed(pending.error(), false);
        return;
    }
    opening.pendingTotal = *pending;

    RunRecord record;
    record.worker = m_workerId;
    record.configJson = configJson;
    record.total = *pending;
    m_runId = m_runs->start(record, &error);
    if (m_runId <= 0) {
        Q_EMIT openFailed(error, false);
        return;
    }
    opening.runId = m_runId;
    m_workerId = LeaseManager::ownerName(m_runId);

    opening.leaseOwner = m_workerId;
    // Several connections write at once only where the server runs them in parallel: not on
    // SQLite (one writer at a time) nor on PGlite (one backend).
    opening.writeLanes =
        schema.postgres && !schema.pglite && !staging ? std::max(0, m_config.run.writeConnections) : 0;

    m_committer = std::make_unique<BatchCommitter>(db, table, schema, m_config, m_workerId);
    if (staging)
        m_committer->stageInto(m_staging.get());
    m_state = std::make_unique<StateStore>(db, table, schema);
    m_leases = std::make_unique<LeaseManager>(db, table, schema);
    m_limits = std::make_unique<EndpointLimits>(db, schema.postgres);
    m_endpoint = redactUrl(
        RequestBuilder::endpointFor(m_config.api, m_config.embedding).adjusted(QUrl::RemoveQuery).toString());
    QString limitsError;
    if (m_options.forgetLimits)
        m_limits->forget(m_endpoint, m_config.embedding.model, &limitsError);
    else if (const auto learned = m_limits->load(m_endpoint, m_config.embedding.model, &limitsError)) {
        opening.learnedMaxInputs = learned->maxInputs;
        opening.learnedMaxTokens = learned->maxTokens;
    }
    if (!limitsError.isEmpty())
        qCWarning(lcPipeline).noquote() << limitsError;
    // A claim re-checks that the item is still pending, so an item another worker wrote between
    // our page read and our claim is not sent again.
    m_leases->setStillPendingFor(m_config.embedding.model, m_config.embedding.effectiveDimensions());

    m_leaseTimer = new QTimer(this);
    m_leaseTimer->setInterval(std::max(1000, m_config.run.leaseSeconds * 1000 / 3));
    connect(m_leaseTimer, &QTimer::timeout, this, &DbWorker::renewLeases);
    m_leaseTimer->start();
    Q_EMIT opened(opening);
}

PendingQuery DbWorker::pendingQuery(int limit) const
{
    PendingQuery query;
    query.model = m_config.embedding.model;
    query.dimensions = m_config.embedding.effectiveDimensions();
    query.limit = limit;
    query.onlyIds = m_options.onlyIds;
    query.includeParked = !m_options.onlyIds.isEmpty();
    query.ignoreBackoff = m_options.ignoreBackoff;
    query.leaseOwner = m_workerId;
    query.staging = m_options.target == RunTarget::Staging;
    // Rows behind an open staging batch of the migration are left to its collection (ops/BatchRunner).
    if (query.staging && m_staging)
        query.stagingBatchesOf = m_staging->stagingId();
    return query;
}

bool DbWorker::restoreSession(QString* error)
{
    if (m_committer)
        m_committer->resetSession();
    return !m_lock || m_lock->reacquire(error);
}

void DbWorker::fetchPage(int limit)
{
    if (m_options.limit > 0)
        limit = int(std::min<qint64>(limit, m_options.limit - m_fetched));
    if (limit <= 0) {
        Q_EMIT pageFetched({}, true);
        return;
    }
    PendingQuery query = pendingQuery(limit);
    QString error;
    // A page may come back smaller once other workers' leases are taken out; keep going until
    // something is claimed or the table is exhausted.
    while (true) {
        query.afterId = m_cursor;
        QVector<CatalogItem> page;
        const bool read = m_retry->run(
            "page",
            [&](QString* stepError) {
                stepError->clear();
                page = m_store->pendingPage(query, stepError);
                return stepError->isEmpty();
            },
            &error);
        if (!read) {
            Q_EMIT pageFailed(error);
            return;
        }
        if (page.isEmpty()) {
            Q_EMIT pageFetched(unaddressableItems(), true);
            return;
        }
        m_cursor = page.last().id;
        const bool exhausted = page.size() < limit;
        QVector<QString> candidates;
        candidates.reserve(page.size());
        for (const CatalogItem& item : page) {
            if (m_options.incremental && item.reason == PendingReason::OtherModel)
                continue;
            candidates.push_back(item.id);
        }
        QVector<QString> claimed;
        // A staging run takes no leases: only one process stages a table at a time.
        const bool leased = m_options.target == RunTarget::Staging
                                ? (claimed = candidates, true)
                                : m_retry->run(
                                      "claim",
                                      [&](QString* stepError) {
                                          stepError->clear();
                                          claimed = m_leases->claim(candidates, m_workerId, m_runId,
                                                                    m_config.run.leaseSeconds, stepError);
                                          return stepError->isEmpty();
                                      },
                                      &error);
        if (!leased) {
            Q_EMIT pageFailed(error);
            return;
        }
        m_takenByOthers += candidates.size() - claimed.size();
        const QSet<QString> mine(claimed.cbegin(), claimed.cend());
        QVector<CatalogItem> items;
        items.reserve(claimed.size());
        for (const CatalogItem& item : page) {
            if (mine.contains(item.id))
                items.push_back(item);
        }
        m_fetched += items.size();
        if (exhausted)
            items += unaddressableItems();
        if (!items.isEmpty() || exhausted) {
            Q_EMIT pageFetched(items, exhausted);
            return;
        }
    }
}

QVector<CatalogItem> DbWorker::unaddressableItems()
{
    if (m_unaddressableListed || (m_options.limit > 0 && m_fetched >= m_options.limit))
        return {};
    m_unaddressableListed = true;
    PendingQuery query = pendingQuery(m_config.run.pageSize);
    if (m_options.limit > 0)
        query.limit = int(std::min<qint64>(query.limit, m_options.limit - m_fetched));
    QString error;
    QVector<CatalogItem> items = m_store->unaddressablePending(query, &error);
    if (!error.isEmpty())
        qCWarning(lcPipeline).noquote() << "cannot list the rows with unaddressable ids:" << error;
    m_fetched += items.size();
    return items;
}

void DbWorker::lookupCache(const QVector<QByteArray>& hashes)
{
    QString error;
    QHash<QByteArray, QVector<float>> vectors;
    const bool ok = m_retry->run(
        "cache",
        [&](QString* stepError) {
            stepError->clear();
            vectors = m_state->lookup(hashes, m_config.embedding.model,
                                      m_config.embedding.effectiveDimensions(), stepError);
            return stepError->isEmpty();
        },
        &error);
    if (!ok) {
        qCWarning(lcPipeline).noquote() << "cache look-up failed, sending the texts instead:" << error;
        vectors.clear();
    }
    Q_EMIT cacheLookedUp(vectors);
}

void DbWorker::commit(quint64 tag, const BatchCommit& batch)
{
    QString error;
    if (!m_retry->run(
            "commit", [&](QString* stepError) { return m_committer->apply(batch, stepError); }, &error)) {
        Q_EMIT commitFailed(tag, error);
        return;
    }
    Q_EMIT committed(tag);
}

void DbWorker::rememberRequestLimits(int maxInputs, int maxTokens)
{
    QString error;
    if (m_limits && !m_limits->save(m_endpoint, m_config.embedding.model, {maxInputs, maxTokens}, &error))
        qCWarning(lcPipeline).noquote() << error;
}

void DbWorker::recordProgress(const RunRecord& counters)
{
    if (!m_runs || m_runId <= 0)
        return;
    RunRecord record = counters;
    record.id = m_runId;
    QString error;
    if (!m_retry->run(
            "record", [&](QString* stepError) { return m_runs->update(record, stepError); }, &error))
        Q_EMIT databaseFailed(QStringLiteral("cannot record the run's progress: ") + error);
}

void DbWorker::renewLeases()
{
    if (!m_leases)
        return;
    QString error;
    const bool renewed = m_retry->run(
        "renew",
        [&](QString* stepError) {
            stepError->clear();
            return m_leases->renew(m_workerId, m_config.run.leaseSeconds, stepError) >= 0;
        },
        &error);
    // Leases left to expire would let other workers take this run's items: stop instead.
    if (!renewed)
        Q_EMIT databaseFailed(error);
}

void DbWorker::close(const RunRecord& counters, RunStatus status, const QString& error)
{
    if (m_leaseTimer)
        m_leaseTimer->stop();
    qint64 leftForLater = -1;
    if (m_store) {
        // The end is recorded if the database comes back soon; a run does not wait a minute
        // to say it has ended. Leases left behind expire, a dead run is found by the next one.
        TransientRetry retry(m_store->connection(), kCloseReconnectSeconds);
        retry.setAbortFlag(m_abort);
        QString closeError;
        const bool recorded = retry.run(
            "close",
            [&](QString* stepError) {
                if (m_runs && m_runId > 0) {
                    RunRecord record = counters;
                    record.id = m_runId;
                    if (!m_runs->update(record, stepError) ||
                        !m_runs->finish(m_runId, status, error, stepError))
                        return false;
                }
                stepError->clear();
                return !m_leases || m_leases->release(m_workerId, stepError) >= 0;
            },
            &closeError);
        if (!recorded)
            qCWarning(lcPipeline).noquote() << "cannot record the end of the run:" << closeError;
        // The books: what is still pending and free now, with the same filters as the opening's
        // count (the leases are given back: nothing of this run is excluded any more).
        if (recorded && m_runId > 0) {
            const Result<qint64> pending = m_store->pendingCount(pendingQuery(m_config.run.pageSize));
            leftForLater = pending.valueOr(-1);
            // Staging: rows that failed for a transient reason are still to be staged (a run
            // parks them in back-off instead); the books count them as failed.
            if (m_staging && leftForLater > 0)
                leftForLater = std::max<qint64>(0, leftForLater - m_staging->transientFailures());
            if (!pending)
                closeError = pending.error();
        }
    }
    if (m_lock)
        m_lock->release();
    m_leases.reset();
    m_limits.reset();
    m_committer.reset();
    m_staging.reset();
    m_state.reset();
    m_runs.reset();
    m_lock.reset();
    m_retry.reset();
    m_store.reset();
    Q_EMIT closed(leftForLater, m_takenByOthers);
}

} // namespace ec
