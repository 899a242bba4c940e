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
#include <QDeadlineTimer>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <csignal>

// BatchRunner's second half: recovering what a killed submission left, collecting the batches that
// ended, cancelling and listing them.

namespace ec {

using namespace batchrunner;

namespace {

/// What to do about a recorded batch the endpoint answers 404 for.
QString unknownBatchHint(const BatchRecord& record)
{
    return QStringLiteral(
               " (the endpoint has no such batch: it was made on another endpoint or API key, or by a "
               "SIMULATED endpoint that ended with its process; cancelling it — `embedctl batches "
               "--cancel %1`, with --simulate for a simulated one, or Cancel selected in the console's "
               "Batches tab — gives its %2 items back to pending)")
        .arg(record.row)
        .arg(record.items);
}

} // namespace

QHash<QString, QByteArray> BatchRunner::Private::currentHashes(const QStringList& ids, const QString& owner,
                                                               const BatchRecord& record, QString* error)
{
    QHash<QString, QByteArray> out;
    // A staging batch: the rows its migration would stage now, hashed under the batch's model.
    const bool toStaging = record.migrationId > 0;
    const QString model = toStaging ? record.model : config.embedding.model;
    ItemClassifier classifier(config.batch, model, toStaging ? record.dimensions : dimensions);
    for (qsizetype start = 0; start < ids.size(); start += 1000) {
        PendingQuery query;
        query.model = model;
        query.dimensions = toStaging ? record.dimensions : config.embedding.effectiveDimensions();
        query.staging = toStaging;
        query.limit = 1000;
        query.onlyIds = ids.mid(start, 1000);
        query.ignoreBackoff = true;
        query.leaseOwner = owner;
        const QVector<CatalogItem> page = store->pendingPage(query, error);
        if (!error->isEmpty())
            return {};
        for (const CatalogItem& item : page) {
            const ItemVerdict v = classifier.classify(item);
            if (v.kind == ItemVerdict::Kind::Send || v.kind == ItemVerdict::Kind::Unchanged)
                out.insert(item.id, v.hash);
        }
    }
    return out;
}

bool BatchRunner::Private::recover(BatchRecord& record, QString* error)
{
    const QString owner = BatchStore::leaseOwner(record.row);
    if (record.state == QLatin1String("preparing")) {
        // No batch can exist: one is created only once the upload is recorded.
        record.state = QStringLiteral("abandoned");
        if (leases->release(owner, error) < 0 || !batches->update(record, error))
            return false;
        say(QCoreApplication::translate("BatchRunner",
                                        "batch row %1 was never uploaded: its items are pending again")
                .arg(record.row));
        return true;
    }
    if (record.state != QLatin1String("uploaded"))
        return true;
    std::optional<BatchInfo> info = client->findByInputFile(record.inputFileId, error);
    if (!info && !error->isEmpty())
        return false;
    if (!info) {
        info = client->create(
            record.inputFileId,
            QJsonObject{{QStringLiteral("ec_batch_row"), QString::number(record.row)},
                        {QStringLiteral("ec_table"), SqlDialect::catalogKey(store->table().table)}},
            error);
        if (!info)
            return false;
        say(QCoreApplication::translate("BatchRunner",
                                        "batch row %1: created batch %2 from the recorded upload")
                .arg(record.row)
                .arg(info->id));
    } else {
        say(QCoreApplication::translate("BatchRunner",
                                        "batch row %1: found batch %2 made of the recorded upload")
                .arg(record.row)
                .arg(info->id));
    }
    record.batchId = info->id;
    record.status = info->status;
    record.state = QStringLiteral("submitted");
    return batches->update(record, error);
}

bool BatchRunner::Private::collectRow(BatchRecord& record, const BatchInfo& info, BatchCollectResult& result,
                                      QString* error)
{
    const QString owner = BatchStore::leaseOwner(record.row);
    // A staging batch writes into its migration's staging table, staged as of now (before the
    // items are read: an edit after this is newer than the staged vector, so it is staged again);
    // if that migration is no longer staging, nothing of the batch is written.
    staging.reset();
    struct StagingReset
    {
        BatchRunner::Private& p;
        ~StagingReset() { p.staging.reset(); }
    } stagingReset{*this};
    bool migrationGone = false;
    if (record.migrationId > 0) {
        auto target = std::make_unique<MigrationStore>(db(), store->table(), store->schema());
        const auto active = target->active();
        if (!active) {
            *error = active.error();
            return false;
        }
        if (*active && (*active)->id == record.migrationId && (*active)->state == QLatin1String("staging")) {
            const Result<void> opened = target->openStaging(record.dimensions);
            if (!opened) {
                *error = opened.error();
                return false;
            }
            staging = std::move(target);
        } else {
            migrationGone = true;
        }
    }
    const auto items = batches->items(record.row, error);
    if (!items)
        return false;
    QHash<QString, QVector<const BatchItemRecord*>> byLine;
    QStringList ids;
    for (const BatchItemRecord& item : *items) {
        byLine[item.customId].push_back(&item);
        ids << item.itemId;
    }
    const QHash<QString, QByteArray> current =
        migrationGone ? QHash<QString, QByteArray>() : currentHashes(ids, owner, record, error);
    if (!error->isEmpty())
        return false;

    QVector<VectorWrite> writes;
    QVector<FailureRecord> failures;
    QSet<QString> settled; // items written or failed
    qint64 billed = 0;
    const ResponseDecoder decoder(record.migrationId > 0 ? record.dimensions : dimensions);

    auto readFile = [&](const QString& fileId, QByteArray* out) {
        if (fileId.isEmpty())
            return true;
        const auto bytes = client->content(fileId, error);
        if (!bytes)
            return false;
        *out = *bytes;
        return true;
    };
    QByteArray output, errors;
    if (!readFile(info.outputFileId, &output) || !readFile(info.errorFileId, &errors))
        return false;

    auto fail = [&](const BatchItemRecord* item, int status, const QString& code, const QString& message,
                    bool permanent) {
        if (!current.contains(item->itemId) || current.value(item->itemId) != item->contentHash)
            return; // edited meanwhile (or written by someone else): not this batch's to judge
        FailureRecord failure;
        failure.itemId = item->itemId;
        failure.runId = record.runId;
        failure.httpStatus = status;
        failure.errorCode = code;
        failure.message = message;
        failure.permanent = permanent;
        failures.push_back(failure);
        settled.insert(item->itemId);
    };

    for (const QByteArray& raw : output.split('\n') + errors.split('\n')) {
        if (raw.trimmed().isEmpty())
            continue;
        const QJsonObject line = QJsonDocument::fromJson(raw).object();
        const QString customId = line.value(QLatin1String("custom_id")).toString();
        const auto members = byLine.constFind(customId);
        if (members == byLine.constEnd())
            continue; // not ours
        const QJsonValue responseValue = line.value(QLatin1String("response"));
        if (!responseValue.isObject()) {
            // Never ran (batch_expired, batch_cancelled): back to pending.
            continue;
        }
        const QJsonObject response = responseValue.toObject();
        const int status = response.value(QLatin1String("status_code")).toInt();
        const QJsonObject body = response.value(QLatin1String("body")).toObject();
        if (status != 200) {
            const QJsonObject e = body.value(QLatin1String("error")).toObject();
            QString code = e.value(QLatin1String("code")).toString();
            if (code.isEmpty())
                code = e.value(QLatin1String("type")).toString();
            for (const BatchItemRecord* item : *members)
                fail(item, status, code, e.value(QLatin1String("message")).toString(),
                     permanentStatus(status));
            continue;
        }
        int inputCount = 0;
        for (const BatchItemRecord* item : *members)
            inputCount = std::max(inputCount, item->inputIndex + 1);
        DecodedEmbeddings decoded;
        QString why;
        if (!decoder.decode(QJsonDocument(body).toJson(QJsonDocument::Compact), inputCount, &decoded, &why)) {
            for (const BatchItemRecord* item : *members)
                fail(item, status, QStringLiteral("invalid_response"), why, false);
            continue;
        }
        if (decoded.promptTokens > 0)
            billed += decoded.promptTokens;
        for (const BatchItemRecord* item : *members) {
            if (current.value(item->itemId) != item->contentHash)
                continue; // edited since submission, or no longer pending: stays as it is
            writes.push_back({item->itemId, decoded.vectors[item->inputIndex], item->contentHash,
                              item->tokens, item->truncated});
            settled.insert(item->itemId);
        }
    }

    // In chunks, each whole; collecting again redoes only what is still pending.
    qsizetype w = 0, f = 0;
    int chunks = 0;
    while (w < writes.size() || f < failures.size()) {
        BatchCommit chunk;
        chunk.writes = writes.mid(w, kCommitChunk);
        chunk.failures = failures.mid(f, kCommitChunk);
        w += chunk.writes.size();
        f += chunk.failures.size();
        if (chunks++ > 0 && faultHit("batch-collect", error))
            return false;
        if (!commit(owner, chunk, error))
            return false;
    }
    if (leases->release(owner, error) < 0)
        return false;
    record.written = writes.size();
    record.itemFailures = failures.size();
    record.returned = items->size() - settled.size();
    record.billedTokens = info.usageTokens >= 0 ? info.usageTokens : billed;
    record.costUsd = CostModel(config.prices).batchUsd(record.model, record.billedTokens);
    record.state = QStringLiteral("collected");
    if (migrationGone && record.errors.isEmpty())
        record.errors =
            QStringLiteral("migration %1 is no longer staging: nothing was staged").arg(record.migrationId);
    if (!batches->update(record, error))
        return false;
    // The submission's run record (tokens, cost: the history view, the metrics) moves from what
    // was submitted to what was billed as each of its batches is collected: an expired or
    // cancelled batch bills only its finished part.
    QString runError;
    if (auto run = runs->get(record.runId, &runError)) {
        run->tokens += record.billedTokens - record.tokens;
        run->costUsd += record.costUsd - CostModel(config.prices).batchUsd(record.model, record.tokens);
        if (!runs->update(*run, &runError))
            say(QStringLiteral("batch %1: its run record keeps the submitted figures: %2")
                    .arg(record.batchId, runError));
    }
    if (staging) {
        // The staging batch's spend goes to its migration's books (migrate --status).
        const Result<void> booked =
            staging->addSpend(record.migrationId, record.billedTokens, record.costUsd);
        if (!booked)
            say(QStringLiteral("batch %1: %2").arg(record.batchId, booked.error()));
    }
    result.written += record.written;
    result.failed += record.itemFailures;
    result.returned += record.returned;
    result.tokens += record.billedTokens;
    result.costUsd += record.costUsd;
    ++result.collected;
    result.collectedBatches.push_back(record);
    const QString collected =
        record.migrationId > 0
            ? QCoreApplication::translate(
                  "BatchRunner", "collected staging batch %1 (%2): %3 written, %4 failed, %5 back to pending")
            : QCoreApplication::translate(
                  "BatchRunner", "collected batch %1 (%2): %3 written, %4 failed, %5 back to pending");
    say(collected.arg(record.batchId, record.status)
            .arg(record.written)
            .arg(record.itemFailures)
            .arg(record.returned));
    return true;
}

BatchCollectResult BatchRunner::collect()
{
    BatchCollectResult result;
    Private& p = *d;
    QString error;
    p.runs->markInterrupted(kStaleRunSeconds);
    const auto open = p.batches->list(true, &error);
    if (!open) {
        result.errors << error;
        return result;
    }
    for (BatchRecord record : *open) {
        error.clear();
        if (record.state != QLatin1String("submitted") && p.runAlive(record.runId)) {
            ++result.open; // being submitted right now
            continue;
        }
        if (!p.recover(record, &error)) {
            result.errors << QStringLiteral("batch row %1: %2").arg(record.row).arg(error);
            continue;
        }
        if (record.state != QLatin1String("submitted"))
            continue;
        const auto info = p.client->retrieve(record.batchId, &error);
        if (!info) {
            if (p.client->lastStatus() == 404)
                error += unknownBatchHint(record);
            result.errors << QStringLiteral("batch %1: %2").arg(record.batchId, error);
            ++result.open;
            continue;
        }
        record.status = info->status;
        record.total = info->total;
        record.completed = info->completed;
        record.failed = info->failed;
        record.outputFileId = info->outputFileId;
        record.errorFileId = info->errorFileId;
        record.errors = info->errors;
        if (!info->ended()) {
            p.leases->renew(BatchStore::leaseOwner(record.row), 48 * 3600, &error);
            p.batches->update(record, &error);
            ++result.open;
            continue;
        }
        if (!p.collectRow(record, *info, result, &error)) {
            result.errors << QStringLiteral("batch %1: %2").arg(record.batchId, error);
            p.batches->update(record, &error);
        }
    }
    return result;
}

void BatchCollectResult::add(const BatchCollectResult& later)
{
    collected += later.collected;
    written += later.written;
    returned += later.returned;
    failed += later.failed;
    tokens += later.tokens;
    costUsd += later.costUsd;
    collectedBatches += later.collectedBatches;
}

BatchCollectResult BatchRunner::collectWhenEnded(const QStringList& batchIds, int timeoutMs, int pollMs)
{
    BatchCollectResult total;
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const BatchCollectResult now = collect();
        total.add(now);
        total.open = now.open;
        for (const QString& e : now.errors) {
            if (!total.errors.contains(e)) // a batch that cannot be polled says so once
                total.errors << e;
        }
        QString error;
        const auto open = d->batches->list(true, &error);
        if (!open) {
            total.errors << error;
            return total;
        }
        const qsizetype waiting = std::count_if(
            open->cbegin(), open->cend(), [&](const BatchRecord& r) { return batchIds.contains(r.batchId); });
        if (waiting == 0)
            return total;
        if (deadline.hasExpired()) {
            total.errors
                << QStringLiteral("%1 batch(es) still open after %2 s").arg(waiting).arg(timeoutMs / 1000);
            return total;
        }
        QThread::msleep(std::max(1, pollMs));
    }
}

std::optional<BatchRecord> BatchRunner::cancel(const QString& rowOrBatchId, QString* error)
{
    auto record = d->batches->find(rowOrBatchId, error);
    if (!record)
        return std::nullopt;
    if (record->batchId.isEmpty() || !record->open()) {
        if (error)
            *error = QStringLiteral("batch %1 is %2: nothing to cancel")
                         .arg(rowOrBatchId, record->open() ? record->state : record->status);
        return std::nullopt;
    }
    const auto info = d->client->cancel(record->batchId, error);
    if (!info && d->client->lastStatus() == 404) {
        // The endpoint has no such batch (another endpoint or key made it, or a SIMULATED one
        // that ended with its process): nothing is left to cancel there, and nothing will ever
        // be collected. Its items go back to pending.
        record->state = QStringLiteral("abandoned");
        record->errors =
            QStringLiteral("unknown to the endpoint (HTTP 404): abandoned, its items pending again");
        if (d->leases->release(BatchStore::leaseOwner(record->row), error) < 0 ||
            !d->batches->update(*record, error))
            return std::nullopt;
        if (error)
            error->clear();
        return record;
    }
    if (!info)
        return std::nullopt;
    record->status = info->status;
    if (!d->batches->update(*record, error))
        return std::nullopt;
    return record;
}

std::optional<QVector<BatchRecord>> BatchRunner::list(QString* error)
{
    return d->batches->list(false, error);
}

} // namespace ec
