#pragma once
// The simulator's OpenAI Batch API for /v1/embeddings (openai profile only), beside the
// file store it reads and writes (SimulatedFileStore.h). Routes:
//
//   POST /v1/files                      upload a JSONL input file (multipart, purpose=batch)
//   GET  /v1/files/{id}[/content]       a file object, or its bytes; DELETE /v1/files/{id}
//   POST /v1/batches                    {input_file_id, endpoint:"/v1/embeddings",
//                                        completion_window:"24h", metadata}
//   GET  /v1/batches[?limit=&after=]    newest first, cursor paged
//   GET  /v1/batches/{id}
//   POST /v1/batches/{id}/cancel
//
// A batch goes validating → in_progress → finalizing → completed on the accelerated clock of
// BatchSimOptions; validation fails it (errors.data, with the line) on a malformed line, a
// duplicate custom_id, a url other than the endpoint, mixed models, more than 50,000 requests
// or embedding inputs, or tokens past the per-model enqueued limit (token_limit_exceeded).
// Cancelling goes cancelling → cancelled, the requests done so far kept; a batch whose 24 h
// window ends first is expired with the part done.
//
// Each request line is answered by a SimulatedEmbeddingApi of its own (the same checks and
// the same deterministic vectors as the synchronous route; `bad-input:` faults apply, rate
// limits and random faults do not). Output lines, in a shuffled order, are
//   {"id":"batch_req_…","custom_id":…,"response":{"status_code":200,"request_id":…,"body":{…}},"error":null}
// and go to output_file_id; a non-200 answer goes to error_file_id in the same shape, and a
// request not run before expiry or cancellation as {"response":null,"error":{"code":
// "batch_expired"|"batch_cancelled","message":…}}. request_counts.completed counts the 200s,
// .failed the other answers. Served texts are counted in the simulator's stats as the
// synchronous route counts them.

#include "sim/SimulatedBatchOptions.h"
#include "sim/SimulatedEmbeddingApi.h"
#include "sim/SimulatedFileStore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator64>

#include <memory>
#include <vector>

namespace ec {

class SimulatedBatchApi
{
public:
    static constexpr int kMaxRequestsPerBatch = 50000;
    static constexpr int kMaxInputsPerBatch = 50000;

    /// `stats` (the simulator's) outlives this object.
    SimulatedBatchApi(const SimulatorOptions& options, SimulatorStatsRecorder* stats);
    ~SimulatedBatchApi();

    /// Whether `path` is one of the routes above.
    static bool serves(const QByteArray& path);
    /// Plans the answer to `request` arriving `nowMs` after the simulator started.
    PlannedResponse handle(const HttpRequest& request, qint64 nowMs, SimulatorRequestRecord& record);

private:
    struct Line
    {
        QByteArray customId;
        QByteArray body; ///< the request body, JSON
        int lineNumber = 0;
    };
    enum class Status {
        Validating,
        Failed,
        InProgress,
        Finalizing,
        Completed,
        Expired,
        Cancelling,
        Cancelled
    };
    struct Batch
    {
        QByteArray id;
        QByteArray inputFileId;
        QJsonValue metadata;
        QString model;
        double created = 0; ///< simulated seconds since the simulator started
        double inProgressAt = -1, finalizingAt = -1, endedAt = -1, cancellingAt = -1, processingSeconds = 0;
        Status status = Status::Validating;
        QVector<Line> lines;
        QVector<int> order; ///< the order the requests are run and written in
        int processed = 0, completed = 0, failed = 0;
        qint64 tokens = 0;     ///< the input's tokens, counted at validation
        qint64 usedTokens = 0; ///< prompt tokens of the requests answered 200
        QJsonArray errors;
        QByteArray output, errorOutput;
        QByteArray outputFileId, errorFileId;
    };

    PlannedResponse json(const HttpRequest& request, int status, const QJsonObject& body);
    PlannedResponse apiError(const HttpRequest& request, int status, const QString& message,
                             const QString& type = QStringLiteral("invalid_request_error"),
                             const QString& param = {}, const QString& code = {});
    PlannedResponse uploadFile(const HttpRequest& request);
    PlannedResponse createBatch(const HttpRequest& request);
    PlannedResponse listBatches(const HttpRequest& request);
    PlannedResponse cancelBatch(const HttpRequest& request, Batch& batch);

    double simSeconds(qint64 nowMs) const;
    qint64 unixTime(double simSeconds) const;
    Batch* findBatch(const QByteArray& id);
    /// Brings every batch, oldest first, to simulated time `now`.
    void advanceAll(double now);
    void advance(Batch& batch, double now);
    void validate(Batch& batch, double at);
    void runRequests(Batch& batch, int upTo);
    /// Writes the output and error files of an ended batch, with `pendingCode` for the
    /// requests never run.
    void finish(Batch& batch, Status status, double at, const char* pendingCode,
                const QString& pendingMessage);
    qint64 enqueuedTokens(const QString& model, const Batch* except) const;
    QJsonObject batchObject(const Batch& batch) const;

    SimulatorOptions m_options;
    BatchSimOptions m_batchOptions;
    SimulatorStatsRecorder* m_stats;
    std::unique_ptr<SimulatorStatsRecorder> m_innerStats;
    std::unique_ptr<SimulatedEmbeddingApi> m_inner; ///< answers each request line
    SimulatedFileStore m_files;
    std::vector<std::unique_ptr<Batch>> m_batches; ///< in creation order
    QRandomGenerator64 m_rng;
    qint64 m_epoch = 0; ///< unix time of the simulator's start
    quint64 m_counter = 0;
    qint64 m_nowMs = 0;
};

} // namespace ec
