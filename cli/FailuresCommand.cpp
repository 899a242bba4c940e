#include "FailuresCommand.h"

#include "ReadOnlyStore.h"
#include "store/FailureLog.h"
#include "store/ItemStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ec {

void FailuresCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("run"), QStringLiteral("Only the failures last seen in this run."),
         QStringLiteral("id")},
        {QStringLiteral("parked"), QStringLiteral("Only the parked items.")},
    });
}

/// "parked", "skipped" (parked because not sendable) or "retrying".
static QString statusOf(const FailureEntry& f)
{
    if (f.skipped)
        return QStringLiteral("skipped");
    return f.parked ? QStringLiteral("parked") : QStringLiteral("retrying");
}

static QJsonValue timeJson(const QDateTime& when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

int FailuresCommand::execute(CliContext& context)
{
    qint64 runId = 0;
    if (context.parser.isSet(QStringLiteral("run"))) {
        bool ok = false;
        runId = context.parser.value(QStringLiteral("run")).toLongLong(&ok);
        if (!ok || runId <= 0) {
            context.fail(QStringLiteral("--run needs a run id (see embedctl status)"));
            return ExitError;
        }
    }
    const bool parkedOnly = context.parser.isSet(QStringLiteral("parked"));
    QString error;
    auto store = openForReading(context.config, QStringLiteral("embedctl-failures"), &error);
    if (!store) {
        context.fail(error);
        return ExitError;
    }
    const FailureLog log(store->database(), store->table(), store->schema());
    const QVector<FailureEntry> failures = log.list(runId, parkedOnly, &error);
    if (!error.isEmpty()) {
        context.fail(error);
        return ExitError;
    }
    qint64 parked = 0;
    for (const FailureEntry& f : failures)
        parked += f.parked ? 1 : 0;

    if (context.json) {
        QJsonArray list;
        for (const FailureEntry& f : failures) {
            list.append(QJsonObject{
                {QStringLiteral("item_id"), f.itemId},
                {QStringLiteral("title"), f.title},
                {QStringLiteral("run_id"), f.runId},
                {QStringLiteral("attempts"), f.attempts},
                {QStringLiteral("status"), statusOf(f)},
                {QStringLiteral("parked"), f.parked},
                {QStringLiteral("skipped"), f.skipped},
                {QStringLiteral("http_status"), f.httpStatus},
                {QStringLiteral("error_code"), f.errorCode},
                {QStringLiteral("message"), f.message},
                {QStringLiteral("first_seen"), timeJson(f.firstSeen)},
                {QStringLiteral("last_seen"), timeJson(f.lastSeen)},
                {QStringLiteral("next_retry_at"), f.parked ? QJsonValue() : timeJson(f.nextRetryAt)},
            });
        }
        const QJsonObject o{
            {QStringLiteral("failures"), list},
            {QStringLiteral("count"), qint64(failures.size())},
            {QStringLiteral("parked"), parked},
            {QStringLiteral("run_id"), runId > 0 ? QJsonValue(runId) : QJsonValue()},
            {QStringLiteral("unavailable"),
             QJsonArray::fromStringList(unavailableFigures(
                 *store, {{QStringLiteral("embedding_failures"), {QStringLiteral("failures")}}}))},
        };
        context.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    QTextStream& out = context.out;
    noteUnreadableTables(*store, context);
    if (failures.isEmpty()) {
        out << (runId > 0 ? QStringLiteral("No failures recorded for run %1.\n").arg(runId)
                          : QStringLiteral("No failures recorded.\n"));
        return ExitOk;
    }
    out << failures.size() << " failed items (" << parked
        << " parked); `embedctl retry --ids …` retries them now\n\n"
        << QStringLiteral("item").leftJustified(24) << QStringLiteral("status").leftJustified(10)
        << QStringLiteral("tries").rightJustified(5) << "  " << QStringLiteral("http").leftJustified(5)
        << QStringLiteral("last seen (UTC)").leftJustified(21) << "message\n";
    for (const FailureEntry& f : failures) {
        QString message =
            (f.errorCode.isEmpty() ? QString() : f.errorCode + QStringLiteral(": ")) + f.message;
        message = message.simplified();
        if (message.size() > 100)
            message = message.left(99) + QChar(0x2026);
        out << f.itemId.leftJustified(23, QLatin1Char(' '), true) << ' ' << statusOf(f).leftJustified(10)
            << QString::number(f.attempts).rightJustified(5) << "  "
            << (f.httpStatus > 0 ? QString::number(f.httpStatus) : QStringLiteral("-")).leftJustified(5)
            << f.lastSeen.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).leftJustified(21) << message
            << '\n';
    }
    return ExitOk;
}

} // namespace ec
