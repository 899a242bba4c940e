#include "CatalogCommands.h"

#include "CliFormat.h"
#include "ModelCheck.h"
#include "ReadOnlyStore.h"
#include "ops/BatchesJob.h"
#include "ops/PrometheusExposition.h"
#include "sim/EmbeddingSimulator.h"
#include "store/CatalogProbe.h"
#include "store/DemoCatalog.h"
#include "store/ItemStore.h"
#include "tokenizer/Cl100kTokenizer.h"
#include "util/Secrets.h"
#include "util/SignalWatcher.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ec {

void StatusCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("prometheus"), QStringLiteral("Print the Prometheus text exposition.")});
}

int StatusCommand::execute(CliContext& context)
{
    QString error;
    auto store = openForReading(context.config, QStringLiteral("embedctl-status"), &error);
    if (!store) {
        context.fail(error);
        return ExitError;
    }
    // The model a plain run would use (ops/ModelGuard). A configured model the table's vectors
    // are not of is a warning, not pending work: the counts are the table's own.
    std::optional<ModelChoice> choice;
    if (!applyModelChoice(context, *store, ModelCheckMode::Report, false, &choice))
        return ExitError;
    Result<StatusCounts> status = store->status(choice ? choice->counted() : context.config.embedding);
    if (!status) {
        context.fail(status.error());
        return ExitError;
    }
    status->batches = readBatchTotals(*store);
    const QStringList unavailable =
        unavailableFigures(*store, {{QStringLiteral("embedding_failures"),
                                     {QStringLiteral("failed_items"), QStringLiteral("parked_items")}}});
    if (context.parser.isSet(QStringLiteral("prometheus"))) {
        context.out << QString::fromUtf8(renderStatusMetrics(*status));
        return ExitOk;
    }
    if (context.json) {
        QJsonObject o = statusToJson(*status);
        o.insert(QStringLiteral("database"), redactUrl(context.config.effectiveDatabaseUrl()));
        o.insert(QStringLiteral("table"), context.config.table.table);
        o.insert(QStringLiteral("model"), context.config.embedding.model);
        o.insert(QStringLiteral("dimensions"), context.config.embedding.effectiveDimensions());
        if (choice) {
            o.insert(QStringLiteral("model_choice"), modelChoiceToJson(*choice));
            if (choice->mismatch)
                o.insert(QStringLiteral("warning"), choice->mismatchWarning());
        }
        o.insert(QStringLiteral("unavailable"), QJsonArray::fromStringList(unavailable));
        context.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    const StatusCounts& s = *status;
    QTextStream& out = context.out;
    out << "Catalog    " << redactUrl(context.config.effectiveDatabaseUrl()) << " (table "
        << context.config.table.table << ")\n"
        << "Model      " << context.config.embedding.model << ", "
        << context.config.embedding.effectiveDimensions() << " dimensions"
        << (choice && choice->source == ModelChoice::Source::Table     ? " (the table's; none configured)"
            : choice && choice->source == ModelChoice::Source::Default ? " (default; no vectors yet)"
                                                                       : "")
        << '\n';
    if (choice && choice->mismatch)
        out << "WARNING    " << choice->mismatchWarning() << '\n';
    out << "Items      " << s.totalItems << '\n'
        << "Embedded   " << s.embeddedItems << " (" << QString::number(s.progressPercent, 'f', 2) << "%)\n"
        << "Pending    " << s.pendingTotal() << ": " << s.pendingMissing << " missing, " << s.pendingOutdated
        << " outdated, " << s.pendingOtherModel << " other model\n"
        << "Failed     "
        << (unavailable.isEmpty() ? QStringLiteral("%1 (%2 parked)").arg(s.failedItems).arg(s.parkedItems)
                                  : QStringLiteral("unknown (embedding_failures cannot be read)"))
        << "\n"
        << "Last update "
        << (s.lastUpdate.isValid() ? s.lastUpdate.toUTC().toString(Qt::ISODate) : QStringLiteral("never"))
        << '\n';
    noteUnreadableTables(*store, context);
    return ExitOk;
}

void InitDemoCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption(
        {QStringLiteral("items"), QStringLiteral("Number of items (default 2000)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("seed"),
                      QStringLiteral("Random seed (default %1).").arg(DemoOptions::kOperatorSeed),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("replace"), QStringLiteral("Drop the table first and create it anew.")});
    parser.addOption(
        {QStringLiteral("first-run"),
         QStringLiteral("Only on a first run: when no database is configured (the embedded default) "
                        "and its catalog table does not exist yet; otherwise change nothing.")});
}

int InitDemoCommand::execute(CliContext& context)
{
    bool ok = true;
    const int items = context.parser.isSet(QStringLiteral("items"))
                          ? context.parser.value(QStringLiteral("items")).toInt(&ok)
                          : 2000;
    if (!ok || items <= 0) {
        context.fail(QStringLiteral("--items needs a positive whole number"));
        return ExitError;
    }
    const quint64 seed = context.parser.isSet(QStringLiteral("seed"))
                             ? context.parser.value(QStringLiteral("seed")).toULongLong()
                             : DemoOptions::kOperatorSeed;
    if (context.parser.isSet(QStringLiteral("first-run"))) {
        // scripts/run.sh: a fresh account lands on a demo; a configured catalog is never touched.
        if (!context.config.databaseUrl.isEmpty() || !probeCatalog(context.config).missing()) {
            if (!context.quiet)
                context.err << "init-demo --first-run: a catalog is configured or exists; nothing changed\n";
            return ExitOk;
        }
    }
    QString error;
    DemoOptions options;
    options.items = items;
    options.seed = seed;
    options.replace = context.parser.isSet(QStringLiteral("replace"));
    const auto created = DemoCatalog::create(context.config, options, &error);
    if (!created) {
        context.fail(error);
        return ExitError;
    }
    if (context.json) {
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("inserted"), created->inserted},
                                                 {QStringLiteral("duplicates"), created->duplicates},
                                                 {QStringLiteral("long_texts"), created->longTexts},
                                                 {QStringLiteral("empty_texts"), created->emptyTexts},
                                                 {QStringLiteral("null_summaries"), created->nullSummaries},
                                                 {QStringLiteral("null_tags"), created->nullTags}})
                           .toJson(QJsonDocument::Indented);
    } else if (!context.quiet) {
        context.err << "Added " << created->inserted << " items to "
                    << redactUrl(context.config.effectiveDatabaseUrl()) << " (table "
                    << context.config.table.table << "): " << created->duplicates
                    << " exact duplicate texts, " << created->longTexts << " texts over 8,192 tokens, "
                    << created->emptyTexts << " empty texts, " << created->nullSummaries
                    << " NULL summaries, " << created->nullTags << " NULL tags\n";
    }
    return ExitOk;
}

int TokensCommand::execute(CliContext& context)
{
    const Cl100kTokenizer& tokenizer = Cl100kTokenizer::instance();
    if (!tokenizer.isValid()) {
        context.fail(tokenizer.error());
        return ExitError;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        context.fail(QStringLiteral("cannot read standard input"));
        return ExitError;
    }
    QJsonArray counts;
    qint64 total = 0;
    while (true) {
        // Empty only at the end of the input: an empty line still holds its newline.
        QByteArray line = in.readLine();
        if (line.isEmpty())
            break;
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        const int count = tokenizer.count(QByteArrayView(line));
        total += count;
        if (context.json)
            counts.append(count);
        else
            context.out << count << '\n';
    }
    if (context.json)
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("encoding"), QStringLiteral("cl100k_base")},
                                                 {QStringLiteral("counts"), counts},
                                                 {QStringLiteral("total"), total}})
                           .toJson(QJsonDocument::Compact)
                    << '\n';
    return ExitOk;
}

void SimulateCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (0: any free one)."),
         QStringLiteral("port")},
        {QStringLiteral("dim"), QStringLiteral("Vector length (default 1536)."), QStringLiteral("n")},
        {QStringLiteral("latency-ms"), QStringLiteral("Latency added to every response."),
         QStringLiteral("ms")},
        {QStringLiteral("rpm"), QStringLiteral("Requests-per-minute limit (429 past it)."),
         QStringLiteral("n")},
        {QStringLiteral("tpm"), QStringLiteral("Tokens-per-minute limit (429 past it)."),
         QStringLiteral("n")},
        {QStringLiteral("fail-rate"), QStringLiteral("Fraction of requests answered 429/500/503."),
         QStringLiteral("r")},
        {QStringLiteral("faults"),
         QStringLiteral("Injected faults, e.g. 500,reset:0.05,hang,queue-full:0.1,quota:1,bad-input:XYZ."),
         QStringLiteral("list")},
        {QStringLiteral("profile"),
         QStringLiteral("The server imitated: %1 (default openai). See docs/providers.md.")
             .arg(profileNames().join(QLatin1String(", "))),
         QStringLiteral("name")},
        {QStringLiteral("require-key"), QStringLiteral("Refuse requests without this API key (401)."),
         QStringLiteral("key")},
        {QStringLiteral("models"),
         QStringLiteral("The models (azure: deployments) served; others get the profile's unknown-model "
                        "error. Default: any."),
         QStringLiteral("list")},
        {QStringLiteral("max-inputs"),
         QStringLiteral("Inputs per request (default: the profile's; openai 2048, tei 32; 0: no cap)."),
         QStringLiteral("n")},
        {QStringLiteral("max-input-tokens"),
         QStringLiteral("The model's context in tokens (default: the profile's; tei 512)."),
         QStringLiteral("n")},
        {QStringLiteral("max-request-tokens"),
         QStringLiteral("Tokens per request (default: the profile's; openai 300000)."), QStringLiteral("n")},
        {QStringLiteral("auto-truncate"),
         QStringLiteral(
             "Cut inputs over the context instead of refusing them: true or false (default: tei and "
             "ollama true, others false)."),
         QStringLiteral("bool")},
        {QStringLiteral("max-queue"),
         QStringLiteral("Requests at once before \"queue full\" (default: tei and ollama 512; 0: no limit)."),
         QStringLiteral("n")},
        {QStringLiteral("quota-exhausted"),
         QStringLiteral("Answer every request 429 insufficient_quota (openai profile).")},
        {QStringLiteral("batch-minutes-per-second"),
         QStringLiteral("Batch API clock: simulated minutes per real second (default 60: 24 h in 24 s)."),
         QStringLiteral("n")},
        {QStringLiteral("batch-processing-minutes"),
         QStringLiteral("Simulated minutes a batch takes to run its requests (default 30)."),
         QStringLiteral("n")},
        {QStringLiteral("batch-token-limit"),
         QStringLiteral("Per-model enqueued-token limit; a batch past it fails validation (default: none)."),
         QStringLiteral("n")},
        {QStringLiteral("batch-faults"),
         QStringLiteral(
             "Batch API faults: request-error:F (share of requests answered 500), expire:F (batches "
             "expire with share F done)."),
         QStringLiteral("list")},
    });
}

/// The integer option `name` into `target` when given; false with a reason when not an integer.
static bool intOption(const QCommandLineParser& p, const QString& name, std::optional<int>& target,
                      QString* error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    target = p.value(name).toInt(&ok);
    if (!ok)
        *error = QStringLiteral("--%1 takes a whole number").arg(name);
    return ok;
}

int SimulateCommand::execute(CliContext& context)
{
    SimulatorOptions options;
    const QCommandLineParser& p = context.parser;
    options.port = quint16(p.value(QStringLiteral("port")).toUInt());
    if (p.isSet(QStringLiteral("dim"))) {
        options.dimensions = p.value(QStringLiteral("dim")).toInt();
        options.nativeModelDimensions = false;
    }
    options.recordServedTexts = false; // a long-lived server must not grow with every text
    options.latencyMs = p.value(QStringLiteral("latency-ms")).toInt();
    options.rpm = p.value(QStringLiteral("rpm")).toDouble();
    options.tpm = p.value(QStringLiteral("tpm")).toDouble();
    options.failRate = p.value(QStringLiteral("fail-rate")).toDouble();
    if (p.isSet(QStringLiteral("faults")))
        options.faults = p.value(QStringLiteral("faults")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString error;
    if (p.isSet(QStringLiteral("profile"))) {
        const auto profile = parseServerProfile(p.value(QStringLiteral("profile")));
        if (!profile) {
            context.fail(
                QStringLiteral("unknown --profile \"%1\" (known: %2)")
                    .arg(p.value(QStringLiteral("profile")), profileNames().join(QLatin1String(", "))));
            return ExitError;
        }
        options.profile = *profile;
    }
    options.requiredApiKey = p.value(QStringLiteral("require-key"));
    options.knownModels = p.value(QStringLiteral("models")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.quotaExhausted = p.isSet(QStringLiteral("quota-exhausted"));
    if (p.isSet(QStringLiteral("auto-truncate"))) {
        const QString value = p.value(QStringLiteral("auto-truncate")).toLower();
        if (value != QLatin1String("true") && value != QLatin1String("false")) {
            context.fail(QStringLiteral("--auto-truncate takes true or false"));
            return ExitError;
        }
        options.truncateOverlong = value == QLatin1String("true");
    }
    if (!intOption(p, QStringLiteral("max-inputs"), options.maxInputsPerRequest, &error) ||
        !intOption(p, QStringLiteral("max-input-tokens"), options.maxTokensPerInput, &error) ||
        !intOption(p, QStringLiteral("max-request-tokens"), options.maxTokensPerRequest, &error) ||
        !intOption(p, QStringLiteral("max-queue"), options.maxQueue, &error)) {
        context.fail(error);
        return ExitError;
    }
    if (p.isSet(QStringLiteral("batch-minutes-per-second")))
        options.batch.minutesPerSecond = p.value(QStringLiteral("batch-minutes-per-second")).toDouble();
    if (p.isSet(QStringLiteral("batch-processing-minutes")))
        options.batch.processingMinutes = p.value(QStringLiteral("batch-processing-minutes")).toDouble();
    if (p.isSet(QStringLiteral("batch-token-limit")))
        options.batch.enqueuedTokenLimit = p.value(QStringLiteral("batch-token-limit")).toLongLong();
    if (!options.batch.parseFaults(p.values(QStringLiteral("batch-faults")), &error)) {
        context.fail(error);
        return ExitError;
    }
    EmbeddingSimulator simulator(options);
    if (!simulator.start(&error)) {
        context.fail(error);
        return ExitError;
    }
    const bool azure = options.profile == ServerProfile::Azure;
    const QString where = azure ? QStringLiteral("http://127.0.0.1:%1 (AZURE_OPENAI_ENDPOINT; "
                                                 "/openai/deployments/{deployment}/embeddings?api-version=…)")
                                      .arg(simulator.port())
                                : simulator.baseUrl().toString();
    context.err << "SIMULATED " << profileTraits(options.profile).imitates << " (profile "
                << profileName(options.profile) << ") listening on " << where
                << " (deterministic vectors, not real embeddings; Ctrl-C stops)\n";
    context.err.flush();
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::received, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    return ExitOk;
}

} // namespace ec
