#include "sim/ServerProfile.h"

namespace ec {

namespace {

using H = RateLimitHeaderSet;

// clang-format off
constexpr ProfileTraits kProfiles[] = {
//   profile                 name      imitates
//     headers          openai-* key  api-version deployment ignoresModel emptyOk quota
//     inputs tokens/input tokens/request truncates queue
    {ServerProfile::OpenAI, "openai", "OpenAI /v1/embeddings",
        H::Full,          true,    true, false,      true,      false,       false,  true,
        2048,  8192,       300000,        false,    0},
    {ServerProfile::Azure,  "azure",  "Azure OpenAI /openai/deployments/{deployment}/embeddings",
        H::RemainingOnly, false,   true, true,       true,      false,       false,  false,
        2048,  8192,       300000,        false,    0},
    {ServerProfile::Tei,    "tei",    "Text Embeddings Inference 1.9 /v1/embeddings (512-token model)",
        H::None,          false,   true, false,      false,     true,        false,  false,
        32,    512,        0,             true,     512},
    {ServerProfile::Ollama, "ollama", "Ollama /v1/embeddings",
        H::None,          false,   false, false,      false,     false,       true,   false,
        0,     8192,       0,             true,     512},
    {ServerProfile::Vllm,   "vllm",   "vLLM OpenAI-compatible server /v1/embeddings",
        H::None,          false,   true, false,      false,     false,       false,  false,
        0,     8192,       0,             false,    0},
};
// clang-format on

} // namespace

const ProfileTraits& profileTraits(ServerProfile profile)
{
    for (const ProfileTraits& traits : kProfiles) {
        if (traits.profile == profile)
            return traits;
    }
    return kProfiles[0];
}

QString profileName(ServerProfile profile)
{
    return QLatin1String(profileTraits(profile).name);
}

QStringList profileNames()
{
    QStringList names;
    for (const ProfileTraits& traits : kProfiles)
        names << QLatin1String(traits.name);
    return names;
}

std::optional<ServerProfile> parseServerProfile(const QString& name)
{
    for (const ProfileTraits& traits : kProfiles) {
        if (name.compare(QLatin1String(traits.name), Qt::CaseInsensitive) == 0)
            return traits.profile;
    }
    return std::nullopt;
}

} // namespace ec
