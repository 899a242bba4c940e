#pragma once
// BatchRunner's shared state and steps, for its two halves: submitting (BatchRunner.cpp) and
// collecting (BatchCollector.cpp). Internal to core/ops.

#include "api/BatchApiClient.h"
#include "ops/BatchRunner.h"
#include "pipeline/BatchCommitter.h"
#include "store/BatchStore.h"
#include "store/ItemStore.h"
#include "store/LeaseManager.h"
#include "store/MigrationStore.h"
#include "store/RunLog.h"

#include <QHash>
#include <QSqlDatabase>

#include <memory>

namespace ec {

namespace batchrunner {

constexpr int kStaleRunSeconds = 120; ///< as DbWorker: a run silent this long is dead
constexpr int kCommitChunk = 1000;    ///< items per commit while collecting
constexpr qsizetype kLineOverhead = 160;

/// A fault hook step: false with error for an injected error; blocks for good on hang.
bool faultHit(const char* step, QString* error);
/// An HTTP status of a request line that retrying cannot fix.
bool permanentStatus(int status);

} // namespace batchrunner

struct BatchRunner::Private
{
    AppConfig config;
    Log log;
    std::unique_ptr<ItemStore> store;
    std::unique_ptr<BatchStore> batches;
    std::unique_ptr<LeaseManager> leases;
    std::unique_ptr<RunLog> runs;
    std::unique_ptr<BatchApiClient> client;
    int dimensions = 0;
    /// While a model migration's staging batch is submitted or collected: where commit() writes
    /// (its staging table) instead of the operator's table.
    std::unique_ptr<MigrationStore> staging;

    void say(const QString& line) const
    {
        if (log)
            log(line);
    }
    QSqlDatabase db() const { return store->database(); }
    bool runAlive(qint64 runId) const;
    bool commit(const QString& owner, const BatchCommit& commit, QString* error);
    bool recover(BatchRecord& record, QString* error);
    bool collectRow(BatchRecord& record, const BatchInfo& info, BatchCollectResult& result, QString* error);
    /// The rows' items as they are now: the content hash each would send, for the pending ones
    /// (for a staging batch's record: the ones its migration would stage, under its model).
    QHash<QString, QByteArray> currentHashes(const QStringList& ids, const QString& owner,
                                             const BatchRecord& record, QString* error);
};

} // namespace ec
