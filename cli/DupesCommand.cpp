#include "DupesCommand.h"

#include "EstimateCommand.h"
#include "ReadOnlyStore.h"
#include "ops/DuplicateReport.h"
#include "store/ItemStore.h"
#include "util/Secrets.h"

#include <QJsonDocument>

namespace ec {

void DupesCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("all"), QStringLiteral("Look at every row, not only the pending ones.")},
        {QStringLiteral("top"), QStringLiteral("Groups to list (default 20; --json lists all)."),
         QStringLiteral("n")},
    });
}

int DupesCommand::execute(CliContext& context)
{
    int top = 20;
    if (context.parser.isSet(QStringLiteral("top"))) {
        bool ok = false;
        top = context.parser.value(QStringLiteral("top")).toInt(&ok);
        if (!ok || top < 0) {
            context.fail(QStringLiteral("--top needs a whole number"));
            return ExitError;
        }
    }
    const auto scope = context.parser.isSet(QStringLiteral("all")) ? DuplicateReport::Scope::All
                                                                   : DuplicateReport::Scope::Pending;
    QString error;
    auto store = openForReading(context.config, QStringLiteral("embedctl-dupes"), &error);
    if (!store) {
        context.fail(error);
        return ExitError;
    }
    const auto report = DuplicateFinder(context.config).find(*store, scope);
    if (!report) {
        context.fail(report.error());
        return ExitError;
    }
    if (context.json) {
        context.out << QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    QTextStream& out = context.out;
    const auto count = &EstimateCommand::count;
    out << "Catalog " << redactUrl(context.config.effectiveDatabaseUrl()) << " (table "
        << context.config.table.table << "), "
        << (scope == DuplicateReport::Scope::All ? "all rows" : "pending rows") << ": "
        << count(report->itemsScanned) << " scanned, " << count(report->distinctTexts) << " distinct texts\n"
        << count(report->groups.size()) << " groups of identical texts; " << count(report->duplicateItems)
        << " items need no request of their own\n"
        << "Dedupe saves " << count(report->savedTokens)
        << " tokens = " << EstimateCommand::usd(report->saved.usd) << " ("
        << EstimateCommand::krw(report->saved.krw) << ") with " << report->model << "\n";
    const int shown = qMin<int>(top, report->groups.size());
    if (shown > 0)
        out << '\n';
    for (int i = 0; i < shown; ++i) {
        const DuplicateGroup& g = report->groups[i];
        QString sample = g.sample.simplified();
        if (sample.size() > 60)
            sample = sample.left(59) + QChar(0x2026);
        out << QString::fromLatin1(g.contentHash.left(12)) << "  "
            << QString::number(g.count()).rightJustified(5) << " items  "
            << QString::number(g.tokens).rightJustified(6) << " tokens  \"" << sample << "\"\n";
        QStringList ids = g.itemIds.mid(0, 8);
        if (g.itemIds.size() > 8)
            ids << QStringLiteral("… %1 more").arg(g.itemIds.size() - 8);
        out << "              " << ids.join(QStringLiteral(", ")) << '\n';
    }
    if (report->groups.size() > shown)
        out << "… " << report->groups.size() - shown << " more groups (--top N, or --json for all)\n";
    return ExitOk;
}

} // namespace ec
