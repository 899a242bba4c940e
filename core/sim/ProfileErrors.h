#pragma once
// The error answers of each simulated server: for every case the simulator refuses a request
// (ErrorCase), the status, JSON shape, type, param, code and wording that server uses. One
// table in ProfileErrors.cpp holds them all; a case a profile has no row for answers as
// OpenAI does (Azure passes OpenAI's validation errors through, for example).
//
// Messages are templates: {detail}, {model}, {limit}, {given}, {seconds}, {ms} and
// {apiVersion} are filled from ErrorFacts.

#include "sim/ServerProfile.h"

#include <QByteArray>
#include <QString>

namespace ec {

enum class ErrorCase {
    MissingApiKey,     ///< no key sent ({detail} unused)
    WrongApiKey,       ///< {detail}: the masked key
    InvalidRequest,    ///< the body does not parse or a field is wrong: {detail}, facts.param/code
    EmptyInputList,    ///< `input` is [] (or absent)
    EmptyString,       ///< an input is ""
    TooManyInputs,     ///< {given} inputs, {limit} allowed
    InputTooLong,      ///< an input of {given} tokens, {limit} allowed
    TooManyTokens,     ///< {given} tokens in the request, {limit} allowed
    BadInput,          ///< a `bad-input:` fault: {detail}
    UnknownModel,      ///< {model} is not served
    MissingApiVersion, ///< Azure without ?api-version=
    QuotaExhausted,    ///< the account's billing quota is used up
    RateLimited,       ///< over --rpm/--tpm, or an injected 429: {detail}, {seconds}, {ms}
    ServerError,       ///< an injected 500
    Unavailable,       ///< an injected 503
    QueueFull,         ///< more requests waiting than the server queues (--max-queue, queue-full)
    RouteNotFound,     ///< {detail}: "METHOD /path"
    MethodNotAllowed,  ///< {detail}: what was refused
};

/// What a message template may mention.
struct ErrorFacts
{
    QString detail;
    QString model;
    qint64 limit = 0;
    qint64 given = 0;
    qint64 retryAfterMs = 0; ///< {seconds} (rounded up) and {ms}
    QString apiVersion;
    QString type;  ///< for rows that take the type from the caller (OpenAI's rate limits)
    QString param; ///< for rows that take param/code from the caller (InvalidRequest)
    QString code;

    /// Facts holding only {detail}.
    static ErrorFacts detailed(const QString& detail)
    {
        ErrorFacts facts;
        facts.detail = detail;
        return facts;
    }
};

/// One error answer: status and body (with a trailing newline, empty for ErrorShape::Empty).
struct ErrorReply
{
    int status = 0;
    QByteArray body;
};

class ProfileErrors
{
public:
    explicit ProfileErrors(ServerProfile profile)
        : m_profile(profile)
    {}

    /// The answer `profile` gives for `errorCase`.
    ErrorReply reply(ErrorCase errorCase, const ErrorFacts& facts = {}) const;

    /// The answer to a request the HTTP parser rejected (before any profile applies).
    static QByteArray badHttpBody(const QString& why);

private:
    ServerProfile m_profile;
};

} // namespace ec
