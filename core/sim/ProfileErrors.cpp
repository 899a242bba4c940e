#include "sim/ProfileErrors.h"

#include "api/RequestBuilder.h"

namespace ec {

namespace {

using P = ServerProfile;
using E = ErrorCase;
using S = ErrorShape;

/// "$" in type, param or code: the caller's value from ErrorFacts. nullptr: JSON null.
constexpr const char* kFromFacts = "$";

struct ErrorRow
{
    ServerProfile profile;
    ErrorCase errorCase;
    int status;
    ErrorShape shape;
    const char* type;
    const char* param;
    const char* code;
    const char* message;
};

constexpr const char* kOpenAiInvalidInput =
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
constexpr const char* kAzureDenied =
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key "
    "for an active subscription and use a correct regional API endpoint for your resource.";
constexpr const char* kOllamaBusy = "server busy, please try again.  maximum pending requests exceeded";
constexpr const char* kTeiOverloaded = "Model is overloaded";

// Sources for every row: docs/providers.md.
// clang-format off
constexpr ErrorRow kRows[] = {
    // OpenAI: also what every profile answers for a case it has no row for.
    {P::OpenAI, E::MissingApiKey, 401, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "You didn't provide an API key. You need to provide your API key in an Authorization header using "
     "Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if "
     "you're accessing the API from your browser and are prompted for a username and password. You can "
     "obtain an API key from https://platform.openai.com/account/api-keys."},
    {P::OpenAI, E::WrongApiKey, 401, S::OpenAI, "invalid_request_error", nullptr, "invalid_api_key",
     "Incorrect API key provided: {detail}. You can find your API key at "
     "https://platform.openai.com/account/api-keys."},
    {P::OpenAI, E::InvalidRequest, 400, S::OpenAI, "invalid_request_error", kFromFacts, kFromFacts, "{detail}"},
    {P::OpenAI, E::EmptyInputList, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     kOpenAiInvalidInput},
    {P::OpenAI, E::EmptyString, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr, kOpenAiInvalidInput},
    {P::OpenAI, E::TooManyInputs, 400, S::OpenAI, "invalid_request_error", "input", nullptr,
     "Too many inputs. The max number of inputs is {limit}. We recommend batching your inputs into multiple "
     "requests."},
    {P::OpenAI, E::InputTooLong, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "This model's maximum context length is {limit} tokens, however you requested {given} tokens ({given} "
     "in your prompt; 0 for the completion). Please reduce your prompt; or completion length."},
    {P::OpenAI, E::TooManyTokens, 400, S::OpenAI, "max_tokens_per_request", nullptr, "max_tokens_per_request",
     "Requested {given} tokens, max {limit} tokens per request"},
    {P::OpenAI, E::BadInput, 400, S::OpenAI, "invalid_request_error", "input", "invalid_value", "{detail}"},
    {P::OpenAI, E::UnknownModel, 404, S::OpenAI, "invalid_request_error", nullptr, "model_not_found",
     "The model `{model}` does not exist or you do not have access to it."},
    {P::OpenAI, E::QuotaExhausted, 429, S::OpenAI, "insufficient_quota", nullptr, "insufficient_quota",
     "You exceeded your current quota, please check your plan and billing details. For more information on "
     "this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."},
    {P::OpenAI, E::RateLimited, 429, S::OpenAI, kFromFacts, nullptr, "rate_limit_exceeded", "{detail}"},
    {P::OpenAI, E::ServerError, 500, S::OpenAI, "server_error", nullptr, nullptr,
     "The server had an error while processing your request. Sorry about that! (simulated fault)"},
    {P::OpenAI, E::Unavailable, 503, S::OpenAI, "server_error", nullptr, nullptr,
     "The engine is currently overloaded, please try again later. (simulated fault)"},
    {P::OpenAI, E::QueueFull, 503, S::OpenAI, "server_error", nullptr, nullptr,
     "The engine is currently overloaded, please try again later. (simulated queue full)"},
    {P::OpenAI, E::RouteNotFound, 404, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "Invalid URL ({detail})"},
    {P::OpenAI, E::MethodNotAllowed, 405, S::OpenAI, "invalid_request_error", nullptr, nullptr, "{detail}"},
    {P::OpenAI, E::MissingApiVersion, 404, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "Invalid URL ({detail})"},

    // Azure OpenAI: its gateway refuses keys, deployments, routes and rates in its own shape; the
    // model's validation errors come through as OpenAI words them.
    {P::Azure, E::MissingApiKey, 401, S::AzureGateway, nullptr, nullptr, "401", kAzureDenied},
    {P::Azure, E::WrongApiKey, 401, S::AzureGateway, nullptr, nullptr, "401", kAzureDenied},
    {P::Azure, E::UnknownModel, 404, S::AzureGateway, nullptr, nullptr, "DeploymentNotFound",
     "The API deployment for this resource does not exist. If you created the deployment within the last 5 "
     "minutes, please wait a moment and try again."},
    {P::Azure, E::MissingApiVersion, 404, S::AzureGateway, nullptr, nullptr, "404", "Resource not found"},
    {P::Azure, E::RouteNotFound, 404, S::AzureGateway, nullptr, nullptr, "404", "Resource not found"},
    {P::Azure, E::RateLimited, 429, S::AzureGateway, nullptr, nullptr, "429",
     "Requests to the Embeddings_Create Operation under Azure OpenAI API version {apiVersion} have exceeded "
     "call rate limit of your current OpenAI S0 pricing tier. Please retry after {seconds} seconds. Please go "
     "here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."},

    // Text Embeddings Inference: flat bodies, `type` an ErrorType variant, `code` the status.
    {P::Tei, E::MissingApiKey, 401, S::Empty, nullptr, nullptr, nullptr, ""},
    {P::Tei, E::WrongApiKey, 401, S::Empty, nullptr, nullptr, nullptr, ""},
    {P::Tei, E::InvalidRequest, 422, S::TeiFlat, "Validation", nullptr, nullptr, "{detail}"},
    {P::Tei, E::EmptyInputList, 400, S::TeiFlat, "Empty", nullptr, nullptr, "`inputs` cannot be empty"},
    {P::Tei, E::EmptyString, 400, S::TeiFlat, "Empty", nullptr, nullptr,
     "Input validation error: `inputs` cannot be empty"},
    {P::Tei, E::TooManyInputs, 422, S::TeiFlat, "Validation", nullptr, nullptr,
     "batch size {given} > maximum allowed batch size {limit}"},
    {P::Tei, E::InputTooLong, 422, S::TeiFlat, "Validation", nullptr, nullptr,
     "Input validation error: `inputs` must have less than {limit} tokens. Given: {given}"},
    {P::Tei, E::TooManyTokens, 422, S::TeiFlat, "Validation", nullptr, nullptr,
     "Input validation error: {given} tokens in the request, at most {limit} allowed (simulated cap)"},
    {P::Tei, E::BadInput, 422, S::TeiFlat, "Validation", nullptr, nullptr, "{detail}"},
    {P::Tei, E::RateLimited, 429, S::TeiFlat, "Overloaded", nullptr, nullptr, kTeiOverloaded},
    {P::Tei, E::QueueFull, 429, S::TeiFlat, "Overloaded", nullptr, nullptr, kTeiOverloaded},
    {P::Tei, E::ServerError, 500, S::TeiFlat, "Backend", nullptr, nullptr, "Backend error: simulated fault"},
    {P::Tei, E::Unavailable, 503, S::TeiFlat, "Unhealthy", nullptr, nullptr, "unhealthy"},
    {P::Tei, E::RouteNotFound, 404, S::Empty, nullptr, nullptr, nullptr, ""},
    {P::Tei, E::MethodNotAllowed, 405, S::Empty, nullptr, nullptr, nullptr, ""},

    // Ollama: OpenAI's nesting, type from the status (openai.NewError), param and code null.
    {P::Ollama, E::InvalidRequest, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr, "{detail}"},
    {P::Ollama, E::EmptyInputList, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr, "invalid input"},
    {P::Ollama, E::TooManyInputs, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "batch size {given} > {limit} (simulated cap)"},
    {P::Ollama, E::InputTooLong, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "the input length exceeds the context length"},
    {P::Ollama, E::TooManyTokens, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr,
     "{given} tokens > {limit} (simulated cap)"},
    {P::Ollama, E::BadInput, 400, S::OpenAI, "invalid_request_error", nullptr, nullptr, "{detail}"},
    {P::Ollama, E::UnknownModel, 404, S::OpenAI, "not_found_error", nullptr, nullptr, "model '{model}' not found"},
    {P::Ollama, E::RateLimited, 429, S::OpenAI, "api_error", nullptr, nullptr, "{detail}"},
    {P::Ollama, E::ServerError, 500, S::OpenAI, "api_error", nullptr, nullptr, "simulated fault: the runner failed"},
    {P::Ollama, E::Unavailable, 503, S::OpenAI, "api_error", nullptr, nullptr, kOllamaBusy},
    {P::Ollama, E::QueueFull, 503, S::OpenAI, "api_error", nullptr, nullptr, kOllamaBusy},
    {P::Ollama, E::RouteNotFound, 404, S::OpenAI, "not_found_error", nullptr, nullptr, "404 page not found"},
    {P::Ollama, E::MethodNotAllowed, 405, S::OpenAI, "api_error", nullptr, nullptr, "{detail}"},

    // vLLM: OpenAI's nesting with `code` the status and the exception's class name as `type`.
    {P::Vllm, E::MissingApiKey, 401, S::ErrorString, nullptr, nullptr, nullptr, "Unauthorized"},
    {P::Vllm, E::WrongApiKey, 401, S::ErrorString, nullptr, nullptr, nullptr, "Unauthorized"},
    {P::Vllm, E::InvalidRequest, 400, S::Vllm, "BadRequestError", nullptr, nullptr, "{detail}"},
    {P::Vllm, E::EmptyInputList, 400, S::Vllm, "BadRequestError", nullptr, nullptr,
     "Either prompt or prompt_ids should be provided."},
    {P::Vllm, E::EmptyString, 400, S::Vllm, "BadRequestError", nullptr, nullptr,
     "Either prompt or prompt_ids should be provided."},
    {P::Vllm, E::TooManyInputs, 400, S::Vllm, "BadRequestError", nullptr, nullptr,
     "{given} inputs > {limit} (simulated cap)"},
    {P::Vllm, E::InputTooLong, 400, S::Vllm, "BadRequestError", nullptr, nullptr,
     "This model's maximum context length is {limit} tokens. However, you requested {given} tokens in the "
     "input for embedding generation. Please reduce the length of the input."},
    {P::Vllm, E::TooManyTokens, 400, S::Vllm, "BadRequestError", nullptr, nullptr,
     "{given} tokens > {limit} (simulated cap)"},
    {P::Vllm, E::BadInput, 400, S::Vllm, "BadRequestError", nullptr, nullptr, "{detail}"},
    {P::Vllm, E::UnknownModel, 404, S::Vllm, "NotFoundError", "model", nullptr,
     "The model `{model}` does not exist."},
    {P::Vllm, E::RateLimited, 429, S::Vllm, "TooManyRequests", nullptr, nullptr, "{detail}"},
    {P::Vllm, E::ServerError, 500, S::Vllm, "InternalServerError", nullptr, nullptr, "simulated fault"},
    {P::Vllm, E::Unavailable, 503, S::Vllm, "ServiceUnavailable", nullptr, nullptr, "simulated fault"},
    {P::Vllm, E::QueueFull, 503, S::Vllm, "ServiceUnavailable", nullptr, nullptr, "simulated queue full"},
    {P::Vllm, E::RouteNotFound, 404, S::Vllm, "NotFoundError", nullptr, nullptr, "Not Found"},
    {P::Vllm, E::MethodNotAllowed, 405, S::Vllm, "MethodNotAllowed", nullptr, nullptr, "Method Not Allowed"},
};
// clang-format on

const ErrorRow* findRow(ServerProfile profile, ErrorCase errorCase)
{
    for (const ErrorRow& row : kRows) {
        if (row.profile == profile && row.errorCase == errorCase)
            return &row;
    }
    return nullptr;
}

QString fill(const char* text, const ErrorFacts& facts)
{
    QString out = QString::fromUtf8(text);
    out.replace(QLatin1String("{detail}"), facts.detail)
        .replace(QLatin1String("{model}"), facts.model)
        .replace(QLatin1String("{limit}"), QString::number(facts.limit))
        .replace(QLatin1String("{given}"), QString::number(facts.given))
        .replace(QLatin1String("{seconds}"), QString::number((facts.retryAfterMs + 999) / 1000))
        .replace(QLatin1String("{ms}"), QString::number(facts.retryAfterMs))
        .replace(QLatin1String("{apiVersion}"), facts.apiVersion);
    return out;
}

/// The row's value, the caller's for kFromFacts; empty means JSON null.
QString field(const char* rowValue, const QString& fromFacts)
{
    if (!rowValue)
        return {};
    if (QByteArrayView(rowValue) == QByteArrayView(kFromFacts))
        return fromFacts;
    return QString::fromUtf8(rowValue);
}

void appendString(QByteArray& out, const QString& value)
{
    RequestBuilder::appendJsonString(out, value.toUtf8());
}

void appendNullable(QByteArray& out, const QString& value)
{
    if (value.isEmpty())
        out += "null";
    else
        appendString(out, value);
}

QByteArray render(const ErrorRow& row, const ErrorFacts& facts)
{
    const QString message = fill(row.message, facts);
    const QString type = field(row.type, facts.type);
    const QString param = field(row.param, facts.param);
    const QString code = field(row.code, facts.code);
    const QByteArray status = QByteArray::number(row.status);
    QByteArray body;
    switch (row.shape) {
    case ErrorShape::OpenAI:
    case ErrorShape::Vllm:
        body = "{\"error\":{\"message\":";
        appendString(body, message);
        body += ",\"type\":";
        appendNullable(body, type);
        body += ",\"param\":";
        appendNullable(body, param);
        body += ",\"code\":";
        if (row.shape == ErrorShape::Vllm)
            body += status;
        else
            appendNullable(body, code);
        body += "}}";
        break;
    case ErrorShape::AzureGateway:
        body = "{\"error\":{\"code\":";
        appendString(body, code);
        body += ",\"message\":";
        appendString(body, message);
        body += "}}";
        break;
    case ErrorShape::TeiFlat:
        body = "{\"message\":";
        appendString(body, message);
        body += ",\"code\":" + status + ",\"type\":";
        appendString(body, type);
        body += '}';
        break;
    case ErrorShape::ErrorString:
        body = "{\"error\":";
        appendString(body, message);
        body += '}';
        break;
    case ErrorShape::Empty:
        return {};
    }
    return body + '\n';
}

} // namespace

ErrorReply ProfileErrors::reply(ErrorCase errorCase, const ErrorFacts& facts) const
{
    const ErrorRow* row = findRow(m_profile, errorCase);
    if (!row)
        row = findRow(ServerProfile::OpenAI, errorCase);
    Q_ASSERT(row); // every case has an OpenAI row
    return {row->status, render(*row, facts)};
}

QByteArray ProfileErrors::badHttpBody(const QString& why)
{
    const ErrorRow row{ServerProfile::OpenAI,
                       ErrorCase::InvalidRequest,
                       400,
                       ErrorShape::OpenAI,
                       "invalid_request_error",
                       nullptr,
                       nullptr,
                       "{detail}"};
    return render(row, ErrorFacts::detailed(why));
}

} // namespace ec
