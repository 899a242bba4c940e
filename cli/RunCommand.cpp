#include "RunCommand.h"

#include "StandInSimulator.h"

#include "BatchesCommand.h"
#include "RunSession.h"
#include "ops/RetryFailures.h"
#include "store/DemoCatalog.h"
#include "store/FailureLog.h"
#include "store/ItemStore.h"

#include <QProcessEnvironment>

namespace ec {

void RunCommand::addOptions(QCommandLineParser& parser)
{
    RunSession::addRunOptions(parser);
    parser.addOption(
        {QStringLiteral("simulate"),
         QStringLiteral("Send to a built-in simulator of the API instead (offline demo, tests).")});
    parser.addOptions({
        {QStringLiteral("batch-api"),
         QStringLiteral(
             "Submit the pending items as OpenAI Batch API batches (half price, results within 24 h; "
             "collect with `embedctl batches --collect`).")},
        {QStringLiteral("batch-max-requests"),
         QStringLiteral("--batch-api: request lines per batch (max 50000)."), QStringLiteral("n")},
        {QStringLiteral("batch-max-inputs"), QStringLiteral("--batch-api: inputs per batch (max 50000)."),
         QStringLiteral("n")},
        {QStringLiteral("batch-token-limit"),
         QStringLiteral("--batch-api: the model's enqueued-token limit; what would pass it waits."),
         QStringLiteral("n")},
        {QStringLiteral("watch"),
         QStringLiteral("Keep running: incremental runs, woken by the trigger of `embedctl print-trigger` "
                        "(PostgreSQL) or every --interval; SIGTERM stops (exit 0).")},
        {QStringLiteral("interval"),
         QStringLiteral("With --watch: the longest wait between runs, e.g. 30s, 5m (default 60s)."),
         QStringLiteral("duration")},
        {QStringLiteral("worker"),
         QStringLiteral("With --watch: this worker's name, the worker label of its metrics."),
         QStringLiteral("name")},
    });
}

int RunCommand::execute(CliContext& context)
{
    RunSession session(context);
    RunOptions options;
    if (!session.applyRunOptions(options))
        return ExitError;
    const bool watch = context.parser.isSet(QStringLiteral("watch"));
    int intervalMs = 60000;
    if (context.parser.isSet(QStringLiteral("interval"))) {
        intervalMs = RunSession::parseInterval(context.parser.value(QStringLiteral("interval")));
        if (!watch || intervalMs == 0) {
            context.fail(watch
                             ? QStringLiteral("--interval needs a duration such as 30s, 5m or 1h, not \"%1\"")
                                   .arg(context.parser.value(QStringLiteral("interval")))
                             : QStringLiteral("--interval goes with --watch"));
            return ExitError;
        }
    }
    if (context.parser.isSet(QStringLiteral("worker")) && !watch) {
        context.fail(QStringLiteral("--worker goes with --watch"));
        return ExitError;
    }
    StandInSimulator simulator;
    if (!simulator.startIfAsked(context))
        return ExitError;
    if (watch && context.parser.isSet(QStringLiteral("batch-api"))) {
        context.fail(QStringLiteral("--watch and --batch-api do not go together (a watching worker embeds "
                                    "synchronously; collect batches with `embedctl batches --collect`)"));
        return ExitError;
    }
    if (watch)
        return session.watch(options, intervalMs, context.parser.value(QStringLiteral("worker")));
    if (context.parser.isSet(QStringLiteral("batch-api")))
        return BatchesCommand::submit(context);
    BatchesCommand::collectOpen(context); // every run collects the batches that ended
    return session.execute(options);
}

void RetryCommand::addOptions(QCommandLineParser& parser)
{
    RunSession::addRunOptions(parser);
    parser.addOption({QStringLiteral("ids"), QStringLiteral("Only these items (comma-separated ids)."),
                      QStringLiteral("ids")});
    parser.addOption(
        {QStringLiteral("simulate"), QStringLiteral("Send to a built-in simulator of the API.")});
}

int RetryCommand::execute(CliContext& context)
{
    RunSession session(context);
    RunOptions options;
    if (!session.applyRunOptions(options))
        return ExitError;
    const QString ids = context.parser.value(QStringLiteral("ids"));
    if (!ids.isEmpty())
        options.onlyIds = ids.split(QLatin1Char(','), Qt::SkipEmptyParts);
    {
        QString error;
        auto store = ItemStore::open(context.config, QStringLiteral("embedctl-retry"), &error);
        if (!store) {
            context.fail(error);
            return ExitError;
        }
        // The same operation as the console's Retry failed: release, then run exactly those.
        const auto plan = RetryFailures::prepare(*store, options.onlyIds, &error);
        if (!plan) {
            context.fail(error);
            return ExitError;
        }
        if (!context.quiet && !context.json)
            context.err << plan->released << " failed or parked item(s) released for retry\n";
        if (plan->items == 0) {
            if (context.json)
                context.out << "{\"released\": 0, \"items\": 0}\n";
            else if (!context.quiet)
                context.err << "no failed items to retry\n";
            return ExitOk;
        }
        options.onlyIds = plan->options.onlyIds;
        options.ignoreBackoff = plan->options.ignoreBackoff;
    }
    StandInSimulator simulator;
    if (!simulator.startIfAsked(context))
        return ExitError;
    return session.execute(options);
}

void DemoCommand::addOptions(QCommandLineParser& parser)
{
    RunSession::addRunOptions(parser);
    parser.addOption({QStringLiteral("items"), QStringLiteral("Items in a new demo catalog (default 2000)."),
                      QStringLiteral("n")});
}

int DemoCommand::execute(CliContext& context)
{
    RunSession session(context);
    RunOptions options;
    if (!session.applyRunOptions(options))
        return ExitError;
    QString error;
    {
        auto store = ItemStore::open(context.config, QStringLiteral("embedctl-demo"), &error);
        const bool embeddedDefault = context.config.databaseUrl.isEmpty();
        if (!store && embeddedDefault) {
            // First start on this machine: create the demo catalog in the embedded default.
            const int items = context.parser.isSet(QStringLiteral("items"))
                                  ? context.parser.value(QStringLiteral("items")).toInt()
                                  : 2000;
            DemoOptions demo;
            demo.items = items;
            demo.seed = DemoOptions::kOperatorSeed;
            if (!DemoCatalog::create(context.config, demo, &error)) {
                context.fail(error);
                return ExitError;
            }
            context.err << "Created a demo catalog of " << items << " AI tools in "
                        << context.config.effectiveDatabaseUrl() << '\n';
        } else if (!store) {
            context.fail(error);
            return ExitError;
        }
    }
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const bool configured = !context.config.api.apiKey.isEmpty() ||
                            context.parser.isSet(QStringLiteral("api-base")) ||
                            env.contains(QStringLiteral("OPENAI_BASE_URL"));
    StandInSimulator simulator;
    if (!configured && !simulator.start(context, context.config.embedding))
        return ExitError;
    return session.execute(options);
}

} // namespace ec
