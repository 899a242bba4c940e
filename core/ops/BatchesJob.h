#pragma once
// Batch API mode off the caller's thread (see StoreJob), for the console's Batches view:
// BatchRunner's blocking list, collect, cancel and submit run on the job's own thread and
// connection. Every step ends with exactly one of finished(outcome), failed(error) or
// cancelled(); the outcome always carries the batches as recorded after the step.
//
//     auto* job = new BatchesJob(this);
//     connect(job, &BatchesJob::finished, …);   // const BatchesOutcome&
//     connect(job, &StoreJob::failed, …);       // one line: why not
//     job->collect(config);                     // or list / cancel / submit
//
// list() only reads (a database without the batch tables reads as none); the others open a
// BatchRunner (the store migrated, the endpoint's Batch API). Cancel (StoreJob::cancel) is
// checked between the steps of a job: a BatchRunner step, once begun, runs to its end (each
// of its steps is recorded before the next, see BatchRunner.h).

#include "ops/BatchRunner.h"
#include "ops/StoreJob.h"

#include <QMetaType>

namespace ec {

struct BatchesOutcome
{
    enum class Step { List, Collect, Cancel, Submit };
    Step step = Step::List;
    QVector<BatchRecord> batches; ///< every recorded batch after the step, newest first
    BatchCollectResult collect;   ///< Collect, and the collection before a Submit
    BatchSubmitResult submit;     ///< Submit
    BatchRecord cancelled;        ///< Cancel: the batch as the API answered
    QStringList log;              ///< BatchRunner's lines, in order

    /// The open batches (submitted, not yet collected) among batches.
    int openCount() const;
};

class ItemStore;

/// The table's batch figures on store's connection (the metrics); none when the database has no
/// batch table yet or it cannot be read.
std::optional<BatchTotals> readBatchTotals(ItemStore& store);

class BatchesJob : public StoreJob
{
    Q_OBJECT
public:
    explicit BatchesJob(QObject* parent = nullptr);

    /// Reads the recorded batches. False when a step is running.
    bool list(const AppConfig& config);
    /// Polls the open batches and collects those that ended, then lists.
    bool collect(const AppConfig& config);
    /// Cancels a batch (its API id or row number), then lists.
    bool cancelBatch(const AppConfig& config, const QString& rowOrBatchId);
    /// Collects what ended, submits the pending items as batches (options: limit, spend cap),
    /// then lists. A submission that fails part way ends in failed() with its error.
    bool submit(const AppConfig& config, const BatchSubmitOptions& options);

Q_SIGNALS:
    void finished(const ec::BatchesOutcome& outcome);

protected:
    void deliver(const QVariant& result) override;

private:
    bool startStep(const AppConfig& config, BatchesOutcome::Step step, const QString& target,
                   const BatchSubmitOptions& options);
};

} // namespace ec

Q_DECLARE_METATYPE(ec::BatchesOutcome)
