#include "pipeline/DbWorker.h"

#include "store/ExclusiveLock.h"
#include "store/ItemStore.h"
#include "store/LeaseManager.h"
#include "store/RunLog.h"
#include "store/StateStore.h"
#include "util/Logging.h"

#include <QSqlQuery>
#include <QTimer>

namespace ec {

namespace {
/// Runs whose heartbeat is older than this are taken for dead.
constexpr int kStaleRunSeconds = 120;
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
    m_store = ItemStore::open(m_config, QStringLiteral("ec-run-%1").arg(quintptr(this)), &error);
    if (!m_store) {
        Q_EMIT openFailed(error, false);
        return;
    }
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
    RunOpening opening;
    opening.schema = schema;
    opening.interruptedRuns = m_runs->markInterrupted(kStaleRunSeconds);
    {
        // Items a dead run had claimed are free at once, not only when its leases expire.
        QSqlQuery release(db);
        release.exec(QStringLiteral("DELETE FROM embedding_leases WHERE run_id IN "
                                    "(SELECT id FROM embedding_runs WHERE status = 'interrupted')"));
    }

    const auto status = m_store->status(m_config.embedding, &error);
    if (!status) {
        Q_EMIT openFailed(error, false);
        return;
    }
    opening.status = *status;
    // The run's total: what the pages will offer, i.e. without parked items, items still in
    // their retry back-off and items other workers hold.
    const PendingQuery query = pendingQuery(m_config.run.pageSize);
    const auto pending = m_store->pendingCount(query, &error);
    if (!pending) {
        Q_EMIT openFailed(error, false);
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
    opening.writeLanes = schema.postgres && !schema.pglite ? std::max(0, m_config.run.writeConnections) : 0;

    m_committer = std::make_unique<BatchCommitter>(db, table, schema, m_config, m_workerId);
    m_state = std::make_unique<StateStore>(db, table, schema);
    m_leases = std::make_unique<LeaseManager>(db, table, schema);
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
    return query;
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
        const QVector<CatalogItem> page = m_store->pendingPage(query, &error);
        if (!error.isEmpty()) {
            Q_EMIT databaseError(error);
            return;
        }
        if (page.isEmpty()) {
            Q_EMIT pageFetched({}, true);
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
        const QVector<QString> claimed =
            m_leases->claim(candidates, m_workerId, m_runId, m_config.run.leaseSeconds, &error);
        if (!error.isEmpty()) {
            Q_EMIT databaseError(error);
            return;
        }
        const QSet<QString> mine(claimed.cbegin(), claimed.cend());
        QVector<CatalogItem> items;
        items.reserve(claimed.size());
        for (const CatalogItem& item : page) {
            if (mine.contains(item.id))
                items.push_back(item);
        }
        m_fetched += items.size();
        if (!items.isEmpty() || exhausted) {
            Q_EMIT pageFetched(items, exhausted);
            return;
        }
    }
}

void DbWorker::lookupCache(const QVector<QByteArray>& hashes)
{
    QString error;
    const auto vectors =
        m_state->lookup(hashes, m_config.embedding.model, m_config.embedding.effectiveDimensions(), &error);
    if (!error.isEmpty())
        qCWarning(lcPipeline).noquote() << "cache look-up failed, sending the texts instead:" << error;
    Q_EMIT cacheLookedUp(vectors);
}

void DbWorker::commit(quint64 tag, const BatchCommit& batch)
{
    QString error;
    if (!m_committer->apply(batch, &error)) {
        Q_EMIT commitFailed(tag, error);
        return;
    }
    Q_EMIT committed(tag);
}

void DbWorker::recordProgress(const RunRecord& counters)
{
    if (!m_runs || m_runId <= 0)
        return;
    RunRecord record = counters;
    record.id = m_runId;
    QString error;
    if (!m_runs->update(record, &error))
        qCWarning(lcPipeline).noquote() << "cannot record the run's progress:" << error;
}

void DbWorker::renewLeases()
{
    QString error;
    if (m_leases)
        m_leases->renew(m_workerId, m_config.run.leaseSeconds, &error);
}

void DbWorker::close(const RunRecord& counters, RunStatus status, const QString& error)
{
    if (m_leaseTimer)
        m_leaseTimer->stop();
    QString ignored;
    if (m_runs && m_runId > 0) {
        RunRecord record = counters;
        record.id = m_runId;
        m_runs->update(record, &ignored);
        m_runs->finish(m_runId, status, error, &ignored);
    }
    if (m_leases)
        m_leases->release(m_workerId, &ignored);
    if (m_lock)
        m_lock->release();
    m_leases.reset();
    m_committer.reset();
    m_state.reset();
    m_runs.reset();
    m_lock.reset();
    m_store.reset();
    Q_EMIT closed();
}

} // namespace ec
