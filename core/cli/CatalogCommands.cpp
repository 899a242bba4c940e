#include "cli/CatalogCommands.h"

#include "cli/CliFormat.h"
#include "cli/ReadOnlyStore.h"
#include "ops/PrometheusExposition.h"
#include "sim/EmbeddingSimulator.h"
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
    const auto status = store->status(context.config.embedding, &error);
    if (!status) {
        context.fail(error);
        return ExitError;
    }
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
        o.insert(QStringLiteral("unavailable"), QJsonArray::fromStringList(unavailable));
        context.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    const StatusCounts& s = *status;
    QTextStream& out = context.out;
    out << "Catalog    " << redactUrl(context.config.effectiveDatabaseUrl()) << " (table "
        << context.config.table.table << ")\n"
        << "Model      " << context.config.embedding.model << ", "
        << context.config.embedding.effectiveDimensions() << " dimensions\n"
        << "Items      " << s.totalItems << '\n'
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
    parser.addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 20261124)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("replace"), QStringLiteral("Drop the table first and create it anew.")});
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
                             : 20261124;
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
        {QStringLiteral("faults"), QStringLiteral("Injected faults, e.g. 500,reset:0.05,hang,bad-input:XYZ."),
         QStringLiteral("list")},
    });
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
    EmbeddingSimulator simulator(options);
    QString error;
    if (!simulator.start(&error)) {
        context.fail(error);
        return ExitError;
    }
    context.err << "SIMULATED OpenAI-compatible embeddings API listening on "
                << simulator.baseUrl().toString()
                << " (deterministic vectors, not real embeddings; Ctrl-C stops)\n";
    context.err.flush();
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::received, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    return ExitOk;
}

} // namespace ec
