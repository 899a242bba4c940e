#pragma once
// Which real embeddings server the simulator imitates (`embedctl simulate --profile`,
// SimulatorOptions::profile), and what that server does by default. Every difference between
// the servers that the simulator reproduces is a column of the table in ServerProfile.cpp or a
// row of the error table in ProfileErrors.cpp; the request handling itself is shared.
//
//   openai  api.openai.com /v1/embeddings (the default; also serves Azure's deployment route)
//   azure   Azure OpenAI /openai/deployments/{deployment}/embeddings?api-version=…, `api-key`
//   tei     Hugging Face Text Embeddings Inference, its OpenAI route /v1/embeddings
//   ollama  Ollama's OpenAI-compatible /v1/embeddings
//   vllm    vLLM's OpenAI-compatible server /v1/embeddings
//
// docs/providers.md names the upstream source of each behaviour.

#include <QString>
#include <QStringList>

#include <optional>

namespace ec {

enum class ServerProfile { OpenAI, Azure, Tei, Ollama, Vllm };

/// The JSON an error is sent in.
enum class ErrorShape {
    OpenAI,       ///< {"error":{"message","type","param","code"}}: code a string or null
    AzureGateway, ///< {"error":{"code":"429","message"}}: Azure's own refusals (auth, quota, routing)
    TeiFlat,      ///< {"message","code":422,"type":"Validation"}: no `error` object
    Vllm,         ///< {"error":{"message","type","param","code":400}}: code the HTTP status
    ErrorString,  ///< {"error":"Unauthorized"} (vLLM's --api-key check)
    Empty,        ///< no body at all (TEI's 401, axum's 404/405)
};

/// Which `x-ratelimit-*` headers a server sends when it has limits.
enum class RateLimitHeaderSet {
    Full,          ///< limit, remaining and reset, for requests and tokens (OpenAI)
    RemainingOnly, ///< x-ratelimit-remaining-requests and -tokens (Azure)
    None,          ///< none (TEI, Ollama, vLLM)
};

/// What one server does by default. 0 in a cap means "no such cap".
struct ProfileTraits
{
    ServerProfile profile;
    const char* name;     ///< as given to --profile
    const char* imitates; ///< for the start-up line and --help
    RateLimitHeaderSet rateLimitHeaders;
    bool openAiResponseHeaders;   ///< openai-model, openai-processing-ms, openai-version
    bool checksApiKey;            ///< refuses a missing or wrong key when one is required
    bool requiresApiVersion;      ///< only the deployment route, with `?api-version=`, is served
    bool acceptsDeploymentRoute;  ///< /openai/deployments/{deployment}/embeddings is served
    bool ignoresModel;            ///< `model` is not checked and the answer names the served model
    bool embedsEmptyStrings;      ///< an empty string input is embedded, not refused
    bool supportsQuotaExhaustion; ///< has a billing quota that can run out (insufficient_quota)
    int maxInputsPerRequest;      ///< inputs in one request (TEI: --max-client-batch-size)
    int maxTokensPerInput;        ///< the model's context
    int maxTokensPerRequest;      ///< tokens summed over one request
    bool truncatesOverlong;       ///< an input over the context is cut, not refused
    int maxQueue;                 ///< requests worked on at once before "queue full"
};

/// The row of `profile` in the table.
const ProfileTraits& profileTraits(ServerProfile profile);
/// "openai", "azure", "tei", "ollama", "vllm".
QString profileName(ServerProfile profile);
QStringList profileNames();
/// The profile called `name` (case-insensitive); nullopt when there is none.
std::optional<ServerProfile> parseServerProfile(const QString& name);

} // namespace ec
