#pragma once
// How the embeddings API simulator behaves (`embedctl simulate` and the tests).
//
// Profile (`profile`, `--profile NAME`): which real server is imitated, openai (the default),
// azure, tei, ollama or vllm (ServerProfile.h). The profile sets the headers, the error shapes
// and wording, the routes and the default caps; the cap options below override its defaults.
//
// Faults (`faults`, `--faults LIST`): a comma-separated list of items `KIND[:FRACTION]`;
// FRACTION in [0, 1] is the share of embeddings requests the fault hits (default 0.1). One
// random draw per request picks at most one listed fault (the fractions are stacked in list
// order, so their sum should stay <= 1). Each answers in the profile's error shape. Kinds:
//   429        a 429 rate-limit error with retry-after(-ms) (injectedRetryAfterMs)
//   500, 503   a server error
//   queue-full the profile's "queue full" answer (Ollama 503 server busy, TEI 429 overloaded)
//   quota      OpenAI's 429 insufficient_quota (openai profile only)
//   hang       no response: the connection is held for hangMs, then closed
//   reset      the response is cut in the middle and the connection reset (TCP RST)
//   malformed  a 200 whose body is not valid JSON
//   count      a 200 with one embedding too few (one too many for a single input)
//   dims       a 200 whose first vector has one dimension too few
//   nan        a 200 whose first vector holds a NaN (float output: a bare NaN token)
//   index      a 200 where an index appears twice (out of range for a single input)
//   shuffle    a valid 200 with the embeddings in reverse order (not an error)
//   bad-input:SUBSTRING
//              a permanent 400 (TEI: 422) for every request holding an input that contains
//              SUBSTRING (always, no fraction; the substring cannot hold a comma). The message
//              names the input: "Invalid 'input[i]': …".
// Example: `--faults 500,reset:0.05,bad-input:POISON`.
//
// `failRate` (`--fail-rate R`) is drawn before the listed faults: that share of requests gets
// a 429 (half of them), a 500 or a 503 (a quarter each).
// Every draw comes from one PRNG seeded with `seed`, in the order requests arrive.

#include "config/AppConfig.h"
#include "sim/ServerProfile.h"
#include "sim/SimulatedBatchOptions.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ec {

struct FaultSpec
{
    enum class Kind {
        Http429,
        Http500,
        Http503,
        QueueFull,
        Quota,
        Hang,
        Reset,
        Malformed,
        WrongCount,
        WrongDimensions,
        NaN,
        DuplicateIndex,
        Shuffle,
        BadInput,
    };

    Kind kind = Kind::Http500;
    double fraction = 0.1;
    QByteArray substring; ///< BadInput only

    /// The name used in `--faults` and in the statistics ("500", "reset", "bad-input", …).
    QString name() const;
    /// Whether the response still carries correct vectors (only `shuffle`).
    bool keepsResponseValid() const { return kind == Kind::Shuffle; }

    static constexpr double kDefaultFraction = 0.1;
    /// Parses every item of `items` (each may itself be a comma-separated list).
    static bool parseList(const QStringList& items, QVector<FaultSpec>* out, QString* error);
};

struct SimulatorOptions
{
    quint16 port = 0;      ///< 0: any free port (see EmbeddingSimulator::port())
    int dimensions = 1536; ///< vector length when the request sends no `dimensions`
    /// Known models (ModelCatalog: text-embedding-3-large → 3072) answer with their native
    /// length when the request sends no `dimensions`; `dimensions` applies to the others.
    bool nativeModelDimensions = true;
    int latencyMs = 0;   ///< added before every response
    double rpm = 0;      ///< requests per sliding minute; 0 = unlimited
    double tpm = 0;      ///< tokens per sliding minute; 0 = unlimited
    double failRate = 0; ///< share of requests failed with 429/500/503
    QStringList faults;  ///< see the syntax above
    quint64 seed = 1;
    QString requiredApiKey;        ///< non-empty: 401 unless `Authorization: Bearer` or `api-key` carries it
    int hangMs = 120000;           ///< how long a `hang` holds the request before closing
    int injectedRetryAfterMs = 20; ///< retry-after-ms of injected 429s
    ServerProfile profile = ServerProfile::OpenAI;
    /// Caps; unset: the profile's (ProfileTraits), 0: none.
    std::optional<int> maxInputsPerRequest; ///< TEI's --max-client-batch-size
    std::optional<int> maxTokensPerInput;   ///< the model's context
    std::optional<int> maxTokensPerRequest;
    /// Cut an input over maxTokensPerInput instead of refusing it (TEI's --auto-truncate);
    /// unset: the profile's. The vector is still made from the whole text; usage counts the cut.
    std::optional<bool> truncateOverlong;
    /// Requests worked on at once beyond which a request is refused as "queue full" (TEI's
    /// --max-concurrent-requests, OLLAMA_MAX_QUEUE); unset: the profile's, 0: no limit.
    std::optional<int> maxQueue;
    /// The models served: any other answers the profile's "unknown model" error (Azure: the
    /// deployment). Empty: every model is served. TEI ignores `model` and names the first.
    QStringList knownModels;
    /// Every embeddings request (past the key check) answers 429 insufficient_quota (openai).
    bool quotaExhausted = false;
    /// Count every successfully served text (SimulatorStats::servedCount). Costs memory per
    /// distinct text: turn it off for long runs and benchmarks.
    bool recordServedTexts = true;
    int requestLogLimit = 100000; ///< the newest requests kept in SimulatorStats::requestLog
    /// The Batch API's clock, limits and faults (openai profile; SimulatedBatchApi.h).
    BatchSimOptions batch;

    /// False with a reason when a value is out of range, the faults do not parse or the
    /// profile has no such behaviour (quota exhaustion outside openai).
    bool validate(QString* error) const;

    /// A simulator standing in for embedding's endpoint for as long as a session lasts
    /// (`run --simulate`, the console without a key): the model's dimensions (1,536 when
    /// unknown), no per-text bookkeeping, a short request log.
    static SimulatorOptions standingInFor(const EmbeddingSettings& embedding);

    /// The caps and behaviours in force: these options over the profile's defaults.
    struct Limits
    {
        int maxInputsPerRequest = 0; ///< 0: no cap
        int maxTokensPerInput = 0;   ///< 0: no cap
        int maxTokensPerRequest = 0; ///< 0: no cap
        bool truncateOverlong = false;
        int maxQueue = 0; ///< 0: no limit
    };
    Limits limits() const;
};

} // namespace ec
