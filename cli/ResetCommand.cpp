#include "ResetCommand.h"

#include "Confirmation.h"
#include "EstimateCommand.h"
#include "ops/ResetPlan.h"
#include "store/ItemStore.h"
#include "store/ResetService.h"
#include "util/Secrets.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ec {

void ResetCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("model-not"), QStringLiteral("Rows embedded by a model other than this one."),
         QStringLiteral("model")},
        {QStringLiteral("before"),
         QStringLiteral("Rows embedded before this ISO-8601 date or date-time (UTC)."),
         QStringLiteral("date")},
        {QStringLiteral("ids"), QStringLiteral("These rows (comma-separated ids)."), QStringLiteral("a,b,c")},
        {QStringLiteral("dry-run"), QStringLiteral("Show the affected rows and the cost; change nothing.")},
        {QStringLiteral("yes"), QStringLiteral("Reset without asking.")},
    });
}

std::optional<ResetCriteria> ResetCommand::criteriaFrom(const QCommandLineParser& parser, QString* error)
{
    ResetCriteria criteria;
    if (parser.isSet(QStringLiteral("model-not"))) {
        criteria.modelNot = parser.value(QStringLiteral("model-not")).trimmed();
        if (criteria.modelNot.isEmpty()) {
            *error = QStringLiteral("--model-not needs a model name");
            return std::nullopt;
        }
    }
    if (parser.isSet(QStringLiteral("before"))) {
        const QString text = parser.value(QStringLiteral("before")).trimmed();
        QDateTime before;
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid()) {
            before = date.startOfDay(Qt::UTC);
        } else {
            before = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (before.isValid() && before.timeSpec() == Qt::LocalTime)
                before.setTimeSpec(Qt::UTC);
        }
        if (!before.isValid()) {
            *error = QStringLiteral("--before needs an ISO-8601 date or date-time, not \"%1\"").arg(text);
            return std::nullopt;
        }
        criteria.before = before.toUTC();
    }
    if (parser.isSet(QStringLiteral("ids"))) {
        for (const QString& id :
             parser.value(QStringLiteral("ids")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!id.trimmed().isEmpty())
                criteria.ids << id.trimmed();
        }
        if (criteria.ids.isEmpty()) {
            *error = QStringLiteral("--ids needs at least one id");
            return std::nullopt;
        }
    }
    if (criteria.isEmpty()) {
        *error = QStringLiteral("reset needs --model-not, --before or --ids (see embedctl reset --help)");
        return std::nullopt;
    }
    return criteria;
}

int ResetCommand::execute(CliContext& context)
{
    QString error;
    const auto criteria = criteriaFrom(context.parser, &error);
    if (!criteria) {
        context.fail(error);
        return ExitError;
    }
    const bool dryRun = context.parser.isSet(QStringLiteral("dry-run"));
    const bool yes = context.parser.isSet(QStringLiteral("yes"));

    auto store = ItemStore::open(context.config, QStringLiteral("embedctl-reset"), &error);
    if (!store) {
        context.fail(error);
        return ExitError;
    }
    const Result<ResetPlan> plan = planReset(*store, context.config, *criteria);
    if (!plan) {
        context.fail(plan.error());
        return ExitError;
    }
    const qint64 affected = plan->affected;
    const CostEstimate* estimate = &plan->estimate;

    QJsonObject json{
        {QStringLiteral("affected_items"), affected},
        {QStringLiteral("criteria"),
         QJsonDocument::fromJson(ResetService::criteriaJson(*criteria).toUtf8()).object()},
        {QStringLiteral("dry_run"), dryRun},
        {QStringLiteral("estimate"), estimate->toJson()},
        {QStringLiteral("ids_not_found"), QJsonArray::fromStringList(plan->idsNotFound)},
    };
    const auto report = [&](qint64 resetItems) {
        if (!context.json)
            return;
        json.insert(QStringLiteral("reset"), resetItems >= 0);
        json.insert(QStringLiteral("reset_items"), qMax<qint64>(0, resetItems));
        context.out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    };

    if (!context.json) {
        context.out << "Catalog " << redactUrl(context.config.effectiveDatabaseUrl()) << " (table "
                    << context.config.table.table << ")\n"
                    << "Criteria " << ResetService::criteriaJson(*criteria) << "\n"
                    << "Affected rows " << EstimateCommand::count(affected) << "\n";
        if (!plan->idsNotFound.isEmpty())
            context.out << "Ids not found " << plan->idsNotFound.join(QStringLiteral(", ")) << "\n";
        context.out << "\n"
                    << "Re-embedding them with " << estimate->model << ":\n";
        EstimateCommand::printEstimate(context.out, *estimate, QStringLiteral("Rows to reset"));
        context.out << Qt::flush;
    }
    if (dryRun || affected == 0) {
        if (!context.json)
            context.out << (dryRun ? "\nDry run: nothing was changed.\n" : "\nNothing to reset.\n");
        report(-1);
        return ExitOk;
    }
    const Confirmation answer = askToConfirm(
        context, yes,
        QStringLiteral("Reset the embeddings of %1 rows?").arg(EstimateCommand::count(affected)));
    if (answer == Confirmation::NotATerminal) {
        report(-1);
        context.fail(
            QStringLiteral("refusing to reset %1 rows without --yes: stdin is not a terminal").arg(affected));
        return ExitError;
    }
    if (answer == Confirmation::Declined) {
        report(-1);
        context.fail(QStringLiteral("reset cancelled; nothing was changed"));
        return ExitError;
    }
    const Result<qint64> cleared = applyReset(*store, *criteria, currentUser());
    if (!cleared) {
        report(-1);
        context.fail(cleared.error());
        return ExitError;
    }
    const qint64 done = *cleared;
    if (!context.json)
        context.out << "\nReset " << EstimateCommand::count(done)
                    << " rows; the next `embedctl run` embeds them again.\n";
    report(done);
    return ExitOk;
}

} // namespace ec
