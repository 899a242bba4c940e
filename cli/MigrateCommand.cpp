#include "MigrateCommand.h"

#include "BatchesCommand.h"
#include "CliFormat.h"
#include "Confirmation.h"
#include "EstimateCommand.h"
#include "RunSession.h"
#include "StandInSimulator.h"
#include "ops/ModelGuard.h"
#include "ops/ModelMigration.h"
#include "store/ItemStore.h"
#include "util/Secrets.h"
#include "util/SignalWatcher.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace ec {

namespace {

QString count(qint64 value)
{
    return EstimateCommand::count(value);
}

QString usd(double value)
{
    return EstimateCommand::usd(value);
}

void printJson(CliContext& context, const QJsonObject& object)
{
    context.out << QJsonDocument(object).toJson(QJsonDocument::Indented);
}

void printPlan(QTextStream& out, const MigrationPlan& plan)
{
    out << "Migration of " << plan.table << "\n"
        << "  from             "
        << (plan.fromModel.isEmpty() ? QStringLiteral("(no vectors)")
                                     : ModelGuard::label(plan.fromModel, plan.fromDimensions))
        << "\n"
        << "  to               " << ModelGuard::label(plan.toModel, plan.dimensions) << "\n"
        << "  rows             " << count(plan.rows) << "\n";
    if (plan.resuming)
        out << "  staged already   " << count(plan.staged) << " (resuming)\n";
    if (!plan.refusal.isEmpty())
        return;
    out << "  to stage         " << count(plan.toEmbed) << " rows";
    QStringList free;
    if (plan.unchanged > 0)
        free << QStringLiteral("%1 unchanged").arg(count(plan.unchanged));
    if (plan.deduped > 0)
        free << QStringLiteral("%1 duplicate texts").arg(count(plan.deduped));
    if (plan.cached > 0)
        free << QStringLiteral("%1 from the cache").arg(count(plan.cached));
    if (plan.skipped > 0)
        free << QStringLiteral("%1 not sendable").arg(count(plan.skipped));
    if (!free.isEmpty())
        out << " (free: " << free.join(QStringLiteral(", ")) << ")";
    out << "\n";
    if (plan.inBatches > 0)
        out << "  in batches       " << count(plan.inBatches)
            << " rows in open staging batches (not counted: staged when collected)\n";
    out << "  tokens           " << count(plan.tokens) << " in " << count(plan.apiCalls) << " requests\n"
        << "  price            " << usd(plan.standardUsd) << " standard, " << usd(plan.batchUsd)
        << " with the Batch API\n"
        << "  time             about " << formatDuration(plan.seconds) << "\n"
        << "  spend cap        " << (plan.capUsd > 0 ? usd(plan.capUsd) : QStringLiteral("none"));
    if (plan.overCap)
        out << " (the staging stops there; run migrate again to resume)";
    out << "\n";
}

void printStatus(QTextStream& out, const MigrationStatus& status)
{
    if (status.state == MigrationState::None || !status.active) {
        out << "No migration of " << status.table << " is underway";
        if (status.state != MigrationState::None)
            out << " (the last one, to " << ModelGuard::label(status.toModel, status.dimensions) << ", ended "
                << migrationStateName(status.state) << ")";
        out << ".\n";
        return;
    }
    out << "Migration of " << status.table << ": " << migrationStateName(status.state) << "\n"
        << "  from        " << ModelGuard::label(status.fromModel, status.fromDimensions) << "\n"
        << "  to          " << ModelGuard::label(status.toModel, status.dimensions) << "\n"
        << "  rows        " << count(status.rows) << "\n"
        << "  staged      " << count(status.staged) << "\n"
        << "  remaining   " << count(status.remaining) << " (not staged yet, new rows included)\n"
        << "  stale       " << count(status.stale) << " (edited since staged)\n";
    if (status.failed > 0)
        out << "  failed      " << count(status.failed)
            << " (their text cannot be embedded: no vector after the swap)\n";
    if (status.openBatches > 0)
        out << "  in batches  " << count(status.inBatches) << " rows in " << count(status.openBatches)
            << " open staging batch(es) (staged when collected: embedctl batches --collect)\n";
    out << "  spent       " << count(status.tokens) << " tokens, " << usd(status.costUsd) << "\n"
        << "  started     "
        << QLocale::c().toString(status.startedAt.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm:ss")) << " UTC\n";
    if (status.swappedAt.isValid())
        out << "  swapped     "
            << QLocale::c().toString(status.swappedAt.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
            << " UTC\n";
    if (status.state == MigrationState::Staging && status.openBatches > 0)
        out << "Next: embedctl batches --collect once the batches end, then embedctl migrate --swap\n";
    else if (status.state == MigrationState::Staging)
        out << "Next: embedctl migrate --compare, then embedctl migrate --swap"
            << (status.remaining + status.stale > 0 ? " (it stages the rest first)" : "") << "\n";
    else
        out << "Next: embedctl migrate --finish (drops the old vectors), or embedctl migrate --rollback\n";
}

/// Terminal columns of a character: 2 for East Asian wide ones (Hangul, CJK, full-width forms).
int columnsOf(char32_t c)
{
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    return wide ? 2 : 1;
}

/// text on one line, cut to at most width terminal columns and padded to exactly width.
QString fitColumns(const QString& text, int width)
{
    QString result;
    int used = 0;
    const QString flat = QString(text).replace(QLatin1Char('\n'), QLatin1Char(' '));
    const QList<uint> codes = flat.toUcs4();
    for (qsizetype i = 0; i < codes.size(); ++i) {
        const int columns = columnsOf(char32_t(codes[i]));
        const bool last = i + 1 == codes.size();
        if (used + columns > width - (last ? 0 : 1)) {
            if (!last || used + columns > width) {
                result += QChar(0x2026);
                ++used;
                break;
            }
        }
        result += QString::fromUcs4(reinterpret_cast<const char32_t*>(&codes[i]), 1);
        used += columns;
    }
    return result + QString(std::max(0, width - used), QLatin1Char(' '));
}

QString clip(const QString& text, int width)
{
    return fitColumns(text, width).trimmed();
}

void printComparison(QTextStream& out, const MigrationCompare& c)
{
    out << "Nearest " << c.k << " items per query, by cosine similarity"
        << (c.simulated ? " (SIMULATED endpoint: vectors are not real embeddings)" : "") << "\n"
        << "  current  the table's vectors, " << ModelGuard::label(c.currentModel, c.currentDimensions)
        << "\n"
        << "  staged   the staged vectors, " << ModelGuard::label(c.stagedModel, c.stagedDimensions)
        << "\n\n";
    const int width = 34;
    for (const MigrationCompareRow& row : c.rows) {
        out << "\"" << clip(row.query, 70) << "\"  overlap@" << c.k << " "
            << QString::number(row.overlap, 'f', 2) << "\n";
        out << "    " << fitColumns(QStringLiteral("current"), width + 8) << "staged\n";
        const qsizetype lines = std::max(row.current.size(), row.staged.size());
        for (qsizetype i = 0; i < lines; ++i) {
            QString left, right;
            if (i < row.current.size())
                left = QStringLiteral("%1 %2").arg(QString::number(row.current[i].score, 'f', 3),
                                                   clip(row.current[i].title, width));
            if (i < row.staged.size())
                right = QStringLiteral("%1 %2").arg(QString::number(row.staged[i].score, 'f', 3),
                                                    clip(row.staged[i].title, width));
            out << QStringLiteral("%1. ").arg(i + 1, 2) << fitColumns(left, width + 8) << right << "\n";
        }
        out << "\n";
    }
    out << "Mean overlap@" << c.k << ": " << QString::number(c.meanOverlap, 'f', 2) << " over "
        << c.rows.size() << " queries (1.00: search returns the same items)\n"
        << "Queries embedded with both models: " << count(c.tokens) << " tokens, " << usd(c.costUsd) << "\n";
}

} // namespace

void MigrateCommand::addOptions(QCommandLineParser& parser)
{
    RunSession::addRunOptions(parser);
    parser.addOptions({
        {QStringLiteral("to-model"),
         QStringLiteral("Stage every row with this model (with --dimensions, --max-cost), priced first."),
         QStringLiteral("model")},
        {QStringLiteral("batch-api"),
         QStringLiteral("Stage through the OpenAI Batch API at half price: submit batches now, "
                        "staged when collected (embedctl batches --collect).")},
        {QStringLiteral("status"), QStringLiteral("Staged, remaining, stale rows and the cost so far.")},
        {QStringLiteral("compare"),
         QStringLiteral("The nearest items of sample queries under the current and the staged vectors, and "
                        "their overlap@k.")},
        {QStringLiteral("queries"),
         QStringLiteral("With --compare: a file of query texts, one a line (default: a sample of titles)."),
         QStringLiteral("file")},
        {QStringLiteral("k"), QStringLiteral("With --compare: nearest items per query (default 10)."),
         QStringLiteral("n")},
        {QStringLiteral("swap"),
         QStringLiteral("Stage what went stale, then write every staged vector and the new model into the "
                        "table in one transaction.")},
        {QStringLiteral("rollback"),
         QStringLiteral("Restore every old vector and model (one transaction), until --finish.")},
        {QStringLiteral("finish"), QStringLiteral("Drop the staged and old vectors: the migration ends.")},
        {QStringLiteral("yes"), QStringLiteral("Do it without asking.")},
        {QStringLiteral("simulate"),
         QStringLiteral("Send to a built-in simulator of the API instead (offline demo, tests).")},
    });
}

namespace {

/// `migrate --to-model M --batch-api` once confirmed: the staging batches are submitted; the
/// table is not touched. Exit 4 when the spend cap stopped it (as `batches --submit`).
int submitBatches(CliContext& context, const MigrationTarget& target, QJsonObject json)
{
    const Result<BatchSubmitResult> r =
        migration::submitStagingBatches(context.config, target, {}, [&](const QString& line) {
            if (!context.quiet && !context.json)
                context.err << line << '\n';
        });
    if (!r) {
        if (context.json)
            printJson(context, json);
        context.fail(r.error());
        return ExitError;
    }
    const std::optional<BatchCollectResult> standIn = BatchesCommand::collectStandIn(context, r->batchIds);
    QString error;
    auto after = ItemStore::open(context.config, QStringLiteral("embedctl-migrate"), &error);
    const Result<MigrationStatus> now =
        after ? migration::status(*after) : Result<MigrationStatus>::failure(error);
    if (context.json) {
        json.insert(QStringLiteral("batches"),
                    QJsonObject{{QStringLiteral("run_id"), r->runId},
                                {QStringLiteral("batch_ids"), QJsonArray::fromStringList(r->batchIds)},
                                {QStringLiteral("items"), r->items},
                                {QStringLiteral("inputs"), r->inputs},
                                {QStringLiteral("requests"), r->requests},
                                {QStringLiteral("tokens"), r->tokens},
                                {QStringLiteral("cost_usd"), r->costUsd},
                                {QStringLiteral("unchanged"), r->unchanged},
                                {QStringLiteral("cached"), r->cached},
                                {QStringLiteral("deduped"), r->deduped},
                                {QStringLiteral("skipped"), r->skipped},
                                {QStringLiteral("spend_cap_reached"), r->spendCapReached},
                                {QStringLiteral("error"), r->error}});
        if (standIn)
            json.insert(QStringLiteral("collected_now"), BatchesCommand::collectJson(*standIn));
        if (now)
            json.insert(QStringLiteral("status"), now->toJson());
        printJson(context, json);
    } else {
        context.out << QStringLiteral(
                           "\nSubmitted %1 staging batch(es): %2 rows, %3 inputs in %4 requests, %5 "
                           "tokens, %6 at the Batch API price; %7 unchanged, %8 cached, %9 "
                           "duplicates, %10 skipped (staged now).\n")
                           .arg(r->batchIds.size())
                           .arg(count(r->items), count(r->inputs), count(r->requests), count(r->tokens),
                                usd(r->costUsd), count(r->unchanged), count(r->cached), count(r->deduped),
                                count(r->skipped));
        if (standIn)
            context.out << "The table is not touched. The batches were collected into the staging; then "
                           "embedctl migrate --status, --swap.\n";
        else
            context.out << "The table is not touched. The batches are staged when collected (embedctl "
                           "batches --collect, or before any run); then embedctl migrate --status, --swap.\n";
        if (now) {
            context.out << "\n";
            printStatus(context.out, *now);
        }
    }
    if (!r->error.isEmpty()) {
        context.fail(r->error);
        return ExitError;
    }
    if (standIn && !standIn->errors.isEmpty())
        return ExitError;
    if (r->spendCapReached) {
        if (!context.json)
            context.err << QStringLiteral("stopped: spend cap reached (%1 at the Batch API price); the rest "
                                          "stays to be staged\n")
                               .arg(usd(target.maxCostUsd >= 0 ? target.maxCostUsd
                                                               : context.config.run.maxCostUsd));
        return 4;
    }
    return ExitOk;
}

} // namespace

int MigrateCommand::execute(CliContext& context)
{
    const QCommandLineParser& p = context.parser;
    const QStringList modes{QStringLiteral("to-model"), QStringLiteral("status"),   QStringLiteral("compare"),
                            QStringLiteral("swap"),     QStringLiteral("rollback"), QStringLiteral("finish")};
    QStringList given;
    for (const QString& mode : modes) {
        if (p.isSet(mode))
            given << QStringLiteral("--") + mode;
    }
    if (given.size() != 1) {
        context.fail(
            given.isEmpty()
                ? QStringLiteral("migrate needs one of --to-model M, --status, --compare, "
                                 "--swap, --rollback, --finish (see embedctl migrate --help)")
                : QStringLiteral("give one of %1, not several").arg(given.join(QStringLiteral(", "))));
        return ExitError;
    }
    const bool yes = p.isSet(QStringLiteral("yes"));
    RunSession session(context);
    RunOptions options;
    // The staging's model is the migration's, not the table's: no model guard here.
    const int givenDimensions = context.config.embedding.dimensions;
    if (!session.applyRunOptions(options, false))
        return ExitError;
    options.target = RunTarget::Staging;

    QString error;
    auto store = ItemStore::open(context.config, QStringLiteral("embedctl-migrate"), &error);
    if (!store) {
        context.fail(error);
        return ExitError;
    }
    const Result<MigrationStatus> status = migration::status(*store);
    if (!status) {
        context.fail(status.error());
        return ExitError;
    }

    if (p.isSet(QStringLiteral("status"))) {
        if (context.json)
            printJson(context, status->toJson());
        else
            printStatus(context.out, *status);
        return ExitOk;
    }

    // The simulator serves each model at its own native length (or the --dimensions asked for).
    StandInSimulator simulator;
    const auto simulate = [&](const EmbeddingSettings& embedding) {
        return !p.isSet(QStringLiteral("simulate")) || simulator.start(context, embedding, true);
    };
    const auto requireActive = [&](MigrationState wanted) {
        if (status->active && (wanted == MigrationState::None || status->state == wanted))
            return true;
        if (!status->active)
            context.fail(
                QStringLiteral(
                    "no migration of %1 is underway: start one with embedctl migrate --to-model MODEL")
                    .arg(context.config.table.table));
        else
            context.fail(QStringLiteral("the migration of %1 is %2, not %3")
                             .arg(context.config.table.table, migrationStateName(status->state),
                                  migrationStateName(wanted)));
        return false;
    };
    // Stages what the plan found to stage, through the ordinary run engine; the run's exit code.
    const auto stage = [&](const MigrationTarget& target, RunSummary* summary) {
        const AppConfig original = context.config;
        context.config = target.configFor(original);
        session.setPrintSummary(!context.json);
        const int code = session.execute(options);
        context.config = original;
        *summary = session.lastSummary();
        QString recordError;
        auto books = ItemStore::open(context.config, QStringLiteral("embedctl-migrate-books"), &recordError);
        if (books) {
            const Result<void> recorded =
                migration::recordSpend(*books, summary->progress.tokens, summary->progress.costUsd);
            if (!recorded)
                context.fail(recorded.error());
        } else {
            context.fail(recordError);
        }
        return code;
    };
    const auto runJson = [](const RunSummary& summary) {
        return QJsonObject{{QStringLiteral("state"), runStateName(summary.progress.state)},
                           {QStringLiteral("run_id"), summary.progress.runId},
                           {QStringLiteral("staged"), summary.progress.succeeded},
                           {QStringLiteral("unchanged"), summary.progress.unchanged},
                           {QStringLiteral("failed"), summary.progress.failed + summary.progress.skipped},
                           {QStringLiteral("tokens"), summary.progress.tokens},
                           {QStringLiteral("cost_usd"), summary.progress.costUsd},
                           {QStringLiteral("simulated"), summary.simulated},
                           {QStringLiteral("error"), summary.error},
                           {QStringLiteral("exit_code"), summary.exitCode()}};
    };

    if (p.isSet(QStringLiteral("to-model"))) {
        MigrationTarget target;
        target.toModel = p.value(QStringLiteral("to-model")).trimmed();
        target.dimensions = givenDimensions;
        target.batchApi = p.isSet(QStringLiteral("batch-api"));
        if (target.batchApi && !p.isSet(QStringLiteral("simulate"))) {
            // What ended is staged first, as before every run (the simulator's batches end with it).
            store.reset();
            BatchesCommand::collectOpen(context);
            store = ItemStore::open(context.config, QStringLiteral("embedctl-migrate"), &error);
            if (!store) {
                context.fail(error);
                return ExitError;
            }
        }
        const Result<MigrationPlan> plan = migration::plan(*store, context.config, target);
        if (!plan) {
            context.fail(plan.error());
            return ExitError;
        }
        QJsonObject json{{QStringLiteral("plan"), plan->toJson()}};
        if (!context.json) {
            printPlan(context.out, *plan);
            context.out << Qt::flush;
        }
        if (!plan->refusal.isEmpty()) {
            if (context.json)
                printJson(context, json);
            context.fail(plan->refusal);
            return ExitError;
        }
        if (plan->toEmbed == 0) {
            const Result<MigrationStatus> begun = migration::begin(*store, *plan);
            if (!begun) {
                context.fail(begun.error());
                return ExitError;
            }
            if (context.json) {
                json.insert(QStringLiteral("status"), begun->toJson());
                printJson(context, json);
            } else if (plan->inBatches > 0) {
                context.out << "\nEvery other row is staged; " << count(plan->inBatches)
                            << " rows are in open staging batches: nothing is submitted twice. Next: "
                               "embedctl batches --collect once they end, then embedctl migrate --swap\n";
            } else {
                context.out << "\nEvery row is staged. Next: embedctl migrate --compare, then embedctl "
                               "migrate --swap\n";
            }
            return ExitOk;
        }
        const Confirmation answer = askToConfirm(
            context, yes,
            (target.batchApi ? QStringLiteral("Submit %1 rows to the Batch API with %2 for about %3?")
                             : QStringLiteral("Stage %1 rows with %2 for about %3?"))
                .arg(count(plan->toEmbed), ModelGuard::label(plan->toModel, plan->dimensions),
                     usd(target.batchApi ? plan->batchUsd : plan->standardUsd)));
        if (answer != Confirmation::Yes) {
            if (context.json)
                printJson(context, json);
            context.fail(
                answer == Confirmation::NotATerminal
                    ? QStringLiteral("refusing to stage %1 rows without --yes: stdin is not a terminal")
                          .arg(plan->toEmbed)
                    : QStringLiteral("migration cancelled; nothing was spent"));
            return ExitError;
        }
        const Result<MigrationStatus> begun = migration::begin(*store, *plan);
        if (!begun) {
            context.fail(begun.error());
            return ExitError;
        }
        store.reset();
        if (!simulate(target.configFor(context.config).embedding))
            return ExitError;
        if (target.batchApi)
            return submitBatches(context, target, json);
        RunSummary summary;
        const int code = stage(target, &summary);
        auto after = ItemStore::open(context.config, QStringLiteral("embedctl-migrate"), &error);
        const Result<MigrationStatus> now =
            after ? migration::status(*after) : Result<MigrationStatus>::failure(error);
        if (context.json) {
            json.insert(QStringLiteral("run"), runJson(summary));
            if (now)
                json.insert(QStringLiteral("status"), now->toJson());
            printJson(context, json);
        } else if (now) {
            context.out << "\n";
            printStatus(context.out, *now);
        }
        return code;
    }

    if (p.isSet(QStringLiteral("compare"))) {
        if (!requireActive(MigrationState::None))
            return ExitError;
        int k = 10;
        if (p.isSet(QStringLiteral("k"))) {
            bool ok = false;
            k = p.value(QStringLiteral("k")).toInt(&ok);
            if (!ok || k < 1 || k > 1000) {
                context.fail(QStringLiteral("--k needs a whole number from 1 to 1000"));
                return ExitError;
            }
        }
        QStringList queries;
        if (p.isSet(QStringLiteral("queries"))) {
            QFile file(p.value(QStringLiteral("queries")));
            if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
                context.fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
                return ExitError;
            }
            for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
                if (!line.trimmed().isEmpty())
                    queries << line.trimmed();
            }
            if (queries.isEmpty()) {
                context.fail(QStringLiteral("%1 holds no query").arg(file.fileName()));
                return ExitError;
            }
        }
        store.reset();
        EmbeddingSettings staged;
        staged.model = status->toModel;
        staged.dimensions = status->dimensions;
        if (!simulate(staged))
            return ExitError;
        MigrationJob job;
        SignalWatcher signals;
        QEventLoop loop;
        std::optional<MigrationCompare> result;
        QString jobError;
        bool cancelled = false;
        QObject::connect(&job, &MigrationJob::compared, &loop, [&](const MigrationCompare& c) {
            result = c;
            loop.quit();
        });
        QObject::connect(&job, &StoreJob::failed, &loop, [&](const QString& e) {
            jobError = e;
            loop.quit();
        });
        QObject::connect(&job, &StoreJob::cancelled, &loop, [&] {
            cancelled = true;
            loop.quit();
        });
        QObject::connect(&signals, &SignalWatcher::received, &job, [&](int) { job.cancel(); });
        job.compare(context.config, queries, k);
        loop.exec();
        if (cancelled) {
            context.fail(QStringLiteral("compare cancelled"));
            return ExitError;
        }
        if (!result) {
            context.fail(jobError);
            return ExitError;
        }
        if (context.json)
            printJson(context, result->toJson());
        else
            printComparison(context.out, *result);
        return ExitOk;
    }

    if (p.isSet(QStringLiteral("swap"))) {
        if (!requireActive(MigrationState::Staging))
            return ExitError;
        if (const QString open = migration::openBatchesRefusal(*store, status->id); !open.isEmpty()) {
            if (context.json)
                printJson(context,
                          QJsonObject{{QStringLiteral("swapped"), false}, {QStringLiteral("refusal"), open}});
            context.fail(open);
            return ExitError;
        }
        // Before anything is spent: the column must hold the staged vectors.
        EmbeddingSettings embedding;
        embedding.model = status->toModel;
        embedding.dimensions = status->dimensions;
        const QString problem = ModelGuard::columnProblem(store->schema(), store->table(), embedding);
        if (!problem.isEmpty()) {
            if (context.json)
                printJson(context, QJsonObject{{QStringLiteral("swapped"), false},
                                               {QStringLiteral("refusal"), problem}});
            context.fail(problem);
            return ExitError;
        }
        MigrationTarget target;
        target.toModel = status->toModel;
        target.dimensions = status->dimensions;
        const Result<MigrationPlan> plan = migration::plan(*store, context.config, target);
        if (!plan) {
            context.fail(plan.error());
            return ExitError;
        }
        if (!context.json) {
            context.out << "Swap " << context.config.table.table << " from "
                        << ModelGuard::label(status->fromModel, status->fromDimensions) << " to "
                        << ModelGuard::label(status->toModel, status->dimensions) << "\n"
                        << "  staged rows      " << count(status->staged) << "\n"
                        << "  to stage first   " << count(plan->toEmbed) << " (stale or new), "
                        << count(plan->tokens) << " tokens, " << usd(plan->standardUsd) << "\n"
                        << "The swap writes every staged vector and the new model into "
                        << context.config.table.table
                        << " in one transaction; the old ones are kept for embedctl migrate --rollback.\n"
                        << Qt::flush;
        }
        const Confirmation answer =
            askToConfirm(context, yes,
                         QStringLiteral("Swap %1 rows of %2 to %3?")
                             .arg(count(status->staged + plan->toEmbed), context.config.table.table,
                                  ModelGuard::label(status->toModel, status->dimensions)));
        if (answer != Confirmation::Yes) {
            if (context.json)
                printJson(context, QJsonObject{{QStringLiteral("swapped"), false},
                                               {QStringLiteral("plan"), plan->toJson()}});
            context.fail(answer == Confirmation::NotATerminal
                             ? QStringLiteral("refusing to swap without --yes: stdin is not a terminal")
                             : QStringLiteral("swap cancelled; nothing was changed"));
            return ExitError;
        }
        QElapsedTimer timer;
        timer.start();
        MigrationSwapResult swapped;
        RunSummary summary;
        if (plan->toEmbed > 0) {
            store.reset();
            if (!simulate(target.configFor(context.config).embedding))
                return ExitError;
            const int code = stage(target, &summary);
            if (code != ExitOk && code != ExitPartialFailure) {
                if (context.json)
                    printJson(context, QJsonObject{{QStringLiteral("swapped"), false},
                                                   {QStringLiteral("run"), runJson(summary)}});
                context.fail(QStringLiteral("the table was not swapped: re-staging ended %1")
                                 .arg(runStateName(summary.progress.state)));
                return code;
            }
            swapped.restaged = summary.progress.succeeded + summary.progress.unchanged;
            swapped.restageUsd = summary.progress.costUsd;
            store = ItemStore::open(context.config, QStringLiteral("embedctl-migrate"), &error);
            if (!store) {
                context.fail(error);
                return ExitError;
            }
        }
        const Result<MigrationSwapResult> result = migration::swap(*store);
        if (!result) {
            context.fail(result.error());
            return ExitError;
        }
        const qint64 restaged = swapped.restaged;
        const double restageUsd = swapped.restageUsd;
        swapped = *result;
        swapped.restaged = restaged;
        swapped.restageUsd = restageUsd;
        swapped.seconds = timer.nsecsElapsed() / 1e9;
        if (context.json) {
            QJsonObject json = swapped.toJson();
            json.insert(QStringLiteral("swapped"), true);
            printJson(context, json);
        } else {
            context.out << "\nSwapped " << count(swapped.rows) << " rows of " << context.config.table.table
                        << " to " << ModelGuard::label(status->toModel, status->dimensions) << " in "
                        << QString::number(swapped.seconds, 'f', 2) << " s (the transaction held the rows "
                        << QString::number(swapped.lockSeconds, 'f', 2) << " s; readers were not blocked)\n";
            if (swapped.restaged > 0)
                context.out << "  re-staged first  " << count(swapped.restaged) << " rows, "
                            << usd(swapped.restageUsd) << "\n";
            if (swapped.emptied > 0)
                context.out << "  without a vector " << count(swapped.emptied)
                            << " rows whose text cannot be embedded\n";
            if (swapped.unstaged > 0)
                context.out << "  not staged       " << count(swapped.unstaged)
                            << " rows added meanwhile keep their old vector until the next run embeds them\n";
            context.out << "Search now uses the new vectors; run and search use "
                        << ModelGuard::label(status->toModel, status->dimensions)
                        << ". Next: embedctl migrate --finish (drops the old vectors) or --rollback.\n";
        }
        return ExitOk;
    }

    if (p.isSet(QStringLiteral("rollback"))) {
        if (!requireActive(MigrationState::Swapped))
            return ExitError;
        const Confirmation answer =
            askToConfirm(context, yes,
                         QStringLiteral("Restore the %1 vectors of %2?")
                             .arg(ModelGuard::label(status->fromModel, status->fromDimensions),
                                  context.config.table.table));
        if (answer != Confirmation::Yes) {
            context.fail(answer == Confirmation::NotATerminal
                             ? QStringLiteral("refusing to roll back without --yes: stdin is not a terminal")
                             : QStringLiteral("rollback cancelled; nothing was changed"));
            return ExitError;
        }
        const Result<MigrationRollbackResult> result = migration::rollback(*store);
        if (!result) {
            context.fail(result.error());
            return ExitError;
        }
        if (context.json) {
            printJson(context, result->toJson());
        } else {
            context.out
                << "Restored the old vectors and model of " << count(result->rows) << " rows of "
                << context.config.table.table << " ("
                << ModelGuard::label(status->fromModel, status->fromDimensions) << ") in one transaction of "
                << QString::number(result->lockSeconds, 'f', 2) << " s.\n"
                << "The staged vectors are kept: embedctl migrate --swap again, or --finish to drop them.\n";
        }
        return ExitOk;
    }

    // --finish
    if (!requireActive(MigrationState::None))
        return ExitError;
    const Confirmation answer =
        askToConfirm(context, yes,
                     status->state == MigrationState::Swapped
                         ? QStringLiteral("Drop the old vectors of %1 (no rollback after this)?")
                               .arg(context.config.table.table)
                         : QStringLiteral("Drop the staged vectors of %1 (the migration is abandoned)?")
                               .arg(context.config.table.table));
    if (answer != Confirmation::Yes) {
        context.fail(answer == Confirmation::NotATerminal
                         ? QStringLiteral("refusing to finish without --yes: stdin is not a terminal")
                         : QStringLiteral("finish cancelled; nothing was changed"));
        return ExitError;
    }
    const Result<MigrationFinishResult> result = migration::finish(*store);
    if (!result) {
        context.fail(result.error());
        return ExitError;
    }
    if (context.json)
        printJson(context, result->toJson());
    else
        context.out << "Migration " << migrationStateName(result->state) << ": dropped "
                    << count(result->rows) << " staging rows of " << context.config.table.table << ".\n";
    return ExitOk;
}

} // namespace ec
