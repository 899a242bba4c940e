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
#include "pipeline/RunStatistics.h"
#include "pipeline/RunTypes.h"

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
class ItemClassifier;
class WriteLane;

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
    void requestCommit(quint64 tag, const ec::BatchCommit& batch);
    void requestRecordProgress(const ec::RunRecord& counters);
    void requestRememberLimits(int maxInputs, int maxTokens);
    void requestClose(const ec::RunRecord& counters, ec::RunStatus status, const QString& error);

private:
    /// One distinct text of the run and the items waiting for its vector.
    struct PendingText
    {
        QByteArray text;
        QByteArray hash;
        int tokens = 0;
        bool truncated = false;
        bool sent = false; ///< handed to the client
        QVector<QString> itemIds;
    };

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
    void openWriteLanes(int count, const QString& leaseOwner);
    void onCommitted(quint64 tag);
    void onCommitFailed(quint64 tag, const QString& error);
    void onClosed(qint64 leftForLater, qint64 takenByOthers);

    void classify(const CatalogItem& item, BatchCommit& immediate, QVector<QByteArray>& lookups);
    void enqueueForApi(const QByteArray& hash);
    /// An input the model refused as longer than its context (contextTokens, as the server
    /// stated it): cuts the text to fit, flags it truncated and queues it again; later inputs
    /// are cut to the same limit. False when it cannot be cut further (the items then fail).
    bool retryTruncated(const PendingText& refused, int contextTokens);
    void pump();
    void submitReadyBatches();
    /// The first 64 bits of a hex content hash (m_sentTexts).
    static quint64 textFingerprint(const QByteArray& hexHash);
    /// Queues a batch for the database; fromApi marks one holding an API request's results,
    /// which counts against the concurrency until it is committed.
    void sendCommit(BatchCommit&& batch, bool fromApi = false);
    static void appendCommit(BatchCommit& into, BatchCommit&& batch);
    /// Hands the queued batches, merged, to an idle lane (or to a busy one once they are many).
    void dispatchCommits();
    /// The lane that takes the next commit: the least busy write lane, -1 for the DbWorker.
    int pickLane() const;
    /// Commits sent to a lane (-1: the DbWorker) and not yet answered.
    int commitsOn(int lane) const;
    /// API requests answered and not yet committed: queued or sent to a lane.
    int uncommittedApiBatches() const;
    /// Stores the run's counters, at most once per kRecordIntervalMs.
    void recordProgress();
    struct PendingCommit
    {
        BatchCommit batch;
        int apiBatches = 0; ///< API requests whose results it holds
        int lane = -1;      ///< -1: the DbWorker
    };
    void releaseUnsent();
    void finishIfDone();
    void fail(const QString& error);
    void finish(RunStatus status, const QString& error = QString());
    void emitProgress();
    RunRecord counters() const;
    QString configJson() const;
    int outstandingItems() const;

    AppConfig m_config;
    RunOptions m_options;
    QString m_workerId;
    int m_dimensions = 0;

    QThread* m_dbThread = nullptr;
    DbWorker* m_db = nullptr;
    /// Extra connections committing batches in parallel (PostgreSQL), each on its own thread.
    struct Lane
    {
        QThread* thread = nullptr;
        WriteLane* writer = nullptr;
    };
    QVector<Lane> m_lanes;
    QElapsedTimer m_sinceRecord; ///< since the run's counters were last stored
    EmbeddingClient* m_client = nullptr;
    std::unique_ptr<ItemClassifier> m_classifier; ///< item → text → prepared input → hash → verdict
    QTimer* m_progressTimer = nullptr;

    // texts waiting for a vector, by content hash; in planner, in flight or committing
    QHash<QByteArray, PendingText> m_texts;
    std::deque<QByteArray> m_readyForApi; ///< hashes waiting for a request, in order
    /// The first 64 bits of every text this run sent: a cache hit for one of them is a
    /// duplicate (of a text sent and already written), not a text embedded before the run.
    QSet<quint64> m_sentTexts;
    QSet<QByteArray> m_readyForApiSet;                 ///< the same, for look-ups
    std::deque<QVector<QByteArray>> m_lookups;         ///< cache look-ups in flight, oldest first
    QHash<quint64, QVector<QByteArray>> m_tickets;     ///< API ticket → hashes in input order
    QHash<QByteArray, QVector<float>> m_recentVectors; ///< vectors made this run, not yet committed
    BatchCommit m_readyCommit;                         ///< batches waiting for a lane, merged
    int m_readyApiBatches = 0;                         ///< API requests whose results it holds
    QHash<quint64, PendingCommit> m_pendingCommits;    ///< commits sent to a lane, by tag
    /// Set on abort: the database threads stop reconnecting and backing off.
    std::atomic<bool> m_abortDatabase{false};
    int m_reconnectingConnections = 0; ///< connections opening again after a loss
    /// Request limits the endpoint has shown (EmbeddingClient::requestLimitsLearned).
    int m_requestMaxInputs = std::numeric_limits<int>::max();
    int m_requestMaxTokens = std::numeric_limits<int>::max();

    quint64 m_nextCommitTag = 1;
    bool m_opened = false;
    bool m_pageRequested = false;
    bool m_exhausted = false;
    int m_stopRequests = 0;
    bool m_finishing = false;
    bool m_fatal = false;
    QString m_failure;

    RunSummary m_summary;
    RunStatistics m_stats;
    QElapsedTimer m_clock;
};

} // namespace ec
