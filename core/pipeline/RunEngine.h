#pragma once
// One run of the embedding pipeline: streams the pending items from the DbWorker, builds
// their texts and exact token counts, skips the unchanged ones, serves duplicates and cached
// texts without an API call, packs the rest into batches, sends them through the
// EmbeddingClient under its limits, and hands every result back to the DbWorker to commit.
//
// Lives on the engine thread; RunController is its public face.

#include "api/ApiTypes.h"
#include "config/AppConfig.h"
#include "pipeline/DbWorker.h"
#include "pipeline/PendingTexts.h"
#include "pipeline/RunAccounts.h"
#include "pipeline/RunTypes.h"
#include "pipeline/SpendBudget.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>

#include <atomic>
#include <deque>
#include <limits>
#include <memory>

class QThread;
class QTimer;

namespace ec {

class EmbeddingClient;
class RunIntake;
class CommitScheduler;

class RunEngine : public QObject
{
    Q_OBJECT
public:
    RunEngine(const AppConfig& config, const RunOptions& options);
    ~RunEngine() override;

public Q_SLOTS:
    void start();
    /// First call: finish what is in flight, write it, end cancelled. Second call: abort.
    void stop();

Q_SIGNALS:
    void progressUpdated(const ec::RunProgress& progress);
    void finished(const ec::RunSummary& summary);
    void logMessage(const QString& message);
    void requestCompleted(const ec::RequestStats& stats);

    // towards the DbWorker (queued)
    void requestOpen(const QString& configJson);
    void requestPage(int limit);
    void requestCacheLookup(const QVector<QByteArray>& hashes);
    void requestRecordProgress(const ec::RunRecord& counters);
    void requestRememberLimits(int maxInputs, int maxTokens);
    void requestClose(const ec::RunRecord& counters, ec::RunStatus status, const QString& error);

private:
    void onOpened(const ec::RunOpening& opening);
    void onOpenFailed(const QString& error, bool lockRefused);
    void onPageFetched(const QVector<ec::CatalogItem>& items, bool exhausted);
    void onPageFailed(const QString& error);
    /// Database steps (on any connection) had to be redone count times.
    void onDatabaseRetried(int count);
    /// A database connection began (true) or ended (false) reconnecting.
    void onReconnecting(bool active);
    void onCacheLookedUp(const QHash<QByteArray, QVector<float>>& vectors);
    void onBatchFinished(quint64 ticket, const QVector<ec::InputOutcome>& outcomes);
    void onRequestCompleted(const ec::RequestStats& stats);
    void onCommitted(const ec::BatchCommit& batch);
    void onCommitFailed(const QString& error);
    void onClosed(qint64 leftForLater, qint64 takenByOthers);

    void pump();
    void submitReadyBatches();
    /// Queues a batch for the database; fromApi marks one holding an API request's results,
    /// which counts against the concurrency until it is committed.
    void sendCommit(BatchCommit&& batch, bool fromApi = false);
    /// Stores the run's counters, at most once per kRecordIntervalMs.
    void recordProgress();
    void releaseUnsent();
    void finishIfDone();
    /// The run is ending (stop, abort, failure or the spend cap): no page, no request.
    bool stopping() const { return m_stopRequests > 0 || m_fatal || m_capReached; }
    /// The next request would take the spend past the cap: send nothing more, end stopped.
    void reachSpendCap();
    void fail(const QString& error);
    void finish(RunStatus status, const QString& error = QString());
    void emitProgress();

    AppConfig m_config;
    RunOptions m_options;
    QString m_workerId;
    int m_dimensions = 0;

    QThread* m_dbThread = nullptr;
    DbWorker* m_db = nullptr;
    CommitScheduler* m_commits = nullptr; ///< the write lanes, or the DbWorker
    QElapsedTimer m_sinceRecord;          ///< since the run's counters were last stored
    EmbeddingClient* m_client = nullptr;
    std::unique_ptr<RunIntake> m_intake; ///< items in: classified, served, or queued as pending texts
    QTimer* m_progressTimer = nullptr;

    PendingTexts m_texts;                      ///< texts waiting for a vector: ready, in flight or committing
    std::deque<QVector<QByteArray>> m_lookups; ///< cache look-ups in flight, oldest first
    QHash<quint64, QVector<QByteArray>> m_tickets; ///< API ticket → hashes in input order
    /// Set on abort: the database threads stop reconnecting and backing off.
    std::atomic<bool> m_abortDatabase{false};
    int m_reconnectingConnections = 0; ///< connections opening again after a loss
    /// Request limits the endpoint has shown (EmbeddingClient::requestLimitsLearned).
    int m_requestMaxInputs = std::numeric_limits<int>::max();
    int m_requestMaxTokens = std::numeric_limits<int>::max();

    bool m_opened = false;
    bool m_pageRequested = false;
    bool m_exhausted = false;
    int m_stopRequests = 0;
    bool m_finishing = false;
    bool m_fatal = false;
    SpendBudget m_budget; ///< the spend cap (RunSettings::maxCostUsd)
    bool m_capReached = false;
    QString m_capMessage;
    QString m_failure;

    RunAccounts m_accounts;
    RunSummary& m_summary = m_accounts.summary(); ///< the accounts' summary, which the engine fills in
};

} // namespace ec
