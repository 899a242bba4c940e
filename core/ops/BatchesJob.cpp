#include "ops/BatchesJob.h"

#include "ops/CostModel.h"
#include "store/BatchStore.h"
#include "store/ItemStore.h"

#include <QSqlDatabase>

namespace ec {

namespace {

bool hasBatchTable(const QSqlDatabase& db)
{
    bool present = false;
    for (const QString& table : db.tables())
        present = present || table == QLatin1String("embedding_batches") ||
                  table.endsWith(QLatin1String(".embedding_batches"));
    return present;
}

/// The recorded batches on the job's reading connection; none when the tables do not exist yet.
Result<QVector<BatchRecord>> readBatches(ItemStore& store)
{
    QSqlDatabase db = store.database();
    if (!hasBatchTable(db))
        return QVector<BatchRecord>();
    QString error;
    const BatchStore batches(db, store.schema().postgres, store.table().table);
    const auto list = batches.list(false, &error);
    if (!list)
        return fail(error);
    return *list;
}

} // namespace

std::optional<BatchTotals> readBatchTotals(ItemStore& store)
{
    QSqlDatabase db = store.database();
    if (!hasBatchTable(db))
        return std::nullopt;
    QString error;
    return BatchStore(db, store.schema().postgres, store.table().table).totals(&error);
}

int BatchesOutcome::openCount() const
{
    int open = 0;
    for (const BatchRecord& b : batches)
        open += b.open() ? 1 : 0;
    return open;
}

BatchesJob::BatchesJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::BatchesOutcome>();
}

bool BatchesJob::list(const AppConfig& config)
{
    return startStep(config, BatchesOutcome::Step::List, QString(), {});
}

bool BatchesJob::collect(const AppConfig& config)
{
    return startStep(config, BatchesOutcome::Step::Collect, QString(), {});
}

bool BatchesJob::cancelBatch(const AppConfig& config, const QString& rowOrBatchId)
{
    return startStep(config, BatchesOutcome::Step::Cancel, rowOrBatchId, {});
}

bool BatchesJob::submit(const AppConfig& config, const BatchSubmitOptions& options)
{
    return startStep(config, BatchesOutcome::Step::Submit, QString(), options);
}

bool BatchesJob::startStep(const AppConfig& config, BatchesOutcome::Step step, const QString& target,
                           const BatchSubmitOptions& options)
{
    return startWork(
        config, [config, step, target, options](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
            BatchesOutcome outcome;
            outcome.step = step;
            if (step != BatchesOutcome::Step::List) {
                BatchRunner runner(config, [&outcome](const QString& line) { outcome.log << line; });
                QString error;
                if (!runner.open(&error))
                    return fail(error);
                feedback.setProgress(1, 3);
                if (step == BatchesOutcome::Step::Cancel) {
                    const auto record = runner.cancel(target, &error);
                    if (!record)
                        return fail(error);
                    outcome.cancelled = *record;
                } else {
                    outcome.collect = runner.collect();
                    feedback.setProgress(2, 3);
                    if (step == BatchesOutcome::Step::Submit && !feedback.isCanceled()) {
                        outcome.submit = runner.submit(options);
                        if (!outcome.submit.error.isEmpty())
                            return fail(outcome.submit.error);
                    }
                }
            }
            if (feedback.isCanceled())
                return fail(QStringLiteral("cancelled"));
            // The list on the job's own (reading) connection: it sees what the runner committed.
            Result<QVector<BatchRecord>> batches = readBatches(store);
            if (!batches)
                return fail(batches.error());
            outcome.batches = *batches;
            // An open batch is not billed yet: its cost is what its tokens come to at the Batch price.
            const CostModel prices(config.prices);
            for (BatchRecord& b : outcome.batches)
                if (b.open())
                    b.costUsd = prices.batchUsd(b.model, b.tokens);
            feedback.setProgress(3, 3);
            return QVariant::fromValue(outcome);
        });
}

void BatchesJob::deliver(const QVariant& result)
{
    Q_EMIT finished(result.value<BatchesOutcome>());
}

} // namespace ec
