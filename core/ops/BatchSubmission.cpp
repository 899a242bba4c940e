#include "ops/BatchSubmission.h"

#include "api/ApiTypes.h"
#include "store/SqlDialect.h"
#include "text/BatchPlanner.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace ec {

using namespace batchrunner;

/// One batch being filled.
struct BatchSubmission::Draft
{
    explicit Draft(const BatchSettings& settings)
        : planner(settings)
    {}
    QString owner; ///< the lease owner of the batch's items
    BatchPlanner planner;
    QVector<EmbeddingInput> inputs;               ///< the distinct texts, by payload
    QHash<QByteArray, qint64> payloadOfHash;      ///< content hash → payload
    QVector<QPair<qint64, BatchItemRecord>> sent; ///< payload → item (custom_id filled by jsonl())
    QVector<PlannedBatch> lines;                  ///< the request lines
    QVector<BatchItemRecord> items;               ///< the items behind the lines (by jsonl())
    qint64 bytes = 0;
    qint64 tokens = 0;
    BatchCommit immediate; ///< what needs no call: committed as a run commits it
    bool full = false;
};

BatchSubmission::BatchSubmission(BatchRunner::Private& runner, const BatchSubmitOptions& options,
                                 BatchSubmitResult& result)
    : m_runner(runner)
    , m_options(options)
    , m_result(result)
    , m_toStaging(options.stagingMigration > 0)
    , m_prices(runner.config.prices)
    , m_classifier(runner.config.batch, runner.config.embedding.model, runner.dimensions)
    , m_builder(runner.config.api, runner.config.embedding)
{}

BatchSubmission::~BatchSubmission()
{
    m_runner.staging.reset();
}

bool BatchSubmission::start()
{
    BatchRunner::Private& p = m_runner;
    p.staging.reset();
    if (m_toStaging) {
        p.staging = std::make_unique<MigrationStore>(p.db(), p.store->table(), p.store->schema());
        const Result<void> opened = p.staging->openStaging(p.dimensions);
        if (!opened || p.staging->stagingId() != m_options.stagingMigration) {
            m_result.error = opened ? QStringLiteral("migration %1 of %2 is not the one staging")
                                          .arg(m_options.stagingMigration)
                                          .arg(p.store->table().table)
                                    : opened.error();
            p.staging.reset();
            return false;
        }
    }

    const EmbeddingSettings& embedding = p.config.embedding;
    m_run.worker =
        QStringLiteral("%1:%2").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    m_run.configJson =
        QJsonDocument(QJsonObject{{QStringLiteral("mode"), QStringLiteral("batch-api")},
                                  {QStringLiteral("model"), embedding.model},
                                  {QStringLiteral("dimensions"), p.dimensions},
                                  {QStringLiteral("migration_id"), m_options.stagingMigration}})
            .toJson(QJsonDocument::Compact);
    p.runs->markInterrupted(kStaleRunSeconds);
    QString error;
    m_result.runId = p.runs->start(m_run, &error);
    if (m_result.runId <= 0) {
        m_result.error = error;
        return false;
    }
    m_run.id = m_result.runId;
    m_cache = std::make_unique<StateStore>(p.db(), p.store->table(), p.store->schema());
    if (m_options.enqueuedTokenLimit > 0)
        m_enqueued = p.batches->openTokens(embedding.model, &error).value_or(0);
    return true;
}

void BatchSubmission::submitAll()
{
    BatchRunner::Private& p = m_runner;
    while (!m_exhausted && !m_result.limitReached) {
        BatchRecord record;
        record.runId = m_run.id;
        record.model = p.config.embedding.model;
        record.dimensions = p.dimensions;
        record.migrationId = m_options.stagingMigration;
        QString error;
        record.row = p.batches->insert(record, &error);
        if (record.row <= 0) {
            m_result.error = error;
            break;
        }
        Draft draft(p.config.batch);
        draft.owner = BatchStore::leaseOwner(record.row);
        const bool filled = fill(draft);
        if (auto last = draft.planner.flush())
            draft.lines.push_back(*last);
        // What needs no call is committed now, as a run commits it.
        if (!p.commit(draft.owner, draft.immediate, &error) && m_result.error.isEmpty())
            m_result.error = error;
        if (!filled || draft.inputs.isEmpty() || !m_result.error.isEmpty()) {
            abandon(record);
            if (draft.inputs.isEmpty()) // nothing was sent: no batch to list
                p.batches->removeIfEmpty(record.row, &error);
            break;
        }
        if (!send(record, draft))
            break;
    }
    if (!m_result.error.isEmpty())
        finishRun(RunStatus::Failed, m_result.error);
    else if (m_result.spendCapReached)
        finishRun(RunStatus::Stopped, QStringLiteral("spend cap reached"));
    else
        finishRun(RunStatus::Completed, {});
}

bool BatchSubmission::fill(Draft& draft)
{
    BatchRunner::Private& p = m_runner;
    while (!draft.full && !m_exhausted) {
        PendingQuery query;
        query.model = p.config.embedding.model;
        query.dimensions = p.config.embedding.effectiveDimensions();
        query.limit = p.config.run.pageSize;
        if (m_options.limit > 0)
            query.limit = int(std::min<qint64>(query.limit, m_options.limit - m_taken));
        query.afterId = m_cursor;
        query.leaseOwner = draft.owner;
        query.staging = m_toStaging;
        query.stagingBatchesOf = m_options.stagingMigration;
        if (query.limit <= 0) {
            m_result.limitReached = true;
            return true;
        }
        QString error;
        const QVector<CatalogItem> page = p.store->pendingPage(query, &error);
        if (!error.isEmpty()) {
            m_result.error = error;
            return false;
        }
        if (page.isEmpty()) {
            m_exhausted = true;
            return true;
        }
        QVector<QString> ids;
        for (const CatalogItem& item : page)
            ids.push_back(item.id);
        // A staging batch leases nothing: runs keep embedding the operator's table meanwhile, and
        // the rows behind it are left out of the staging's pages (stagingBatchesOf).
        const QVector<QString> claimed =
            m_toStaging ? ids : p.leases->claim(ids, draft.owner, 0, m_options.leaseSeconds, &error);
        if (!error.isEmpty()) {
            m_result.error = error;
            return false;
        }
        draft.full = take(draft, page, QSet<QString>(claimed.cbegin(), claimed.cend()));
        if (!m_result.error.isEmpty())
            return false;
        if (m_options.limit > 0 && m_taken >= m_options.limit)
            m_result.limitReached = true;
        if (m_result.limitReached)
            return true;
    }
    return true;
}

bool BatchSubmission::take(Draft& draft, const QVector<CatalogItem>& page, const QSet<QString>& claimed)
{
    const EmbeddingSettings& embedding = m_runner.config.embedding;
    // Classify the page; look up the cache for the new texts.
    struct Candidate
    {
        const CatalogItem* item;
        ItemVerdict verdict;
    };
    QVector<Candidate> candidates;
    QVector<QByteArray> lookups;
    for (const CatalogItem& item : page) {
        if (!claimed.contains(item.id))
            continue;
        candidates.push_back({&item, m_classifier.classify(item)});
        const ItemVerdict& v = candidates.back().verdict;
        if (v.kind == ItemVerdict::Kind::Send && !draft.payloadOfHash.contains(v.hash))
            lookups.push_back(v.hash);
    }
    const QHash<QByteArray, QVector<float>> cached =
        lookups.isEmpty() ? QHash<QByteArray, QVector<float>>()
                          : m_cache->lookup(lookups, embedding.model, embedding.effectiveDimensions());
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const CatalogItem& item = *candidates[i].item;
        const ItemVerdict& v = candidates[i].verdict;
        if (v.kind == ItemVerdict::Kind::Send && !draft.payloadOfHash.contains(v.hash) &&
            !cached.contains(v.hash) && wouldOverflow(draft, v.input.tokens, v.input.text.size() + 8)) {
            // This one and the rest of the page wait for the next batch.
            QVector<QString> rest;
            for (qsizetype j = i; j < candidates.size(); ++j)
                rest.push_back(candidates[j].item->id);
            QString error;
            if (m_runner.leases->release(draft.owner, rest, &error) < 0)
                m_result.error = error;
            return true;
        }
        m_cursor = item.id;
        ++m_taken;
        switch (v.kind) {
        case ItemVerdict::Kind::Unreadable:
        case ItemVerdict::Kind::Skipped:
            draft.immediate.failures.push_back(v.failureOf(item.id, m_run.id));
            ++m_result.skipped;
            continue;
        case ItemVerdict::Kind::Unchanged:
            draft.immediate.currentIds.push_back(item.id);
            ++m_result.unchanged;
            continue;
        case ItemVerdict::Kind::Send:
            break;
        }
        BatchItemRecord entry;
        entry.itemId = item.id;
        entry.contentHash = v.hash;
        entry.tokens = v.input.tokens;
        entry.truncated = v.input.truncated;
        if (const auto it = draft.payloadOfHash.constFind(v.hash); it != draft.payloadOfHash.constEnd()) {
            draft.sent.push_back({*it, entry}); // an equal text is in this batch already
            ++m_result.deduped;
            continue;
        }
        if (const auto hit = cached.constFind(v.hash); hit != cached.constEnd()) {
            draft.immediate.writes.push_back({item.id, *hit, v.hash, v.input.tokens, v.input.truncated});
            ++m_result.cached;
            continue;
        }
        const qint64 payload = draft.inputs.size();
        draft.inputs.push_back({v.input.text, v.input.tokens});
        draft.payloadOfHash.insert(v.hash, payload);
        draft.sent.push_back({payload, entry});
        draft.bytes += v.input.text.size() + 8;
        draft.tokens += v.input.tokens;
        if (auto closed = draft.planner.add(payload, v.input.tokens)) {
            draft.lines.push_back(*closed);
            draft.bytes += kLineOverhead;
        }
    }
    return false;
}

bool BatchSubmission::wouldOverflow(const Draft& draft, qint64 inputTokens, qsizetype inputBytes)
{
    const bool overEnqueued = m_options.enqueuedTokenLimit > 0 &&
                              m_enqueued + draft.tokens + inputTokens > m_options.enqueuedTokenLimit;
    const bool overCap =
        m_options.maxCostUsd > 0 &&
        m_prices.batchUsd(m_runner.config.embedding.model, m_result.tokens + draft.tokens + inputTokens) >
            m_options.maxCostUsd;
    if (overEnqueued || overCap)
        m_result.limitReached = true;
    if (overCap)
        m_result.spendCapReached = true;
    return draft.inputs.size() + 1 > m_options.maxInputsPerBatch ||
           draft.lines.size() + 2 > m_options.maxRequestsPerBatch ||
           draft.bytes + inputBytes + kLineOverhead > m_options.maxBytesPerFile ||
           (m_options.maxTokensPerBatch > 0 && draft.tokens + inputTokens > m_options.maxTokensPerBatch) ||
           overEnqueued || overCap;
}

QByteArray BatchSubmission::jsonl(const BatchRecord& record, Draft& draft) const
{
    QVector<QPair<QString, int>> slotOf(draft.inputs.size()); // payload → (custom_id, index)
    QByteArray file;
    file.reserve(draft.bytes + draft.lines.size() * kLineOverhead);
    for (qsizetype l = 0; l < draft.lines.size(); ++l) {
        const QString customId = QStringLiteral("ec%1-%2").arg(record.row).arg(l + 1);
        QVector<int> indices;
        for (int i = 0; i < draft.lines[l].size(); ++i) {
            const qint64 payload = draft.lines[l].payloads[size_t(i)];
            slotOf[payload] = {customId, i};
            indices.push_back(int(payload));
        }
        file += "{\"custom_id\":\"" + customId.toLatin1() +
                "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":" +
                m_builder.body(draft.inputs, indices) + "}\n";
    }
    draft.items.clear();
    draft.items.reserve(draft.sent.size());
    for (auto& [payload, entry] : draft.sent) {
        entry.customId = slotOf[payload].first;
        entry.inputIndex = slotOf[payload].second;
        draft.items.push_back(entry);
    }
    return file;
}

bool BatchSubmission::send(BatchRecord& record, Draft& draft)
{
    BatchRunner::Private& p = m_runner;
    QString error;
    // 1. The items behind every custom_id.
    const QByteArray file = jsonl(record, draft);
    record.requests = draft.lines.size();
    record.inputs = draft.inputs.size();
    record.items = draft.items.size();
    record.tokens = draft.tokens;
    if (!p.batches->addItems(record.row, draft.items, &error) || !p.batches->update(record, &error)) {
        m_result.error = error;
        p.leases->release(draft.owner, &error);
        return false;
    }

    // 2. The upload, recorded before any batch is made of it.
    const auto fileId =
        p.client->upload(file, QStringLiteral("embedding-console-batch-%1.jsonl").arg(record.row), &error);
    if (!fileId) {
        m_result.error = error;
        abandon(record);
        return false;
    }
    record.inputFileId = *fileId;
    record.state = QStringLiteral("uploaded");
    if (!p.batches->update(record, &error) || faultHit("batch-upload", &error)) {
        m_result.error = error;
        return false; // the next collection creates the batch or finds it
    }

    // 3. The batch, then its id.
    const auto info = p.client->create(
        *fileId,
        QJsonObject{{QStringLiteral("ec_batch_row"), QString::number(record.row)},
                    {QStringLiteral("ec_table"), SqlDialect::catalogKey(p.store->table().table)}},
        &error);
    if (!info) {
        m_result.error = error; // the next collection retries the creation
        return false;
    }
    if (faultHit("batch-create", &error)) {
        m_result.error = error;
        return false;
    }
    record.batchId = info->id;
    record.status = info->status;
    record.state = QStringLiteral("submitted");
    if (!p.batches->update(record, &error)) {
        m_result.error = error;
        return false;
    }
    m_result.batchIds << info->id;
    m_result.items += draft.items.size();
    m_result.inputs += draft.inputs.size();
    m_result.requests += draft.lines.size();
    m_result.tokens += draft.tokens;
    m_result.costUsd += m_prices.batchUsd(p.config.embedding.model, draft.tokens);
    m_enqueued += draft.tokens;
    p.say(QCoreApplication::translate("BatchRunner",
                                      "submitted batch %1: %2 items, %3 inputs in %4 requests, %5 tokens")
              .arg(info->id)
              .arg(draft.items.size())
              .arg(draft.inputs.size())
              .arg(draft.lines.size())
              .arg(draft.tokens));
    return true;
}

void BatchSubmission::abandon(BatchRecord& record)
{
    QString ignored;
    record.state = QStringLiteral("abandoned");
    m_runner.leases->release(BatchStore::leaseOwner(record.row), &ignored);
    m_runner.batches->update(record, &ignored);
}

void BatchSubmission::finishRun(RunStatus status, const QString& why)
{
    m_run.total = m_taken;
    m_run.processed = m_taken;
    m_run.succeeded = m_result.unchanged + m_result.cached + m_result.deduped;
    m_run.skipped = m_result.skipped;
    m_run.unchanged = m_result.unchanged;
    m_run.cached = m_result.cached;
    m_run.deduped = m_result.deduped;
    m_run.apiInputs = m_result.inputs;
    m_run.apiRequests = m_result.requests;
    m_run.tokens = m_result.tokens;
    m_run.costUsd = m_result.costUsd;
    QString ignored;
    m_runner.runs->update(m_run, &ignored);
    m_runner.runs->finish(m_run.id, status, why, &ignored);
}

} // namespace ec
