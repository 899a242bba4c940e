#include "BatchesCommand.h"

#include "CliFormat.h"
#include "StandInSimulator.h"
#include "ops/BatchRunner.h"
#include "ops/RunAlerts.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ec {

namespace {

QJsonObject recordJson(const BatchRecord& r)
{
    return QJsonObject{
        {QStringLiteral("row"), r.row},
        {QStringLiteral("batch_id"), r.batchId},
        {QStringLiteral("state"), r.state},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("input_file_id"), r.inputFileId},
        {QStringLiteral("output_file_id"), r.outputFileId},
        {QStringLiteral("error_file_id"), r.errorFileId},
        {QStringLiteral("model"), r.model},
        {QStringLiteral("requests"), r.requests},
        {QStringLiteral("inputs"), r.inputs},
        {QStringLiteral("items"), r.items},
        {QStringLiteral("tokens"), r.tokens},
        {QStringLiteral("total"), r.total},
        {QStringLiteral("completed"), r.completed},
        {QStringLiteral("failed"), r.failed},
        {QStringLiteral("written"), r.written},
        {QStringLiteral("returned"), r.returned},
        {QStringLiteral("item_failures"), r.itemFailures},
        {QStringLiteral("billed_tokens"), r.billedTokens},
        {QStringLiteral("cost_usd"), r.costUsd},
        {QStringLiteral("errors"), r.errors},
        {QStringLiteral("created_at"),
         r.createdAt.isValid() ? QJsonValue(r.createdAt.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue()},
        {QStringLiteral("age_seconds"), r.createdAt.isValid()
                                            ? QJsonValue(r.createdAt.secsTo(QDateTime::currentDateTimeUtc()))
                                            : QJsonValue()},
    };
}

void printCollect(CliContext& context, const BatchCollectResult& c)
{
    context.err << QStringLiteral(
                       "batches: %1 collected (%2 written, %3 failed, %4 back to pending, %5 tokens, "
                       "$%6 at the Batch API price), %7 still open\n")
                       .arg(c.collected)
                       .arg(c.written)
                       .arg(c.failed)
                       .arg(c.returned)
                       .arg(c.tokens)
                       .arg(c.costUsd, 0, 'f', 6)
                       .arg(c.open);
    for (const QString& e : c.errors)
        context.fail(e);
}

/// One webhook alert per batch collected (RunAlerts::batchText), delivered before embedctl exits.
void alertCollected(const CliContext& context, const BatchCollectResult& c)
{
    RunAlerts::sendBatchAlerts(context.config.alerts, c.collectedBatches, context.config.api.simulated);
}

} // namespace

QJsonObject BatchesCommand::collectJson(const BatchCollectResult& c)
{
    return QJsonObject{{QStringLiteral("open"), c.open},
                       {QStringLiteral("collected"), c.collected},
                       {QStringLiteral("written"), c.written},
                       {QStringLiteral("returned"), c.returned},
                       {QStringLiteral("failed"), c.failed},
                       {QStringLiteral("tokens"), c.tokens},
                       {QStringLiteral("cost_usd"), c.costUsd},
                       {QStringLiteral("errors"), QJsonArray::fromStringList(c.errors)}};
}

void BatchesCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("collect"),
         QStringLiteral("Poll the open batches and collect those that ended (write, record failures, free "
                        "leases).")},
        {QStringLiteral("cancel"), QStringLiteral("Cancel this batch (its id or row number)."),
         QStringLiteral("id")},
        {QStringLiteral("webhook"),
         QStringLiteral("Slack/Discord-compatible webhook: one alert per batch collected (or "
                        "EMBEDCTL_WEBHOOK_URL)."),
         QStringLiteral("url")},
        {QStringLiteral("simulate"),
         QStringLiteral("Talk to a built-in simulator of the API (it knows no batch of an earlier process: "
                        "--cancel then gives a simulated batch's items back to pending).")},
    });
}

int BatchesCommand::execute(CliContext& context)
{
    if (context.parser.isSet(QStringLiteral("webhook")))
        context.config.alerts.webhookUrl = QUrl(context.parser.value(QStringLiteral("webhook")));
    StandInSimulator simulator;
    if (!simulator.startIfAsked(context))
        return ExitError;
    QString error;
    BatchRunner runner(context.config, [&](const QString& line) {
        if (!context.quiet && !context.json)
            context.err << line << '\n';
    });
    if (!runner.open(&error)) {
        context.fail(error);
        return ExitError;
    }
    QJsonObject json;
    int exit = ExitOk;
    if (context.parser.isSet(QStringLiteral("cancel"))) {
        const auto record = runner.cancel(context.parser.value(QStringLiteral("cancel")), &error);
        if (!record) {
            context.fail(error);
            return ExitError;
        }
        if (context.json)
            json.insert(QStringLiteral("cancelled"), recordJson(*record));
        else
            context.out << QStringLiteral("batch %1: %2\n")
                               .arg(record->batchId,
                                    record->state == QLatin1String("abandoned")
                                        ? record->state + QStringLiteral(", ") + record->errors
                                        : record->status);
    }
    if (context.parser.isSet(QStringLiteral("collect"))) {
        const BatchCollectResult collected = runner.collect();
        alertCollected(context, collected);
        if (!collected.errors.isEmpty())
            exit = ExitError;
        if (context.json)
            json.insert(QStringLiteral("collect"), collectJson(collected));
        else
            printCollect(context, collected);
    }
    const auto records = runner.list(&error);
    if (!records) {
        context.fail(error);
        return ExitError;
    }
    if (context.json) {
        QJsonArray list;
        for (const BatchRecord& r : *records)
            list.append(recordJson(r));
        json.insert(QStringLiteral("batches"), list);
        context.out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
        return exit;
    }
    if (records->isEmpty()) {
        context.out << "no batches recorded\n";
        return exit;
    }
    context.out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                       .arg(QStringLiteral("row"), 4)
                       .arg(QStringLiteral("batch"), -24)
                       .arg(QStringLiteral("status"), -12)
                       .arg(QStringLiteral("done/failed/total"), 18)
                       .arg(QStringLiteral("items"), 7)
                       .arg(QStringLiteral("age"), 9)
                       .arg(QStringLiteral("cost"));
    for (const BatchRecord& r : *records) {
        const QString status =
            r.state == QLatin1String("submitted") || r.state == QLatin1String("collected")
                ? r.status + (r.state == QLatin1String("collected") ? QStringLiteral("*") : QString())
                : r.state;
        const double age = r.createdAt.isValid() ? r.createdAt.secsTo(QDateTime::currentDateTimeUtc()) : -1;
        const QString cost = r.state == QLatin1String("collected")
                                 ? QStringLiteral("$%1").arg(r.costUsd, 0, 'f', 6)
                                 : QStringLiteral("~%1 tok").arg(r.tokens);
        context.out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                           .arg(r.row, 4)
                           .arg(r.batchId.isEmpty() ? QStringLiteral("-") : r.batchId, -24)
                           .arg(status, -12)
                           .arg(QStringLiteral("%1/%2/%3").arg(r.completed).arg(r.failed).arg(r.total), 18)
                           .arg(r.items, 7)
                           .arg(formatDuration(age), 9)
                           .arg(cost);
    }
    context.out << "(* collected: written, failures recorded, leases freed)\n";
    return exit;
}

void BatchesCommand::collectOpen(CliContext& context)
{
    if (context.config.api.flavor != ApiFlavor::OpenAI)
        return;
    QString error;
    BatchRunner runner(context.config, [&](const QString& line) {
        if (!context.quiet && !context.json)
            context.err << line << '\n';
    });
    if (!runner.open(&error)) {
        if (context.verbose)
            context.fail(QStringLiteral("cannot poll the open batches: ") + error);
        return;
    }
    const BatchCollectResult collected = runner.collect();
    alertCollected(context, collected);
    if ((collected.collected > 0 || !collected.errors.isEmpty()) && !context.json)
        printCollect(context, collected);
}

std::optional<BatchCollectResult> BatchesCommand::collectStandIn(CliContext& context,
                                                                 const QStringList& batchIds)
{
    if (!context.config.api.simulated || batchIds.isEmpty())
        return std::nullopt;
    if (!context.quiet && !context.json)
        context.err << "SIMULATED Batch API: the simulator ends with this process, and its batches with it; "
                       "waiting for them to end and collecting them now\n";
    QString error;
    BatchRunner runner(context.config, [&](const QString& line) {
        if (!context.quiet && !context.json)
            context.err << line << '\n';
    });
    BatchCollectResult collected;
    if (!runner.open(&error))
        collected.errors << error;
    else
        collected = runner.collectWhenEnded(batchIds, 120000);
    alertCollected(context, collected);
    if (!context.json)
        printCollect(context, collected);
    return collected;
}

int BatchesCommand::submit(CliContext& context)
{
    QString error;
    BatchRunner runner(context.config, [&](const QString& line) {
        if (!context.quiet && !context.json)
            context.err << line << '\n';
    });
    if (!runner.open(&error)) {
        context.fail(error);
        return ExitError;
    }
    const BatchCollectResult collected = runner.collect();
    alertCollected(context, collected);
    BatchSubmitOptions options;
    const QCommandLineParser& p = context.parser;
    if (p.isSet(QStringLiteral("limit")))
        options.limit = p.value(QStringLiteral("limit")).toLongLong();
    if (p.isSet(QStringLiteral("batch-max-requests")))
        options.maxRequestsPerBatch =
            std::clamp(p.value(QStringLiteral("batch-max-requests")).toInt(), 2, options.maxRequestsPerBatch);
    if (p.isSet(QStringLiteral("batch-max-inputs")))
        options.maxInputsPerBatch =
            std::clamp(p.value(QStringLiteral("batch-max-inputs")).toInt(), 1, options.maxInputsPerBatch);
    if (p.isSet(QStringLiteral("batch-token-limit")))
        options.enqueuedTokenLimit = p.value(QStringLiteral("batch-token-limit")).toLongLong();
    options.maxCostUsd = context.config.run.maxCostUsd; // --max-cost, or the settings' default
    const BatchSubmitResult r = runner.submit(options);
    if (!context.json && (collected.collected > 0 || !collected.errors.isEmpty()))
        printCollect(context, collected);
    const std::optional<BatchCollectResult> standIn = collectStandIn(context, r.batchIds);
    if (context.json) {
        context.out << QJsonDocument(
                           QJsonObject{{QStringLiteral("collect"), collectJson(collected)},
                                       {QStringLiteral("collected_now"),
                                        standIn ? QJsonValue(collectJson(*standIn)) : QJsonValue()},
                                       {QStringLiteral("run_id"), r.runId},
                                       {QStringLiteral("batch_ids"), QJsonArray::fromStringList(r.batchIds)},
                                       {QStringLiteral("items"), r.items},
                                       {QStringLiteral("inputs"), r.inputs},
                                       {QStringLiteral("requests"), r.requests},
                                       {QStringLiteral("tokens"), r.tokens},
                                       {QStringLiteral("cost_usd"), r.costUsd},
                                       {QStringLiteral("unchanged"), r.unchanged},
                                       {QStringLiteral("cached"), r.cached},
                                       {QStringLiteral("deduped"), r.deduped},
                                       {QStringLiteral("skipped"), r.skipped},
                                       {QStringLiteral("limit_reached"), r.limitReached},
                                       {QStringLiteral("spend_cap_reached"), r.spendCapReached},
                                       {QStringLiteral("error"), r.error}})
                           .toJson(QJsonDocument::Compact)
                    << '\n';
    } else {
        context.out << QStringLiteral(
                           "submitted %1 batch(es): %2 items, %3 inputs in %4 requests, %5 tokens, "
                           "$%6 at the Batch API price; %7 unchanged, %8 cached, %9 duplicates, %10 "
                           "skipped.%11\n")
                           .arg(r.batchIds.size())
                           .arg(r.items)
                           .arg(r.inputs)
                           .arg(r.requests)
                           .arg(r.tokens)
                           .arg(r.costUsd, 0, 'f', 6)
                           .arg(r.unchanged)
                           .arg(r.cached)
                           .arg(r.deduped)
                           .arg(r.skipped)
                           .arg(standIn || r.batchIds.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" Collect with: embedctl batches --collect"));
    }
    if (!r.error.isEmpty()) {
        context.fail(r.error);
        return ExitError;
    }
    if (standIn && !standIn->errors.isEmpty())
        return ExitError;
    if (r.spendCapReached) {
        if (!context.json)
            context.err << QStringLiteral("stopped: spend cap reached ($%1); the rest stays pending\n")
                               .arg(options.maxCostUsd, 0, 'f', 6);
        return 4; // stopped, as a run stopped by the operator (docs/cli.md)
    }
    return ExitOk;
}

} // namespace ec
