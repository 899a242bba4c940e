#include "BenchmarkCommand.h"

#include "RunSession.h"
#include "api/RateLimiter.h"
#include "pipeline/RunController.h"
#include "sim/EmbeddingSimulator.h"
#include "sim/SimulatorHost.h"
#include "store/DemoCatalog.h"
#include "store/ItemStore.h"
#include "store/SqlDialect.h"
#include "store/VectorWriter.h"
#include "text/InputPreparer.h"
#include "text/ItemTextBuilder.h"
#include "tokenizer/TokenizerBenchmark.h"
#include "util/Logging.h"
#include "util/ProcessStats.h"

#include <QElapsedTimer>

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <functional>

namespace ec {

void BenchmarkCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("items"), QStringLiteral("Items in the scratch table (default 20000)."),
         QStringLiteral("n")},
        {QStringLiteral("batch-sizes"), QStringLiteral("Batch sizes to compare (default 50,100,200)."),
         QStringLiteral("list")},
        {QStringLiteral("latency-ms"), QStringLiteral("Simulated API latency (default 0)."),
         QStringLiteral("ms")},
        {QStringLiteral("concurrency"),
         QStringLiteral("Batches in flight (default: the configured concurrency, 8)."), QStringLiteral("n")},
        {QStringLiteral("rpm"), QStringLiteral("The client's requests-per-minute cap (default: none)."),
         QStringLiteral("n")},
        {QStringLiteral("tpm"), QStringLiteral("The client's tokens-per-minute cap (default: none)."),
         QStringLiteral("n")},
        {QStringLiteral("server-rpm"),
         QStringLiteral(
             "Requests per minute the simulator advertises (x-ratelimit-*) and enforces with 429s."),
         QStringLiteral("n")},
        {QStringLiteral("server-tpm"),
         QStringLiteral("Tokens per minute the simulator advertises (x-ratelimit-*) and enforces with 429s."),
         QStringLiteral("n")},
        {QStringLiteral("write-method"), QStringLiteral("PostgreSQL bulk write: auto, copy or values."),
         QStringLiteral("method")},
        {QStringLiteral("write-connections"),
         QStringLiteral("PostgreSQL connections committing batches beside the reading one (default 2)."),
         QStringLiteral("n")},
        {QStringLiteral("tokenizer"), QStringLiteral("Measure the tokenizer instead (MB/s of mixed text).")},
    });
}

int BenchmarkCommand::benchmarkTokenizer(CliContext& context)
{
    const TokenizerBenchmarkResult r = ::ec::benchmarkTokenizer(qint64(32) * 1024 * 1024);
    if (context.json) {
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("bytes"), r.bytes},
                                                 {QStringLiteral("tokens"), r.tokens},
                                                 {QStringLiteral("seconds"), r.seconds},
                                                 {QStringLiteral("mb_per_second"), r.megabytesPerSecond}})
                           .toJson(QJsonDocument::Indented);
    } else {
        context.out << "tokenizer: " << r.bytes << " bytes of mixed Korean/English text, " << r.tokens
                    << " tokens in " << QString::number(r.seconds, 'f', 3)
                    << " s = " << QString::number(r.megabytesPerSecond, 'f', 2) << " MB/s (one core)\n";
    }
    return ExitOk;
}

namespace {

/// Rows the one-UPDATE-per-row baseline writes (about a millisecond or more each).
constexpr int kPerRowSample = 2000;

bool dropScratch(const AppConfig& config, QString* error);
void settle(const AppConfig& config);

struct BenchRow
{
    int batchSize = 0;
    qint64 items = 0;
    double seconds = 0;
    qint64 apiRequests = 0;
    qint64 apiErrors = 0;
    qint64 tokens = 0;
    qint64 peakRss = 0;
    double bareSeconds = 0;
    QString status;
    qint64 rateLimited = 0;        ///< 429 answers
    qint64 maxTokensPerMinute = 0; ///< most tokens the simulator received in any 60 s
};

/// A fresh scratch catalog with uuid ids. Its rows in the console's own tables are keyed by
/// its table name, so they never mix with the operator's catalog in the same database.
bool createScratch(const AppConfig& config, int items, QString* error)
{
    if (!dropScratch(config, error))
        return false;
    DemoOptions options;
    options.items = items;
    options.seed = 0xBE7C4;
    options.idKind = IdKind::Uuid;
    options.replace = true;
    if (!DemoCatalog::create(config, options, error))
        return false;
    settle(config);
    return true;
}

/// On PostgreSQL: vacuums the console's tables, which the scratch clean-up just filled with dead
/// rows, and vacuums and analyzes the new scratch table, as an operator's table would be. Without
/// it the measured run pays for the benchmark's own clean-up (slower unique checks among dead
/// index entries) and autovacuum wakes up in the middle of it.
void settle(const AppConfig& config)
{
    QString error;
    auto store = ItemStore::open(config, QStringLiteral("embedctl-bench-settle"), &error);
    if (!store || !store->isPostgres())
        return;
    const QStringList tables{QStringLiteral("embedding_item_state"), QStringLiteral("embedding_failures"),
                             QStringLiteral("embedding_leases"), store->sqlTable()};
    for (const QString& table : tables) {
        QSqlQuery vacuum(store->database());
        if (!vacuum.exec(QStringLiteral("VACUUM ANALYZE ") + table))
            qCWarning(lcCli).noquote() << "cannot vacuum" << table << ':' << vacuum.lastError().text();
    }
}

/// Drops the scratch table and forgets its rows in the console's own tables.
bool dropScratch(const AppConfig& config, QString* error)
{
    auto store = ItemStore::open(config, QStringLiteral("embedctl-bench-drop"), error);
    if (!store) {
        // Nothing to drop yet.
        error->clear();
        return true;
    }
    for (const char* table : {"embedding_item_state", "embedding_failures", "embedding_leases"}) {
        QSqlQuery q(store->database());
        q.exec(QStringLiteral("DELETE FROM %1 WHERE item_table = %2")
                   .arg(QLatin1String(table), SqlDialect::catalogLiteral(config.table.table)));
    }
    QSqlQuery drop(store->database());
    if (!drop.exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(store->sqlTable()))) {
        *error = drop.lastError().text();
        return false;
    }
    return true;
}

RunSummary runOnce(const AppConfig& config)
{
    RunController controller;
    RunSummary result;
    QEventLoop loop;
    QObject::connect(&controller, &RunController::finished, &loop, [&](const RunSummary& summary) {
        result = summary;
        loop.quit();
    });
    controller.start(config, RunOptions{});
    loop.exec();
    return result;
}

using TimedWrite = std::function<bool(VectorWriter&, const QVector<VectorWrite>&, QString*)>;

/// Writes, with `write`, the vectors the simulator answers for the first `items` items of the
/// scratch table (pages of `batchSize`, until `items` rows were read), and times only the
/// writes. seconds is −1 on failure.
struct TimedWriteResult
{
    double seconds = -1;
    qint64 vectors = 0; ///< rows written (empty texts are skipped)
};

TimedWriteResult timedWrite(const AppConfig& config, qint64 items, int batchSize, int dimensions,
                            const QString& connectionName, const TimedWrite& write)
{
    QString error;
    auto store = ItemStore::open(config, connectionName, &error);
    if (!store)
        return {};
    VectorWriter writer(store->database(), store->table(), store->schema());
    writer.setMethod(VectorWriter::methodFromName(config.run.writeMethod));
    const ItemTextBuilder textBuilder(config.batch);
    const InputPreparer preparer(config.batch);
    QVector<VectorWrite> batch;
    QString cursor;
    QElapsedTimer timer;
    double seconds = 0;
    qint64 written = 0;
    qint64 vectors = 0;
    while (written < items) {
        ItemsQuery query;
        query.model = config.embedding.model;
        query.dimensions = dimensions;
        query.afterId = cursor;
        query.limit = batchSize;
        const QVector<CatalogItem> page = store->itemsPage(query, &error);
        if (page.isEmpty())
            break;
        batch.clear();
        for (const CatalogItem& item : page) {
            // The vector the simulator answered for this item's text: incompressible floats, as
            // real embeddings are (a patterned vector would compress and skip TOAST entirely).
            const PreparedInput input =
                preparer.prepare(textBuilder.build(item.title, item.summary, item.tags));
            if (input.isSkipped())
                continue;
            batch.push_back({item.id, EmbeddingSimulator::deterministicVector(input.text, dimensions),
                             QByteArray(), input.tokens, input.truncated});
        }
        cursor = page.last().id;
        timer.start();
        if (!write(writer, batch, &error)) {
            qCWarning(lcCli).noquote() << "benchmark write failed:" << error;
            return {};
        }
        seconds += double(timer.nsecsElapsed()) / 1e9;
        written += page.size();
        vectors += batch.size();
    }
    return {seconds, vectors};
}

/// Writes the vectors the run wrote, for as many items, with the same bulk method and nothing
/// else; times only the writes.
double bareWriteSeconds(const AppConfig& config, qint64 items, int batchSize, int dimensions)
{
    return timedWrite(config, items, batchSize, dimensions, QStringLiteral("embedctl-bench-bare"),
                      [&](VectorWriter& writer, const QVector<VectorWrite>& rows, QString* error) {
                          return writer.writeBare(rows, config.embedding.model, dimensions, error);
                      })
        .seconds;
}

/// The original design's approach on a fresh scratch table: one UPDATE per row in autocommit, the first
/// `items` rows only (it is slow); times only the UPDATEs.
TimedWriteResult oneUpdatePerRow(const AppConfig& config, qint64 items, int dimensions)
{
    return timedWrite(config, items, 100, dimensions, QStringLiteral("embedctl-bench-per-row"),
                      [&](VectorWriter& writer, const QVector<VectorWrite>& rows, QString* error) {
                          return writer.writeOneUpdatePerRow(rows, config.embedding.model, error);
                      });
}

/// How much of the tighter budget a run used: answered requests per second against rpm/60,
/// tokens per second against tpm/60, whichever is closer to its limit.
struct LimitUse
{
    double share = 0; ///< 0 when no limit was set
    QString binding;  ///< "tokens" or "requests"; empty when no limit was set
};

LimitUse limitUse(const BenchRow& r, double rpm, double tpm)
{
    if (r.seconds <= 0 || (rpm <= 0 && tpm <= 0))
        return {};
    const double requestUse = rpm > 0 ? double(r.apiRequests - r.apiErrors) / r.seconds / (rpm / 60.0) : 0;
    const double tokenUse = tpm > 0 ? double(r.tokens) / r.seconds / (tpm / 60.0) : 0;
    return tokenUse >= requestUse ? LimitUse{tokenUse, QStringLiteral("tokens")}
                                  : LimitUse{requestUse, QStringLiteral("requests")};
}

} // namespace

int BenchmarkCommand::execute(CliContext& context)
{
    if (context.parser.isSet(QStringLiteral("tokenizer")))
        return benchmarkTokenizer(context);
    const QCommandLineParser& p = context.parser;
    const int items = p.isSet(QStringLiteral("items")) ? p.value(QStringLiteral("items")).toInt() : 20000;
    QList<int> batchSizes;
    for (const QString& s :
         p.value(QStringLiteral("batch-sizes")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        batchSizes << s.toInt();
    if (batchSizes.isEmpty())
        batchSizes = {50, 100, 200};
    AppConfig config = context.config;
    config.table.table = QStringLiteral("embedding_bench_items");
    if (p.isSet(QStringLiteral("concurrency")))
        config.api.concurrency = p.value(QStringLiteral("concurrency")).toInt();
    if (p.isSet(QStringLiteral("write-method")))
        config.run.writeMethod = p.value(QStringLiteral("write-method"));
    if (p.isSet(QStringLiteral("write-connections")))
        config.run.writeConnections = p.value(QStringLiteral("write-connections")).toInt();

    SimulatorOptions simOptions;
    simOptions.dimensions =
        config.embedding.effectiveDimensions() > 0 ? config.embedding.effectiveDimensions() : 1536;
    simOptions.latencyMs = p.value(QStringLiteral("latency-ms")).toInt();
    // The server's limits, advertised in its headers and enforced; the client's own caps, if
    // any, on top, as a user would give them (by default none: the client learns the server's).
    simOptions.rpm = p.value(QStringLiteral("server-rpm")).toDouble();
    simOptions.tpm = p.value(QStringLiteral("server-tpm")).toDouble();
    config.api.requestsPerMinute = p.value(QStringLiteral("rpm")).toDouble();
    config.api.tokensPerMinute = p.value(QStringLiteral("tpm")).toDouble();
    const double limitRpm = RateLimiter::tighter(config.api.requestsPerMinute, simOptions.rpm);
    const double limitTpm = RateLimiter::tighter(config.api.tokensPerMinute, simOptions.tpm);
    simOptions.recordServedTexts = false;
    SimulatorHost simulator(simOptions);
    QString error;
    if (!simulator.start(&error)) {
        context.fail(error);
        return ExitError;
    }
    simulator.configure(config.api);

    QVector<BenchRow> rows;
    for (int batchSize : batchSizes) {
        config.batch.batchSize = batchSize;
        if (!createScratch(config, items, &error)) {
            context.fail(error);
            return ExitError;
        }
        resetPeakRss();
        if (!context.quiet && !context.json)
            context.err << "batch size " << batchSize << ": embedding " << items << " items…\n";
        simulator.resetStats();
        const RunSummary summary = runOnce(config);
        const SimulatorStats served = simulator.stats();
        BenchRow row;
        row.rateLimited = qint64(served.responses(429));
        row.maxTokensPerMinute = served.maxTokensInWindow(60000);
        row.batchSize = batchSize;
        row.items = summary.progress.succeeded;
        row.seconds = summary.progress.elapsedSeconds;
        row.apiRequests = summary.progress.apiRequests;
        row.apiErrors = summary.progress.apiErrors;
        row.tokens = summary.progress.tokens;
        row.peakRss = ProcessStats::current().peakRssBytes;
        row.status = runStateName(summary.progress.state);
        if (!createScratch(config, items, &error)) {
            context.fail(error);
            return ExitError;
        }
        row.bareSeconds = bareWriteSeconds(config, row.items, batchSize, simOptions.dimensions);
        rows.push_back(row);
    }
    // The original design's approach, once, on a fresh table: the first rows only, so it takes seconds.
    if (!createScratch(config, items, &error)) {
        context.fail(error);
        return ExitError;
    }
    if (!context.quiet && !context.json)
        context.err << "one UPDATE per row (the original design's way): " << std::min(items, kPerRowSample)
                    << " items…\n";
    const TimedWriteResult perRow =
        oneUpdatePerRow(config, std::min(items, kPerRowSample), simOptions.dimensions);
    const double perRowRate = perRow.seconds > 0 ? double(perRow.vectors) / perRow.seconds : 0;
    dropScratch(config, &error);

    const bool limited = limitRpm > 0 || limitTpm > 0;
    if (context.json) {
        QJsonArray array;
        for (const BenchRow& r : rows) {
            const double rate = r.seconds > 0 ? double(r.items) / r.seconds : 0;
            const double bare = r.bareSeconds > 0 ? double(r.items) / r.bareSeconds : 0;
            const LimitUse use = limitUse(r, limitRpm, limitTpm);
            array.append(QJsonObject{
                {QStringLiteral("batch_size"), r.batchSize},
                {QStringLiteral("items"), r.items},
                {QStringLiteral("seconds"), r.seconds},
                {QStringLiteral("items_per_second"), rate},
                {QStringLiteral("items_per_hour"), rate * 3600},
                {QStringLiteral("api_calls_per_minute"),
                 r.seconds > 0 ? double(r.apiRequests) * 60 / r.seconds : 0},
                {QStringLiteral("peak_rss_mb"), double(r.peakRss) / 1048576.0},
                {QStringLiteral("bare_write_items_per_second"), bare},
                {QStringLiteral("share_of_bare_write"), bare > 0 ? rate / bare : 0},
                {QStringLiteral("one_update_per_row_items_per_second"), perRowRate},
                {QStringLiteral("pipeline_vs_one_update_per_row"), perRowRate > 0 ? rate / perRowRate : 0},
                {QStringLiteral("tokens"), r.tokens},
                {QStringLiteral("limit_use"), use.share},
                {QStringLiteral("limit_binding"), use.binding},
                {QStringLiteral("rate_limited"), r.rateLimited},
                {QStringLiteral("max_tokens_in_60s"), r.maxTokensPerMinute},
                {QStringLiteral("status"), r.status}});
        }
        context.out << QJsonDocument(
                           QJsonObject{{QStringLiteral("simulated"), true},
                                       {QStringLiteral("latency_ms"), simOptions.latencyMs},
                                       {QStringLiteral("concurrency"), config.api.concurrency},
                                       {QStringLiteral("server_rpm"), simOptions.rpm},
                                       {QStringLiteral("server_tpm"), simOptions.tpm},
                                       {QStringLiteral("rpm"), config.api.requestsPerMinute},
                                       {QStringLiteral("tpm"), config.api.tokensPerMinute},
                                       {QStringLiteral("one_update_per_row"),
                                        QJsonObject{{QStringLiteral("items"), perRow.vectors},
                                                    {QStringLiteral("seconds"), perRow.seconds},
                                                    {QStringLiteral("items_per_second"), perRowRate}}},
                                       {QStringLiteral("runs"), array}})
                           .toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    QTextStream& out = context.out;
    out << "SIMULATED API, " << simOptions.dimensions << " dimensions, latency " << simOptions.latencyMs
        << " ms, concurrency " << config.api.concurrency << ", database "
        << context.config.effectiveDatabaseUrl().section(QLatin1Char(':'), 0, 0) << "\n\n";
    if (limited)
        out << "limits: the server advertises and enforces " << simOptions.rpm << " requests/min, "
            << simOptions.tpm << " tokens/min (0: none); the client's caps " << config.api.requestsPerMinute
            << " requests/min, " << config.api.tokensPerMinute
            << " tokens/min (0: none); \"limit use\" is the share of the tightest used\n\n";
    out << "one UPDATE per row (the original design's way, autocommit, one connection): " << perRow.vectors
        << " items in " << QString::number(perRow.seconds, 'f', 2)
        << " s = " << QString::number(perRowRate, 'f', 0) << " items/s\n\n";
    out << "| batch | items | seconds | items/s | items/hour | API calls/min | peak RSS MB | bare write "
           "items/s | pipeline vs bare | share of bare | one UPDATE per row items/s | pipeline vs one "
           "UPDATE per row |"
        << (limited ? " tokens/min | limit use | 429s | most tokens in 60 s |\n" : "\n")
        << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        << (limited ? "---:|---:|---:|---:|\n" : "\n");
    for (const BenchRow& r : rows) {
        const double rate = r.seconds > 0 ? double(r.items) / r.seconds : 0;
        const double bare = r.bareSeconds > 0 ? double(r.items) / r.bareSeconds : 0;
        out << "| " << r.batchSize << " | " << r.items << " | " << QString::number(r.seconds, 'f', 2) << " | "
            << QString::number(rate, 'f', 0) << " | " << QString::number(rate * 3600, 'f', 0) << " | "
            << QString::number(r.seconds > 0 ? double(r.apiRequests) * 60 / r.seconds : 0, 'f', 0) << " | "
            << QString::number(double(r.peakRss) / 1048576.0, 'f', 1) << " | "
            << QString::number(bare, 'f', 0) << " | " << QString::number(rate > 0 ? bare / rate : 0, 'f', 2)
            << "x | " << QString::number(bare > 0 ? rate / bare : 0, 'f', 2) << " | "
            << QString::number(perRowRate, 'f', 0) << " | "
            << QString::number(perRowRate > 0 ? rate / perRowRate : 0, 'f', 1) << "x |";
        if (limited) {
            const LimitUse use = limitUse(r, limitRpm, limitTpm);
            out << " " << QString::number(r.seconds > 0 ? double(r.tokens) * 60 / r.seconds : 0, 'f', 0)
                << " | " << QString::number(use.share * 100, 'f', 1) << "% of " << use.binding << " | "
                << r.rateLimited << " of " << r.apiRequests << " ("
                << QString::number(
                       r.apiRequests > 0 ? 100.0 * double(r.rateLimited) / double(r.apiRequests) : 0, 'f', 1)
                << "%) | " << r.maxTokensPerMinute << " |";
        }
        out << "\n";
    }
    return ExitOk;
}

} // namespace ec
