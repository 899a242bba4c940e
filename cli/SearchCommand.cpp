#include "SearchCommand.h"

#include "StandInSimulator.h"

#include "ModelCheck.h"
#include "ReadOnlyStore.h"
#include "ops/VectorSearch.h"
#include "store/ItemStore.h"
#include "util/SignalWatcher.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace ec {

void SearchCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("query"), QStringLiteral("The text to search for."));
    parser.addOption({QStringLiteral("k"),
                      QStringLiteral("How many nearest items (default 10, at most 1000)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("simulate"),
                      QStringLiteral("Embed the query with the built-in simulator of the API.")});
}

int SearchCommand::execute(CliContext& context)
{
    const QStringList args = context.parser.positionalArguments();
    const QString query = args.join(QLatin1Char(' ')).trimmed();
    if (query.isEmpty()) {
        context.fail(QStringLiteral("give the text to search for: embedctl search \"query text\""));
        return ExitError;
    }
    int k = 10;
    if (context.parser.isSet(QStringLiteral("k"))) {
        bool ok = false;
        k = context.parser.value(QStringLiteral("k")).toInt(&ok);
        if (!ok || k <= 0 || k > SearchJob::kMaxK) {
            context.fail(QStringLiteral("--k needs a whole number from 1 to %1").arg(SearchJob::kMaxK));
            return ExitError;
        }
    }
    {
        QString error;
        auto store = openForReading(context.config, QStringLiteral("embedctl-search"), &error);
        if (!store) {
            context.fail(error);
            return ExitError;
        }
        // The query must land in the space of the table's vectors (ops/ModelGuard).
        if (!applyModelChoice(context, *store, ModelCheckMode::Search))
            return ExitError;
    }
    StandInSimulator simulator;
    if (!simulator.startIfAsked(context))
        return ExitError;

    SearchJob job;
    SignalWatcher signals;
    QEventLoop loop;
    std::optional<SearchResult> result;
    QString error;
    bool cancelled = false;
    QObject::connect(&job, &SearchJob::finished, &loop, [&](const SearchResult& r) {
        result = r;
        loop.quit();
    });
    QObject::connect(&job, &StoreJob::failed, &loop, [&](const QString& e) {
        error = e;
        loop.quit();
    });
    QObject::connect(&job, &StoreJob::cancelled, &loop, [&] {
        cancelled = true;
        loop.quit();
    });
    QObject::connect(&signals, &SignalWatcher::received, &job, &StoreJob::cancel);
    job.start(context.config, query, k);
    loop.exec();
    if (cancelled) {
        context.fail(QStringLiteral("search cancelled"));
        return ExitError;
    }
    if (!result) {
        context.fail(error);
        return ExitError;
    }

    if (context.json) {
        QJsonArray hits;
        for (const SearchHit& h : result->hits)
            hits.append(QJsonObject{{QStringLiteral("id"), h.id},
                                    {QStringLiteral("title"), h.title},
                                    {QStringLiteral("score"), h.score}});
        const QJsonObject o{{QStringLiteral("query"), result->query},
                            {QStringLiteral("model"), result->model},
                            {QStringLiteral("dimensions"), result->dimensions},
                            {QStringLiteral("k"), result->k},
                            {QStringLiteral("results"), hits},
                            {QStringLiteral("tokens"), result->tokens},
                            {QStringLiteral("cost_usd"), result->costUsd},
                            {QStringLiteral("method"), result->scan.method},
                            {QStringLiteral("scanned"), result->scan.scanned},
                            {QStringLiteral("search_seconds"), result->scan.seconds},
                            {QStringLiteral("simulated"), result->simulated}};
        context.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    QTextStream& out = context.out;
    QLocale c(QLocale::C);
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    out << "Nearest " << result->hits.size() << " to \"" << result->query << "\" (model " << result->model
        << ", " << result->dimensions << " dimensions"
        << (result->simulated ? ", SIMULATED endpoint: not real embeddings" : "") << ")\n\n";
    int idWidth = 2;
    for (const SearchHit& h : result->hits)
        idWidth = std::max(idWidth, int(h.id.size()));
    out << "  #  score   " << QStringLiteral("id").leftJustified(idWidth) << "  title\n";
    int rank = 0;
    for (const SearchHit& h : result->hits)
        out << QStringLiteral("%1").arg(++rank, 3) << "  " << QString::number(h.score, 'f', 4) << "  "
            << h.id.leftJustified(idWidth) << "  " << h.title << '\n';
    if (result->hits.isEmpty())
        out << "  (no vectors of this model in the table)\n";
    out << '\n'
        << "query:  " << result->tokens << " tokens, $" << QString::number(result->costUsd, 'f', 8) << '\n'
        << "search: "
        << (result->scan.method == QLatin1String("pgvector")
                ? QStringLiteral("pgvector <=> in the database")
                : QStringLiteral("%1 vectors scanned").arg(c.toString(result->scan.scanned)))
        << ", " << QString::number(result->scan.seconds, 'f', 3) << " s\n";
    return ExitOk;
}

} // namespace ec
