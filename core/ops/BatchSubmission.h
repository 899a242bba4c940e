#pragma once
// One call of BatchRunner::submit, in its steps. Internal to core/ops.
//
// It records a run, then fills one batch at a time: pending items page by page (claimed to the
// batch's lease owner, or unleased for a migration's staging), classified as a run classifies
// them; what needs no call (unchanged, cached, skipped) is committed at once, the distinct texts
// are packed into request lines within the API's limits and the caps. Each batch is then
// recorded with the item behind every custom_id, uploaded, created, and recorded again: each
// step is written down before the one it guards, so a kill between any two loses nothing
// (BatchRunner::collect recovers the rest). It ends the run record with the submission's books.

#include "ops/BatchRunnerPrivate.h"

#include "api/RequestBuilder.h"
#include "ops/CostModel.h"
#include "pipeline/ItemClassifier.h"
#include "store/RunLog.h"
#include "store/StateStore.h"

namespace ec {

class BatchSubmission
{
public:
    /// Works on the runner's open state; fills result as it goes.
    BatchSubmission(BatchRunner::Private& runner, const BatchSubmitOptions& options,
                    BatchSubmitResult& result);
    /// Closes the migration's staging the submission opened, if any.
    ~BatchSubmission();

    BatchSubmission(const BatchSubmission&) = delete;
    BatchSubmission& operator=(const BatchSubmission&) = delete;

    /// Opens the migration's staging (for a staging submission) and records the run. False with
    /// result.error set (no run recorded then).
    bool start();
    /// Submits batches until no pending item is left, a limit or cap is reached, or an error
    /// (result.error); then ends the run record: failed, stopped by the spend cap, or completed.
    void submitAll();

private:
    struct Draft;

    /// Fills draft from pending pages until it is full, the items run out or a limit is reached.
    /// False on an error (result.error set).
    bool fill(Draft& draft);
    /// Takes the claimed items of one page into draft, until it is full (true).
    bool take(Draft& draft, const QVector<CatalogItem>& page, const QSet<QString>& claimed);
    /// Whether adding an input of these tokens and bytes would pass a limit of the batch or a
    /// cap; sets the result's limit flags for the caps.
    bool wouldOverflow(const Draft& draft, qint64 inputTokens, qsizetype inputBytes);
    /// Records, uploads and creates the draft's batch. False when the submission must stop.
    bool send(BatchRecord& record, Draft& draft);
    /// The batch's JSONL file; fills draft's items with their custom_id and input index.
    QByteArray jsonl(const BatchRecord& record, Draft& draft) const;
    /// Gives a batch that will not be made up: its leases back, its record abandoned.
    void abandon(BatchRecord& record);
    void finishRun(RunStatus status, const QString& why);

    BatchRunner::Private& m_runner;
    const BatchSubmitOptions& m_options;
    BatchSubmitResult& m_result;
    const bool m_toStaging;
    const CostModel m_prices;
    RunRecord m_run;
    ItemClassifier m_classifier;
    RequestBuilder m_builder;
    std::unique_ptr<StateStore> m_cache;
    qint64 m_enqueued = 0; ///< tokens in the model's open batches, this submission's included
    QString m_cursor;      ///< the last item taken: the next page starts after it
    bool m_exhausted = false;
    qint64 m_taken = 0; ///< items taken by this submission (any verdict)
};

} // namespace ec
