#include "DoctorCommand.h"

#include "ops/EndpointDoctor.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

namespace ec {

namespace {

QJsonValue optionalNumber(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonObject toJson(const EndpointReport& r)
{
    return QJsonObject{
        {QStringLiteral("endpoint"), r.endpoint},
        {QStringLiteral("reachable"), r.reachable},
        {QStringLiteral("works"), r.works},
        {QStringLiteral("error"), r.works && r.error.message.isEmpty() ? QString() : r.error.toString()},
        {QStringLiteral("latency_ms"), r.latencyMs},
        {QStringLiteral("dimensions"), r.dimensions},
        {QStringLiteral("base64"), r.base64Honoured},
        {QStringLiteral("rate_limits"),
         QJsonObject{{QStringLiteral("requests_per_minute"), optionalNumber(r.limits.limitRequests)},
                     {QStringLiteral("tokens_per_minute"), optionalNumber(r.limits.limitTokens)},
                     {QStringLiteral("remaining_requests"), optionalNumber(r.limits.remainingRequests)},
                     {QStringLiteral("remaining_tokens"), optionalNumber(r.limits.remainingTokens)}}},
        {QStringLiteral("largest_batch_accepted"), r.largestBatchAccepted},
        {QStringLiteral("smallest_batch_refused"), r.smallestBatchRefused},
        {QStringLiteral("stated_max_batch"), r.statedMaxBatch},
        {QStringLiteral("inputs_sent"), r.inputsSent},
        {QStringLiteral("exit_code"), r.exitCode()},
    };
}

void printText(QTextStream& out, const EndpointReport& r, const AppConfig& config)
{
    out << "endpoint:   " << r.endpoint << (config.api.simulated ? " (SIMULATED)" : "") << '\n';
    out << "reachable:  "
        << (r.reachable ? QStringLiteral("yes, %1 ms").arg(r.latencyMs) : QStringLiteral("no")) << '\n';
    if (!r.works) {
        out << "works:      NO: " << r.error.toString() << '\n';
        out.flush();
        return;
    }
    out << "works:      yes: " << config.embedding.model << " answered with " << r.dimensions
        << "-dimensional vectors\n";
    out << "base64:     " << (r.base64Honoured ? "honoured" : "not honoured: floats came back") << '\n';
    if (r.limits.limitRequests || r.limits.limitTokens)
        out << "limits:     " << r.limits.limitRequests.value_or(0) << " requests/min, "
            << r.limits.limitTokens.value_or(0)
            << " tokens/min (x-ratelimit-* headers); the run keeps to them\n";
    else
        out << "limits:     none advertised: the run starts with one request and doubles while answers "
               "come\n";
    if (r.smallestBatchRefused > 0)
        out << "batches:    accepts " << r.largestBatchAccepted << " inputs per request, refused "
            << r.smallestBatchRefused
            << (r.statedMaxBatch > 0 ? QStringLiteral(" (it states at most %1)").arg(r.statedMaxBatch)
                                     : QString())
            << "; the run cuts its requests to that\n";
    else
        out << "batches:    accepts " << r.largestBatchAccepted
            << " inputs per request (the largest probed)\n";
    if (!r.error.message.isEmpty())
        out << "note:       a probe was refused: " << r.error.toString() << '\n';
    out << "sent:       " << r.inputsSent << " tiny inputs\n";
    out.flush();
}

} // namespace

int DoctorCommand::execute(CliContext& context)
{
    EndpointDoctor doctor(context.config.api, context.config.embedding);
    EndpointReport report;
    QEventLoop loop;
    QObject::connect(&doctor, &EndpointDoctor::finished, &loop, [&](const EndpointReport& r) {
        report = r;
        loop.quit();
    });
    doctor.start();
    loop.exec();
    if (context.json)
        context.out << QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented);
    else
        printText(context.out, report, context.config);
    if (!report.works)
        context.fail(QStringLiteral("a run would not work: ") + report.error.toString());
    return report.exitCode();
}

} // namespace ec
