#include "ops/BatchRunner.h"

#include "ops/BatchRunnerPrivate.h"

#include "api/ApiTypes.h"
#include "api/BatchApiClient.h"
#include "api/RequestBuilder.h"
#include "api/ResponseDecoder.h"
#include "ops/CostModel.h"
#include "pipeline/BatchCommitter.h"
#include "pipeline/ItemClassifier.h"
#include "store/FaultInjection.h"
#include "store/ItemStore.h"
#include "store/LeaseManager.h"
#include "store/RunLog.h"
#include "store/SqlDialect.h"
#include "store/StateStore.h"
#include "text/BatchPlanner.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QThread>

#include <cerrno>
#include <csignal>

namespace ec {

namespace batchrunner {

bool faultHit(const char* step, QString* error)
{
    QString message;
    const FaultInjection::Kind kind = FaultInjection::hit(step, &message);
    if (kind == FaultInjection::Kind::None)
        return false;
    if (kind == FaultInjection::Kind::Hang) {
        for (;;)
            QThread::sleep(3600);
    }
    if (error)
        *error = message;
    return true;
}

bool permanentStatus(int status)
{
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 422;
}

} // namespace batchrunner

using namespace batchrunner;

BatchRunner::BatchRunner(const AppConfig& config, Log log)
    : d(std::make_unique<Private>())
{
    d->config = config;
    d->log = std::move(log);
}

BatchRunner::~BatchRunner() = default;

bool BatchRunner::open(QString* error)
{
    if (d->config.api.flavor != ApiFlavor::OpenAI) {
        if (error)
            *error = QStringLiteral("Batch API mode needs the OpenAI API (or its simulator), not Azure");
        return false;
    }
    d->store = ItemStore::open(d->config, QStringLiteral("ec-batches-%1").arg(quintptr(this)), error);
    if (!d->store)
        return false;
    const CatalogSchema& schema = d->store->schema();
    d->batches = std::make_unique<BatchStore>(d->db(), schema.postgres, d->store->table().table);
    d->leases = std::make_unique<LeaseManager>(d->db(), d->store->table(), schema);
    d->leases->setStillPendingFor(d->config.embedding.model, d->config.embedding.effectiveDimensions());
    d->runs = std::make_unique<RunLog>(d->db(), schema.postgres);
    d->client = std::make_unique<BatchApiClient>(d->config.api);
    d->dimensions = d->config.embedding.effectiveDimensions();
    if (d->dimensions <= 0)
        d->dimensions = schema.declaredDimensions;
    return true;
}

bool BatchRunner::Private::runAlive(qint64 runId) const
{
    if (runId <= 0)
        return false;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT status, worker FROM embedding_runs WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), runId);
    if (!q.exec() || !q.next() || q.value(0).toString() != QLatin1String("running"))
        return false;
    // A submission on this host is alive as long as its process is; elsewhere, until its
    // record goes stale (markInterrupted).
    const QString worker = q.value(1).toString();
    const qsizetype colon = worker.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const qint64 pid = worker.mid(colon + 1).toLongLong(&ok);
    if (colon <= 0 || !ok || worker.left(colon) != QHostInfo::localHostName() || pid <= 0)
        return true;
    if (pid == QCoreApplication::applicationPid() || ::kill(pid_t(pid), 0) == 0 || errno == EPERM)
        return true;
    QString ignored;
    runs->finish(runId, RunStatus::Interrupted, QStringLiteral("the submitting process is gone"), &ignored);
    return false;
}

bool BatchRunner::Private::commit(const QString& owner, const BatchCommit& batch, QString* error)
{
    if (batch.isEmpty())
        return true;
    BatchCommitter committer(db(), store->table(), store->schema(), config, owner);
    if (staging)
        committer.stageInto(staging.get());
    return committer.apply(batch, error);
}

BatchSubmitResult BatchRunner::submit(const BatchSubmitOptions& options)
{
    BatchSubmitResult result;
    Private& p = *d;
    const EmbeddingSettings& embedding = p.config.embedding;
    const CostModel prices(p.config.prices);
    QString error;
    p.staging.reset();
    const bool toStaging = options.stagingMigration > 0;
    if (toStaging) {
        p.staging = std::make_unique<MigrationStore>(p.db(), p.store->table(), p.store->schema());
        const Result<void> opened = p.staging->openStaging(p.dimensions);
        if (!opened || p.staging->stagingId() != options.stagingMigration) {
            result.error = opened ? QStringLiteral("migration %1 of %2 is not the one staging")
                                        .arg(options.stagingMigration)
                                        .arg(p.store->table().table)
                                  : opened.error();
            p.staging.reset();
            return result;
        }
    }
    struct StagingReset
    {
        BatchRunner::Private& p;
        ~StagingReset() { p.staging.reset(); }
    } stagingReset{p};

    RunRecord run;
    run.worker =
        QStringLiteral("%1:%2").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    run.configJson = QJsonDocument(QJsonObject{{QStringLiteral("mode"), QStringLiteral("batch-api")},
                                               {QStringLiteral("model"), embedding.model},
                                               {QStringLiteral("dimensions"), p.dimensions},
                                               {QStringLiteral("migration_id"), options.stagingMigration}})
                         .toJson(QJsonDocument::Compact);
    p.runs->markInterrupted(kStaleRunSeconds);
    result.runId = p.runs->start(run, &error);
    if (result.runId <= 0) {
        result.error = error;
        return result;
    }
    run.id = result.runId;

    ItemClassifier classifier(p.config.batch, embedding.model, p.dimensions);
    StateStore cache(p.db(), p.store->table(), p.store->schema());
    RequestBuilder builder(p.config.api, embedding);
    qint64 enqueued = 0;
    if (options.enqueuedTokenLimit > 0)
        enqueued = p.batches->openTokens(embedding.model, &error).value_or(0);

    QString cursor;
    bool exhausted = false;
    qint64 taken = 0; // items taken by this submission (any verdict)
    auto finishRun = [&](RunStatus status, const QString& why) {
        run.total = taken;
        run.processed = taken;
        run.succeeded = result.unchanged + result.cached + result.deduped;
        run.skipped = result.skipped;
        run.unchanged = result.unchanged;
        run.cached = result.cached;
        run.deduped = result.deduped;
        run.apiInputs = result.inputs;
        run.apiRequests = result.requests;
        run.tokens = result.tokens;
        run.costUsd = result.costUsd;
        QString ignored;
        p.runs->update(run, &ignored);
        p.runs->finish(run.id, status, why, &ignored);
    };

    while (!exhausted && !result.limitReached) {
        BatchRecord record;
        record.runId = run.id;
        record.model = embedding.model;
        record.dimensions = p.dimensions;
        record.migrationId = options.stagingMigration;
        record.row = p.batches->insert(record, &error);
        if (record.row <= 0) {
            result.error = error;
            break;
        }
        const QString owner = BatchStore::leaseOwner(record.row);
        BatchPlanner planner(p.config.batch);
        QVector<EmbeddingInput> inputs;               // the distinct texts, by payload
        QHash<QByteArray, qint64> payloadOfHash;      // hash → payload
        QVector<QPair<qint64, BatchItemRecord>> sent; // payload → item (custom_id filled later)
        QVector<PlannedBatch> lines;
        qint64 bytes = 0, tokens = 0;
        BatchCommit immediate;
        bool full = false;

        while (!full && !exhausted) {
            PendingQuery query;
            query.model = embedding.model;
            query.dimensions = embedding.effectiveDimensions();
            query.limit = p.config.run.pageSize;
            if (options.limit > 0)
                query.limit = int(std::min<qint64>(query.limit, options.limit - taken));
            query.afterId = cursor;
            query.leaseOwner = owner;
            query.staging = toStaging;
            query.stagingBatchesOf = options.stagingMigration;
            if (query.limit <= 0) {
                result.limitReached = true;
                break;
            }
            const QVector<CatalogItem> page = p.store->pendingPage(query, &error);
            if (!error.isEmpty()) {
                result.error = error;
                break;
            }
            if (page.isEmpty()) {
                exhausted = true;
                break;
            }
            QVector<QString> ids;
            for (const CatalogItem& item : page)
                ids.push_back(item.id);
            // A staging batch leases nothing: runs keep embedding the operator's table meanwhile, and
            // the rows behind it are left out of the staging's pages (stagingBatchesOf).
            const QVector<QString> claimed =
                toStaging ? ids : p.leases->claim(ids, owner, 0, options.leaseSeconds, &error);
            if (!error.isEmpty()) {
                result.error = error;
                break;
            }
            const QSet<QString> mine(claimed.cbegin(), claimed.cend());
            // Classify the page; look up the cache for the new texts.
            struct Candidate
            {
                const CatalogItem* item;
                ItemVerdict verdict;
            };
            QVector<Candidate> candidates;
            QVector<QByteArray> lookups;
            for (const CatalogItem& item : page) {
                if (!mine.contains(item.id))
                    continue;
                candidates.push_back({&item, classifier.classify(item)});
                const ItemVerdict& v = candidates.back().verdict;
                if (v.kind == ItemVerdict::Kind::Send && !payloadOfHash.contains(v.hash))
                    lookups.push_back(v.hash);
            }
            const QHash<QByteArray, QVector<float>> cached =
                lookups.isEmpty() ? QHash<QByteArray, QVector<float>>()
                                  : cache.lookup(lookups, embedding.model, embedding.effectiveDimensions());
            for (qsizetype i = 0; i < candidates.size(); ++i) {
                const CatalogItem& item = *candidates[i].item;
                const ItemVerdict& v = candidates[i].verdict;
                if (v.kind == ItemVerdict::Kind::Send && !payloadOfHash.contains(v.hash) &&
                    !cached.contains(v.hash)) {
                    const qsizetype size = v.input.text.size() + 8;
                    const bool overEnqueued = options.enqueuedTokenLimit > 0 &&
                                              enqueued + tokens + v.input.tokens > options.enqueuedTokenLimit;
                    const bool overCap =
                        options.maxCostUsd > 0 &&
                        prices.batchUsd(embedding.model, result.tokens + tokens + v.input.tokens) >
                            options.maxCostUsd;
                    const bool over = inputs.size() + 1 > options.maxInputsPerBatch ||
                                      lines.size() + 2 > options.maxRequestsPerBatch ||
                                      bytes + size + kLineOverhead > options.maxBytesPerFile ||
                                      (options.maxTokensPerBatch > 0 &&
                                       tokens + v.input.tokens > options.maxTokensPerBatch) ||
                                      overEnqueued || overCap;
                    if (over) {
                        // This one and the rest of the page wait for the next batch.
                        if (overEnqueued || overCap)
                            result.limitReached = true;
                        if (overCap)
                            result.spendCapReached = true;
                        QVector<QString> rest;
                        for (qsizetype j = i; j < candidates.size(); ++j)
                            rest.push_back(candidates[j].item->id);
                        p.leases->release(owner, rest, &error);
                        full = true;
                        break;
                    }
                }
                cursor = item.id;
                ++taken;
                switch (v.kind) {
                case ItemVerdict::Kind::Unreadable:
                case ItemVerdict::Kind::Skipped: {
                    immediate.failures.push_back(v.failureOf(item.id, run.id));
                    ++result.skipped;
                    continue;
                }
                case ItemVerdict::Kind::Unchanged:
                    immediate.currentIds.push_back(item.id);
                    ++result.unchanged;
                    continue;
                case ItemVerdict::Kind::Send:
                    break;
                }
                BatchItemRecord entry;
                entry.itemId = item.id;
                entry.contentHash = v.hash;
                entry.tokens = v.input.tokens;
                entry.truncated = v.input.truncated;
                if (const auto it = payloadOfHash.constFind(v.hash); it != payloadOfHash.constEnd()) {
                    sent.push_back({*it, entry}); // an equal text is in this batch already
                    ++result.deduped;
                    continue;
                }
                if (const auto hit = cached.constFind(v.hash); hit != cached.constEnd()) {
                    immediate.writes.push_back({item.id, *hit, v.hash, v.input.tokens, v.input.truncated});
                    ++result.cached;
                    continue;
                }
                const qint64 payload = inputs.size();
                inputs.push_back({v.input.text, v.input.tokens});
                payloadOfHash.insert(v.hash, payload);
                sent.push_back({payload, entry});
                bytes += v.input.text.size() + 8;
                tokens += v.input.tokens;
                if (auto closed = planner.add(payload, v.input.tokens)) {
                    lines.push_back(*closed);
                    bytes += kLineOverhead;
                }
            }
            if (!error.isEmpty() && result.error.isEmpty()) {
                result.error = error;
                break;
            }
            if (options.limit > 0 && taken >= options.limit)
                result.limitReached = true;
            if (result.limitReached)
                break;
        }
        if (auto last = planner.flush())
            lines.push_back(*last);

        // What needs no call is committed now, as a run commits it.
        if (!p.commit(owner, immediate, &error) && result.error.isEmpty())
            result.error = error;
        if (inputs.isEmpty() || !result.error.isEmpty()) {
            record.state = QStringLiteral("abandoned");
            p.leases->release(owner, &error);
            p.batches->update(record, &error);
            break;
        }

        // 1. The items behind every custom_id.
        QVector<QPair<QString, int>> slotOf(inputs.size()); // payload → (custom_id, index)
        QByteArray jsonl;
        jsonl.reserve(bytes + lines.size() * kLineOverhead);
        for (qsizetype l = 0; l < lines.size(); ++l) {
            const QString customId = QStringLiteral("ec%1-%2").arg(record.row).arg(l + 1);
            QVector<int> indices;
            for (int i = 0; i < lines[l].size(); ++i) {
                const qint64 payload = lines[l].payloads[size_t(i)];
                slotOf[payload] = {customId, i};
                indices.push_back(int(payload));
            }
            jsonl += "{\"custom_id\":\"" + customId.toLatin1() +
                     "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":" +
                     builder.body(inputs, indices) + "}\n";
        }
        QVector<BatchItemRecord> itemRecords;
        itemRecords.reserve(sent.size());
        for (auto& [payload, entry] : sent) {
            entry.customId = slotOf[payload].first;
            entry.inputIndex = slotOf[payload].second;
            itemRecords.push_back(entry);
        }
        record.requests = lines.size();
        record.inputs = inputs.size();
        record.items = itemRecords.size();
        record.tokens = tokens;
        if (!p.batches->addItems(record.row, itemRecords, &error) || !p.batches->update(record, &error)) {
            result.error = error;
            p.leases->release(owner, &error);
            break;
        }

        // 2. The upload, recorded before any batch is made of it.
        const auto fileId = p.client->upload(
            jsonl, QStringLiteral("embedding-console-batch-%1.jsonl").arg(record.row), &error);
        if (!fileId) {
            result.error = error;
            record.state = QStringLiteral("abandoned");
            p.leases->release(owner, &error);
            p.batches->update(record, &error);
            break;
        }
        record.inputFileId = *fileId;
        record.state = QStringLiteral("uploaded");
        if (!p.batches->update(record, &error) || faultHit("batch-upload", &error)) {
            result.error = error;
            break; // the next collection creates the batch or finds it
        }

        // 3. The batch, then its id.
        const auto info = p.client->create(
            *fileId,
            QJsonObject{{QStringLiteral("ec_batch_row"), QString::number(record.row)},
                        {QStringLiteral("ec_table"), SqlDialect::catalogKey(p.store->table().table)}},
            &error);
        if (!info) {
            result.error = error; // the next collection retries the creation
            break;
        }
        if (faultHit("batch-create", &error)) {
            result.error = error;
            break;
        }
        record.batchId = info->id;
        record.status = info->status;
        record.state = QStringLiteral("submitted");
        if (!p.batches->update(record, &error)) {
            result.error = error;
            break;
        }
        result.batchIds << info->id;
        result.items += itemRecords.size();
        result.inputs += inputs.size();
        result.requests += lines.size();
        result.tokens += tokens;
        result.costUsd += prices.batchUsd(embedding.model, tokens);
        enqueued += tokens;
        p.say(QCoreApplication::translate("BatchRunner",
                                          "submitted batch %1: %2 items, %3 inputs in %4 requests, %5 tokens")
                  .arg(info->id)
                  .arg(itemRecords.size())
                  .arg(inputs.size())
                  .arg(lines.size())
                  .arg(tokens));
    }
    if (!result.error.isEmpty())
        finishRun(RunStatus::Failed, result.error);
    else if (result.spendCapReached)
        finishRun(RunStatus::Stopped, QStringLiteral("spend cap reached"));
    else
        finishRun(RunStatus::Completed, {});
    return result;
}

} // namespace ec
