#include "EstimateCommand.h"

#include "ModelCheck.h"

#include "CliFormat.h"
#include "ReadOnlyStore.h"
#include "ops/CostEstimator.h"
#include "store/ItemStore.h"
#include "util/Secrets.h"

#include <QJsonDocument>
#include <QLocale>

#include <cmath>

#include <unistd.h>

namespace ec {

void EstimateCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("assumed-latency-ms"),
                      QStringLiteral("Latency per request the time estimate assumes (default 1000)."),
                      QStringLiteral("ms")});
}

QString EstimateCommand::count(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

/// Decimals that show at least three significant digits of a small amount (at most 8).
static int decimalsFor(double value, int usual)
{
    if (value <= 0 || value >= std::pow(10.0, -usual + 2))
        return usual;
    return qMin(8, int(std::ceil(-std::log10(value))) + 2);
}

QString EstimateCommand::usd(double value)
{
    return QLatin1Char('$') +
           QLocale(QLocale::English).toString(value, 'f', decimalsFor(value, value < 1.0 ? 4 : 2));
}

QString EstimateCommand::krw(double value)
{
    return QChar(0x20A9) +
           QLocale(QLocale::English).toString(value, 'f', decimalsFor(value, value < 10.0 ? 2 : 0));
}

void EstimateCommand::printEstimate(QTextStream& out, const CostEstimate& e, const QString& itemsLabel)
{
    const auto line = [&out](const QString& label, const QString& value, const QString& detail = {}) {
        out << label.leftJustified(16) << value.rightJustified(12);
        if (!detail.isEmpty())
            out << "   " << detail;
        out << '\n';
    };
    line(itemsLabel, count(e.items),
         e.pendingTotal() > 0 ? QStringLiteral("%1 missing, %2 outdated, %3 other model")
                                    .arg(count(e.missing), count(e.outdated), count(e.otherModel))
                              : QString());
    line(QStringLiteral("Not sendable"), count(e.skippedItems),
         QStringLiteral("skipped (empty or too long); %1 truncated").arg(count(e.truncatedItems)));
    line(QStringLiteral("No API call"), count(e.unchangedItems + e.duplicateItems + e.cachedItems),
         QStringLiteral("%1 unchanged, %2 duplicates, %3 cached")
             .arg(count(e.unchangedItems), count(e.duplicateItems), count(e.cachedItems)));
    line(QStringLiteral("Texts to send"), count(e.textsToSend),
         QStringLiteral("in %1 API calls").arg(count(e.apiCalls)));
    line(QStringLiteral("Tokens"), count(e.totalTokens),
         QStringLiteral("before dedupe; %1 after").arg(count(e.tokensAfterDedupe)));
    out << '\n'
        << QStringLiteral("Model").leftJustified(26) << QStringLiteral("$/1M").rightJustified(6)
        << QStringLiteral("before dedupe").rightJustified(22)
        << QStringLiteral("after dedupe").rightJustified(22)
        << QStringLiteral("Batch API, after").rightJustified(22) << '\n';
    for (const ModelEstimate& m : e.models) {
        const auto money = [](double u, double k) {
            return QStringLiteral("%1 (%2)").arg(usd(u), krw(k));
        };
        out << QString(m.beforeDedupe.model + (m.configured ? QStringLiteral(" *") : QString()))
                   .leftJustified(26)
            << QString::number(m.beforeDedupe.usdPerMillion).rightJustified(6)
            << money(m.beforeDedupe.usd, m.beforeDedupe.krw).rightJustified(22)
            << money(m.afterDedupe.usd, m.afterDedupe.krw).rightJustified(22)
            << money(m.afterDedupe.batchUsd, m.afterDedupe.batchKrw).rightJustified(22) << '\n';
    }
    if (e.maxCostUsd > 0) {
        out << "\nSpend cap " << usd(e.maxCostUsd) << ": "
            << (e.overCap()
                    ? QStringLiteral("the price at %1 is over it; a run stops at the cap and leaves the "
                                     "rest pending")
                          .arg(usd(e.configured().afterDedupe.usd))
                    : QStringLiteral("the price is within it"))
            << '\n';
    }
    const TimeEstimate& t = e.time;
    out << "\nTime about " << formatDuration(t.seconds) << " (bound by "
        << QString(t.bound).replace(u'_', u' ') << "; " << count(qint64(t.requestsPerMinute)) << " RPM, "
        << count(qint64(t.tokensPerMinute)) << " TPM, concurrency " << t.concurrency << ", "
        << count(qint64(t.assumedLatencyMs)) << " ms per request assumed)\n"
        << "* the configured model; " << QLocale(QLocale::English).toString(e.krwPerUsd, 'f', 0)
        << " KRW/USD; Batch API at " << QString::number(e.batchApiFactor * 100, 'f', 0)
        << "% of the standard price\n";
}

int EstimateCommand::execute(CliContext& context)
{
    QString error;
    auto store = openForReading(context.config, QStringLiteral("embedctl-estimate"), &error);
    if (!store) {
        context.fail(error);
        return ExitError;
    }
    // The model a plain run would use (ops/ModelGuard); a mismatch is a warning here.
    std::optional<ModelChoice> choice;
    if (!applyModelChoice(context, *store, ModelCheckMode::Report, false, &choice))
        return ExitError;
    if (choice && choice->mismatch && !context.quiet)
        context.err << "warning: " << choice->mismatchWarning()
                    << "; this estimate prices re-embedding them with --allow-mixed-models\n";
    CostEstimator estimator(context.config);
    if (context.parser.isSet(QStringLiteral("assumed-latency-ms"))) {
        bool ok = false;
        const double ms = context.parser.value(QStringLiteral("assumed-latency-ms")).toDouble(&ok);
        if (!ok || ms < 0) {
            context.fail(QStringLiteral("--assumed-latency-ms needs a number of milliseconds"));
            return ExitError;
        }
        estimator.setAssumedLatencyMs(ms);
    }
    const bool showProgress = !context.quiet && !context.json && ::isatty(STDERR_FILENO);
    Feedback feedback;
    feedback.setListener([&context](qint64 done, qint64 total) {
        context.err << "\rcounting tokens: " << count(done) << " / " << count(total) << " items" << Qt::flush;
    });
    const auto estimate = estimator.estimatePending(*store, showProgress ? &feedback : nullptr);
    if (showProgress)
        context.err << "\r\033[K" << Qt::flush;
    if (!estimate) {
        context.fail(estimate.error());
        return ExitError;
    }
    if (context.json) {
        QJsonObject o = estimate->toJson();
        o.insert(QStringLiteral("pending_items"), estimate->items);
        o.insert(QStringLiteral("database"), redactUrl(context.config.effectiveDatabaseUrl()));
        o.insert(QStringLiteral("table"), context.config.table.table);
        if (choice)
            o.insert(QStringLiteral("model_choice"), modelChoiceToJson(*choice));
        o.insert(QStringLiteral("unavailable"),
                 QJsonArray::fromStringList(unavailableFigures(
                     *store, {{QStringLiteral("embedding_item_state"),
                               {QStringLiteral("unchanged_items"), QStringLiteral("cached_items")}}})));
        context.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    context.out << "Catalog " << redactUrl(context.config.effectiveDatabaseUrl()) << " (table "
                << context.config.table.table << "), model " << estimate->model << ", "
                << estimate->dimensions << " dimensions\n\n";
    printEstimate(context.out, *estimate, QStringLiteral("Pending items"));
    noteUnreadableTables(*store, context);
    return ExitOk;
}

} // namespace ec
