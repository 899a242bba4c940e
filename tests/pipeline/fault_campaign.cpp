// The fault campaign of issue 11 (not a CTest suite: it takes minutes and prints figures):
//
//   fault_campaign [--items N] [--seed S] [--kills 20] [--restarts 5] [--resets 5]
//                  [--fail-rate 0.3] [--latency-ms 20] [--verify-sample 0] [--run-timeout 300]
//                  [--keep-logs DIR]
//
// Against a PostgreSQL 15 cluster of its own (scripts/pg-test-cluster.sh) and the built-in
// simulator failing 30 % of the requests (429/500/503), it runs the real `embedctl run`
// process through three kinds of trials, each on a fresh catalog of N items:
//
//   kill     kill -9 after a random delay, then `embedctl run` again to its end;
//   restart  `pg-test-cluster.sh restart` (fast shutdown + start) mid-run, once a random share
//            (5–80 %) of the rows holds a vector;
//   reset    embedctl talks to PostgreSQL through TcpResetProxy, which cuts every connection
//            with a TCP reset every 0.5–2 s (random) while the run lasts.
//
// A baseline trial (no fault but the API's) comes first; the kill delays are drawn from 0 to
// 0.8 × its length. A trial whose run ended before its fault still counts its checks, and
// another is drawn (at most 5 more per kind), so the asked number of faults hit a running run.
//
// After every trial: every row holds the exact vector of its own text, no row is left without
// a vector, no lease is left, no run is left `running`, the last run is `completed`, its books
// balance against the table (total = succeeded + unchanged + failed + skipped + still pending),
// it found exactly the rows that were pending when it started, and every `embedctl` ended by
// itself (none hung) with exit 0; after a kill, the dead run is recorded `interrupted` and at
// most --concurrency × --batch-size inputs (160) were answered twice. Items that exhaust their
// API retries (exit 2: 30 % faults against embedctl's default 6 retries fail about one batch in
// 4,600) are accepted only when every one of them is recorded with a retryable HTTP status;
// `embedctl retry` then finishes them and the checks run on that.
//
// Re-sent inputs are the simulator's inputsReceived minus the items (every resend: API retries
// and work lost to the fault); "served twice" is inputsAccepted minus the items (texts that were
// answered correctly more than once: work the fault threw away).
//
// Prints one line per trial, a summary table and a JSON line (`{"campaign": …}`); exits 1 when
// any check failed, 2 when the campaign could not be set up. The delays come from a generator
// seeded with --seed (printed), so a trial's fault moment can be replayed; the timing of the
// processes is not deterministic.

#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"
#include "TcpResetProxy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <vector>

using namespace ec;
using namespace ec::test;

namespace {

/// What every embedctl gets: --batch-size 20, and embedctl's default --concurrency (8). A kill
/// loses at most that many batches answered and not yet committed (docs/pipeline.md), so at
/// most this many inputs are answered twice in a kill trial.
constexpr int kBatchSize = 20;
constexpr int kConcurrency = 8;
constexpr int kMostServedTwiceAfterKill = kBatchSize * kConcurrency;
/// Trials drawn beyond the asked number, at most, to make up for runs that ended before their fault.
constexpr int kExtraDraws = 5;

struct CampaignOptions
{
    int items = 3000;
    quint64 seed = 0;
    int kills = 20;
    int restarts = 5;
    int resets = 5;
    double failRate = 0.3;
    int latencyMs = 20;
    int verifySample = 0; ///< 0: every row's vector is checked
    int runTimeoutS = 300;
    int resetMinMs = 500;
    int resetMaxMs = 2000;
    QString keepLogs; ///< copy every embedctl log here
};

enum class TrialKind { Baseline, Kill, Restart, Reset };

const char* kindName(TrialKind kind)
{
    switch (kind) {
    case TrialKind::Baseline:
        return "baseline";
    case TrialKind::Kill:
        return "kill";
    case TrialKind::Restart:
        return "restart";
    case TrialKind::Reset:
        return "reset";
    }
    return "?";
}

/// What one trial did and found.
struct Trial
{
    TrialKind kind = TrialKind::Baseline;
    int index = 0;
    qint64 faultAtMs = -1;   ///< when the fault was set off after the first process started
    bool faultHit = false;   ///< the process was still running when it was
    qint64 rowsAtFault = -1; ///< rows holding a vector then
    QList<int> exitCodes;    ///< of every embedctl that ran to its end, in order
    int databaseRetries = 0; ///< steps redone after transient errors (the runs' --json)
    quint64 inputsReceived = 0;
    quint64 inputsAccepted = 0;
    quint64 resets = 0; ///< proxy resets during the run
    quint64 connectionsCut = 0;
    qint64 apiFailed = 0; ///< items that exhausted their API retries (then retried)
    int checksPassed = 0;
    QStringList failures;
    double seconds = 0;

    qint64 resent(int items) const { return qint64(inputsReceived) - items; }
    qint64 servedTwice(int items) const { return qint64(inputsAccepted) - items; }
    void check(bool ok, const QString& what)
    {
        if (ok)
            ++checksPassed;
        else
            failures << what;
    }
};

QString sourcePath(const char* relative)
{
    return QStringLiteral(EC_SOURCE_DIR "/") + QLatin1String(relative);
}

/// A PostgreSQL 15 cluster of the campaign's own (restarting the shared test cluster would hit
/// every other suite), stopped and removed on destruction.
class OwnCluster
{
public:
    OwnCluster() = default;
    ~OwnCluster() { stop(); }
    OwnCluster(const OwnCluster&) = delete;
    OwnCluster& operator=(const OwnCluster&) = delete;

    /// False with the script's output when the cluster does not start.
    bool start(QString* error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        m_clusterDir = m_dir.filePath(QStringLiteral("cluster"));
        if (!script(QStringLiteral("start"), error))
            return false;
        QFile urlFile(m_clusterDir + QStringLiteral("/url"));
        QFile portFile(m_clusterDir + QStringLiteral("/port"));
        if (!urlFile.open(QIODevice::ReadOnly) || !portFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("pg-test-cluster.sh wrote no url/port");
            return false;
        }
        m_url = QString::fromUtf8(urlFile.readAll()).trimmed();
        m_port = quint16(QString::fromUtf8(portFile.readAll()).trimmed().toUInt());
        m_started = true;
        return true;
    }

    /// A fast shutdown and a start on the same port (sessions terminated).
    bool restart(QString* error) { return script(QStringLiteral("restart"), error); }

    void stop()
    {
        if (!m_started)
            return;
        QString ignored;
        script(QStringLiteral("stop"), &ignored);
        m_started = false;
    }

    QString url() const { return m_url; }
    quint16 port() const { return m_port; }

private:
    bool script(const QString& action, QString* error)
    {
        QProcess p;
        p.start(QStringLiteral("bash"), {sourcePath("scripts/pg-test-cluster.sh"), action, m_clusterDir});
        if (!p.waitForFinished(180000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = QStringLiteral("pg-test-cluster.sh %1: %2").arg(action, QString::fromUtf8(p.readAll()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    QString m_clusterDir;
    QString m_url;
    quint16 m_port = 0;
    bool m_started = false;
};

/// One `embedctl` process (run or retry) against the simulator; its stdout (--json) and stderr
/// go to files, so nothing blocks on a full pipe while the campaign waits or restarts the server.
class Embedctl
{
public:
    Embedctl(const QString& command, const QString& dbUrl, const SimulatorFixture& sim,
             const QString& logBase)
        : m_logBase(logBase)
    {
        m_process.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
        m_process.setArguments(
            {command, QStringLiteral("--db"), dbUrl, QStringLiteral("--api-base"), sim.baseUrl().toString(),
             QStringLiteral("--dimensions"), QStringLiteral("64"), QStringLiteral("--batch-size"),
             QString::number(kBatchSize), QStringLiteral("--quiet"), QStringLiteral("--json")});
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
        env.remove(QStringLiteral("EMBEDCTL_FAULT"));
        env.remove(QStringLiteral("EMBEDCTL_DB"));
        m_process.setProcessEnvironment(env);
        m_process.setStandardOutputFile(logBase + QStringLiteral(".out"));
        m_process.setStandardErrorFile(logBase + QStringLiteral(".err"));
    }
    ~Embedctl()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    Embedctl(const Embedctl&) = delete;
    Embedctl& operator=(const Embedctl&) = delete;

    bool start()
    {
        m_process.start();
        return m_process.waitForStarted(30000);
    }
    /// True when the process has ended (within ms).
    bool waitFor(int ms)
    {
        return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(ms);
    }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    void kill9()
    {
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(30000);
    }
    /// The exit code, or -1 after a signal.
    int exitCode() const
    {
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    /// The run's --json summary (empty when it printed none).
    QJsonObject summary() const
    {
        QFile file(m_logBase + QStringLiteral(".out"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }
    /// The last lines of its stderr, for a report.
    QString errorTail(int lines = 8) const
    {
        QFile file(m_logBase + QStringLiteral(".err"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QStringList all =
            QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        return all.mid(qMax(0, int(all.size()) - lines)).join(QStringLiteral(" | "));
    }

private:
    QProcess m_process;
    QString m_logBase;
};

QStringList itemIds(int count)
{
    QStringList ids;
    ids.reserve(count);
    for (int n = 1; n <= count; ++n)
        ids << QStringLiteral("item-%1").arg(n, 6, 10, QLatin1Char('0'));
    return ids;
}

/// The campaign: one cluster, one simulator, the trials, the figures.
class Campaign
{
public:
    explicit Campaign(const CampaignOptions& options)
        : m_options(options)
        , m_random(quint32(options.seed ^ (options.seed >> 32)))
    {}

    /// Starts the cluster and the simulator; false with a reason.
    bool setUp(QString* error)
    {
        if (!m_logs.isValid()) {
            *error = QStringLiteral("no temporary directory for the logs");
            return false;
        }
        if (!m_cluster.start(error))
            return false;
        SimulatorOptions sim;
        sim.failRate = m_options.failRate;
        sim.latencyMs = m_options.latencyMs;
        sim.seed = m_options.seed;
        sim.recordServedTexts = false;
        sim.requestLogLimit = 1000;
        m_sim = std::make_unique<SimulatorFixture>(sim);
        if (!m_sim->isRunning()) {
            *error = QStringLiteral("simulator: ") + m_sim->error();
            return false;
        }
        return true;
    }

    void runAll()
    {
        m_clock.start();
        runTrial(TrialKind::Baseline, 1);
        // A trial whose run ended before its fault is checked all the same, and another one is
        // drawn, so that the asked number of faults really hit a run.
        for (TrialKind kind : {TrialKind::Kill, TrialKind::Restart, TrialKind::Reset}) {
            const int wanted = kind == TrialKind::Kill      ? m_options.kills
                               : kind == TrialKind::Restart ? m_options.restarts
                                                            : m_options.resets;
            int hits = 0;
            for (int n = 1; hits < wanted && n <= wanted + kExtraDraws; ++n)
                hits += runTrial(kind, n) ? 1 : 0;
        }
        m_wallSeconds = double(m_clock.elapsed()) / 1000.0;
    }

    /// The table and the JSON line; the number of failed checks.
    int report() const;

private:
    /// One trial, checked and recorded; whether its fault hit a running embedctl.
    bool runTrial(TrialKind kind, int index);
    /// The fault moment: uniform over [lo, hi] × the baseline run's length.
    qint64 randomDelay(double lo, double hi)
    {
        const double span = double(m_baselineMs) * (lo + (hi - lo) * m_random.generateDouble());
        return qMax<qint64>(50, qint64(span));
    }
    /// Waits for a process to end by itself within the run timeout; a hang is a failed check.
    bool waitForEnd(Embedctl& process, Trial& trial, const QString& what)
    {
        const bool ended = process.waitFor(m_options.runTimeoutS * 1000);
        trial.check(ended, QStringLiteral("%1 did not end within %2 s (hang?): %3")
                               .arg(what)
                               .arg(m_options.runTimeoutS)
                               .arg(process.errorTail()));
        if (!ended)
            process.kill9();
        return ended;
    }
    /// Reads a finished process's summary into the trial.
    void takeSummary(const Embedctl& process, Trial& trial)
    {
        const QJsonObject summary = process.summary();
        trial.exitCodes << process.exitCode();
        trial.databaseRetries += summary.value(QStringLiteral("database_retries")).toInt();
        const QJsonObject books = summary.value(QStringLiteral("books")).toObject();
        if (books.contains(QStringLiteral("unaccounted")) &&
            books.value(QStringLiteral("unaccounted")).toInt() != 0)
            trial.failures << QStringLiteral("the run's own books report %1 unaccounted")
                                  .arg(books.value(QStringLiteral("unaccounted")).toInt());
    }
    /// The checks on a catalog after the trial's last run; `found` is what that run should
    /// have found pending.
    void checkCatalog(PipelineCatalog& catalog, Trial& trial, qint64 found);
    QString logBase(const Trial& trial, int step) const
    {
        return m_logs.filePath(
            QStringLiteral("%1-%2-%3").arg(QLatin1String(kindName(trial.kind))).arg(trial.index).arg(step));
    }
    void keepLogs() const;
    void printTrial(const Trial& trial) const;

    CampaignOptions m_options;
    QRandomGenerator m_random;
    OwnCluster m_cluster;
    std::unique_ptr<SimulatorFixture> m_sim;
    QTemporaryDir m_logs;
    qint64 m_baselineMs = 10000;
    std::vector<Trial> m_trials;
    QElapsedTimer m_clock;
    double m_wallSeconds = 0;
};

bool Campaign::runTrial(TrialKind kind, int index)
{
    Trial trial;
    trial.kind = kind;
    trial.index = index;
    QElapsedTimer clock;
    clock.start();

    PipelineCatalog catalog(QStringLiteral("postgres"), m_cluster.url());
    if (!catalog.isValid() || !catalog.create(m_options.items, m_options.items)) {
        trial.check(false, QStringLiteral("cannot create the catalog: ") + catalog.error());
        m_trials.push_back(trial);
        printTrial(trial);
        return false;
    }
    m_sim->resetStats();

    // The run's database URL: the cluster, or the proxy in front of it.
    std::unique_ptr<TcpResetProxy> proxy;
    QString runUrl = catalog.url();
    if (kind == TrialKind::Reset) {
        proxy = std::make_unique<TcpResetProxy>(QStringLiteral("127.0.0.1"), m_cluster.port());
        QString error;
        if (!proxy->start(&error)) {
            trial.check(false, error);
            m_trials.push_back(trial);
            printTrial(trial);
            return false;
        }
        QUrl url(runUrl);
        url.setPort(proxy->port());
        runUrl = url.toString();
    }

    int step = 0;
    auto first = std::make_unique<Embedctl>(QStringLiteral("run"), runUrl, *m_sim, logBase(trial, ++step));
    if (!first->start()) {
        trial.check(false, QStringLiteral("embedctl did not start"));
        m_trials.push_back(trial);
        printTrial(trial);
        return false;
    }
    QElapsedTimer runClock;
    runClock.start();
    qint64 foundByLast = m_options.items;

    switch (kind) {
    case TrialKind::Baseline:
        if (waitForEnd(*first, trial, QStringLiteral("the baseline run"))) {
            m_baselineMs = qMax<qint64>(1000, runClock.elapsed());
            takeSummary(*first, trial);
        }
        break;
    case TrialKind::Kill: {
        // Up to 0.8 of the baseline: later, a faster run may already have ended.
        trial.faultAtMs = randomDelay(0.0, 0.8);
        trial.faultHit = !first->waitFor(int(trial.faultAtMs));
        if (trial.faultHit)
            first->kill9();
        else
            takeSummary(*first, trial);
        // A COMMIT the dead client sent just before the signal may still be finishing.
        QThread::msleep(300);
        trial.rowsAtFault = catalog.count(QStringLiteral("embedding IS NOT NULL"));
        foundByLast = m_options.items - trial.rowsAtFault;
        // The next run, to its end: it marks the dead run interrupted and finishes the rest.
        Embedctl second(QStringLiteral("run"), runUrl, *m_sim, logBase(trial, ++step));
        if (!second.start())
            trial.check(false, QStringLiteral("the second embedctl did not start"));
        else if (waitForEnd(second, trial, QStringLiteral("the run after kill -9")))
            takeSummary(second, trial);
        // The killed run is marked interrupted (or completed, had it ended first); killed before
        // it recorded itself, it left no record at all.
        const qint64 runs = catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_runs"));
        const QString killed =
            catalog.scalar(QStringLiteral("SELECT status FROM embedding_runs ORDER BY id LIMIT 1"))
                .value_or(QString());
        if (runs >= 2)
            trial.check(killed == QLatin1String(trial.faultHit ? "interrupted" : "completed"),
                        QStringLiteral("the killed run is recorded '%1'").arg(killed));
        else
            trial.check(trial.faultHit, QStringLiteral("a run that ended by itself left no record"));
        break;
    }
    case TrialKind::Restart: {
        // Mid-run by the table, not the clock (run lengths vary with the machine's load): once a
        // random share of 5–80 % of the rows holds a vector.
        const qint64 target = qint64(double(m_options.items) * (0.05 + 0.75 * m_random.generateDouble()));
        while (first->running() && runClock.elapsed() < m_options.runTimeoutS * 1000 &&
               catalog.count(QStringLiteral("embedding IS NOT NULL")) < target)
            first->waitFor(25);
        trial.faultAtMs = runClock.elapsed();
        trial.faultHit = first->running();
        trial.rowsAtFault = catalog.count(QStringLiteral("embedding IS NOT NULL"));
        QString error;
        trial.check(m_cluster.restart(&error), error);
        if (waitForEnd(*first, trial, QStringLiteral("the run across the restart")))
            takeSummary(*first, trial);
        break;
    }
    case TrialKind::Reset: {
        proxy->startResets(m_options.resetMinMs, m_options.resetMaxMs, m_options.seed + quint64(index));
        trial.faultHit = true;
        trial.faultAtMs = 0;
        const bool ended = waitForEnd(*first, trial, QStringLiteral("the run through the resetting proxy"));
        proxy->stopResets();
        const TcpResetProxyStats stats = proxy->stats();
        trial.resets = stats.resets;
        trial.connectionsCut = stats.connectionsCut;
        if (ended)
            takeSummary(*first, trial);
        break;
    }
    }

    // Items that exhausted their API retries: accepted when each is recorded with a retryable
    // HTTP status, then taken again by `embedctl retry`, which must finish them.
    if (!trial.exitCodes.isEmpty() && trial.exitCodes.last() == 2) {
        trial.apiFailed = catalog.count(QStringLiteral("embedding IS NULL"));
        const qint64 recorded = catalog.count(
            QStringLiteral("embedding IS NULL AND id IN (SELECT item_id FROM embedding_failures "
                           "WHERE http_status IN (429, 500, 503))"));
        trial.check(trial.apiFailed > 0 && recorded == trial.apiFailed,
                    QStringLiteral("exit 2 with %1 rows without a vector, %2 of them failed for a retryable "
                                   "API status")
                        .arg(trial.apiFailed)
                        .arg(recorded));
        Embedctl retry(QStringLiteral("retry"), catalog.url(), *m_sim, logBase(trial, ++step));
        if (!retry.start())
            trial.check(false, QStringLiteral("embedctl retry did not start"));
        else if (waitForEnd(retry, trial, QStringLiteral("embedctl retry")))
            takeSummary(retry, trial);
        foundByLast = trial.apiFailed;
    }
    if (proxy)
        proxy->stop();

    const SimulatorStats stats = m_sim->stats();
    trial.inputsReceived = stats.inputsReceived;
    trial.inputsAccepted = stats.inputsAccepted;
    if (kind == TrialKind::Kill)
        trial.check(trial.servedTwice(m_options.items) <= kMostServedTwiceAfterKill,
                    QStringLiteral("%1 inputs answered twice: more than the %2 a kill may lose")
                        .arg(trial.servedTwice(m_options.items))
                        .arg(kMostServedTwiceAfterKill));
    checkCatalog(catalog, trial, foundByLast);
    trial.seconds = double(clock.elapsed()) / 1000.0;
    m_trials.push_back(trial);
    printTrial(trial);
    return trial.faultHit;
}

void Campaign::checkCatalog(PipelineCatalog& catalog, Trial& trial, qint64 found)
{
    // Every embedctl ended by itself with 0 (2 only as handled above, then retried to 0).
    trial.check(!trial.exitCodes.isEmpty() && trial.exitCodes.last() == 0,
                QStringLiteral("exit codes %1").arg([&] {
                    QStringList codes;
                    for (int code : trial.exitCodes)
                        codes << QString::number(code);
                    return codes.join(QLatin1Char(','));
                }()));
    const qint64 missing = catalog.count(QStringLiteral("embedding IS NULL"));
    trial.check(missing == 0, QStringLiteral("%1 rows without a vector").arg(missing));
    const qint64 leases = catalog.count(QStringLiteral("1 = 1"), QStringLiteral("embedding_leases"));
    trial.check(leases == 0, QStringLiteral("%1 leases left").arg(leases));
    const qint64 running =
        catalog.count(QStringLiteral("status = 'running'"), QStringLiteral("embedding_runs"));
    trial.check(running == 0, QStringLiteral("%1 runs left 'running'").arg(running));

    // The last run's record: completed, and its books balance against the table.
    const auto row = catalog.scalar(QStringLiteral(
        "SELECT concat_ws(',', status, total, processed, succeeded, unchanged, failed, skipped) "
        "FROM embedding_runs ORDER BY id DESC LIMIT 1"));
    const QStringList f = row.value_or(QString()).split(QLatin1Char(','));
    if (f.size() != 7) {
        trial.check(false, QStringLiteral("no run record: ") + catalog.error());
        return;
    }
    const qint64 total = f[1].toLongLong(), processed = f[2].toLongLong(), succeeded = f[3].toLongLong(),
                 unchanged = f[4].toLongLong(), failed = f[5].toLongLong(), skipped = f[6].toLongLong();
    trial.check(f[0] == QLatin1String("completed"), QStringLiteral("the last run is '%1'").arg(f[0]));
    const qint64 pending = missing - failed - skipped; // failed and skipped rows stay without a vector
    trial.check(processed == succeeded + unchanged + failed + skipped && pending >= 0 &&
                    total == succeeded + unchanged + failed + skipped + pending,
                QStringLiteral("books: total %1, processed %2 <> succeeded %3 + unchanged %4 + failed %5 + "
                               "skipped %6 + pending %7")
                    .arg(total)
                    .arg(processed)
                    .arg(succeeded)
                    .arg(unchanged)
                    .arg(failed)
                    .arg(skipped)
                    .arg(pending));
    trial.check(
        total == found,
        QStringLiteral("the last run found %1 pending items, the table had %2").arg(total).arg(found));

    // Every row (or a sample) holds the exact vector of its own text.
    QStringList ids = itemIds(m_options.items);
    if (m_options.verifySample > 0 && m_options.verifySample < ids.size()) {
        QStringList sample;
        for (int n = 0; n < m_options.verifySample; ++n)
            sample << ids.at(int(m_random.bounded(quint32(ids.size()))));
        ids = sample;
    }
    AppConfig config = catalog.config();
    config.api = m_sim->apiSettings();
    const QString mismatch = vectorsMatchTheirTexts(config, ids);
    trial.check(mismatch.isEmpty(), mismatch);
}

void Campaign::printTrial(const Trial& trial) const
{
    QStringList codes;
    for (int code : trial.exitCodes)
        codes << QString::number(code);
    QString fault;
    if (trial.kind == TrialKind::Kill || trial.kind == TrialKind::Restart)
        fault = trial.faultHit
                    ? QStringLiteral("at %1 ms, %2 rows done").arg(trial.faultAtMs).arg(trial.rowsAtFault)
                    : QStringLiteral("at %1 ms: the run had ended (no fault)").arg(trial.faultAtMs);
    else if (trial.kind == TrialKind::Reset)
        fault = QStringLiteral("%1 resets, %2 connections cut").arg(trial.resets).arg(trial.connectionsCut);
    std::printf(
        "%-8s %2d  %-38s exit %-5s db-retries %3d  re-sent %5lld  served-twice %4lld  api-failed %lld  "
        "%5.1f s  %s\n",
        kindName(trial.kind), trial.index, qPrintable(fault), qPrintable(codes.join(QLatin1Char(','))),
        trial.databaseRetries, static_cast<long long>(trial.resent(m_options.items)),
        static_cast<long long>(trial.servedTwice(m_options.items)), static_cast<long long>(trial.apiFailed),
        trial.seconds,
        trial.failures.isEmpty()
            ? qPrintable(QStringLiteral("ok (%1 checks)").arg(trial.checksPassed))
            : qPrintable(QStringLiteral("FAILED: ") + trial.failures.join(QStringLiteral("; "))));
    std::fflush(stdout);
}

void Campaign::keepLogs() const
{
    if (m_options.keepLogs.isEmpty())
        return;
    QDir().mkpath(m_options.keepLogs);
    const QDir logs(m_logs.path());
    for (const QString& name : logs.entryList(QDir::Files)) {
        QFile::remove(m_options.keepLogs + QLatin1Char('/') + name);
        QFile::copy(logs.filePath(name), m_options.keepLogs + QLatin1Char('/') + name);
    }
}

int Campaign::report() const
{
    keepLogs();
    struct Figures
    {
        int trials = 0;
        int faultsHit = 0;
        int passed = 0;
        int failed = 0;
        int trialsFailed = 0;
        qint64 resent = 0;
        qint64 resentMax = 0;
        qint64 servedTwice = 0;
        qint64 apiFailed = 0;
        int databaseRetries = 0;
        quint64 resets = 0;
        double seconds = 0;
    };
    std::map<int, Figures> byKind;
    Figures all;
    for (const Trial& t : m_trials) {
        for (Figures* f : {&byKind[int(t.kind)], &all}) {
            ++f->trials;
            f->faultsHit += t.faultHit ? 1 : 0;
            f->passed += t.checksPassed;
            f->failed += int(t.failures.size());
            f->trialsFailed += t.failures.isEmpty() ? 0 : 1;
            f->resent += t.resent(m_options.items);
            f->resentMax = qMax(f->resentMax, t.resent(m_options.items));
            f->servedTwice += t.servedTwice(m_options.items);
            f->apiFailed += t.apiFailed;
            f->databaseRetries += t.databaseRetries;
            f->resets += t.resets;
            f->seconds += t.seconds;
        }
    }
    std::printf("\nfault campaign: seed %llu, %d items per trial, simulator fail rate %.2f, latency %d ms, "
                "baseline run %.1f s, wall time %.0f s\n",
                static_cast<unsigned long long>(m_options.seed), m_options.items, m_options.failRate,
                m_options.latencyMs, double(m_baselineMs) / 1000.0, m_wallSeconds);
    std::printf("%-9s %6s %6s %7s %7s %9s %9s %12s %10s %10s %8s %8s\n", "kind", "trials", "faults", "checks",
                "failed", "re-sent", "max/tri", "served-twice", "api-failed", "db-retries", "resets",
                "time s");
    QJsonObject kinds;
    auto row = [&](const char* name, const Figures& f) {
        std::printf("%-9s %6d %6d %7d %7d %9lld %9lld %12lld %10lld %10d %8llu %8.0f\n", name, f.trials,
                    f.faultsHit, f.passed + f.failed, f.failed, static_cast<long long>(f.resent),
                    static_cast<long long>(f.resentMax), static_cast<long long>(f.servedTwice),
                    static_cast<long long>(f.apiFailed), f.databaseRetries,
                    static_cast<unsigned long long>(f.resets), f.seconds);
        return QJsonObject{{QStringLiteral("trials"), f.trials},
                           {QStringLiteral("faults_hit"), f.faultsHit},
                           {QStringLiteral("checks_passed"), f.passed},
                           {QStringLiteral("checks_failed"), f.failed},
                           {QStringLiteral("trials_failed"), f.trialsFailed},
                           {QStringLiteral("resent_inputs"), f.resent},
                           {QStringLiteral("resent_inputs_max_per_trial"), f.resentMax},
                           {QStringLiteral("served_twice"), f.servedTwice},
                           {QStringLiteral("api_failed_items"), f.apiFailed},
                           {QStringLiteral("database_retries"), f.databaseRetries},
                           {QStringLiteral("proxy_resets"), qint64(f.resets)},
                           {QStringLiteral("seconds"), f.seconds}};
    };
    for (const auto& [kind, figures] : byKind)
        kinds.insert(QLatin1String(kindName(TrialKind(kind))), row(kindName(TrialKind(kind)), figures));
    const QJsonObject total = row("all", all);
    const QJsonObject json{
        {QStringLiteral("campaign"),
         QJsonObject{{QStringLiteral("seed"), QString::number(m_options.seed)},
                     {QStringLiteral("items"), m_options.items},
                     {QStringLiteral("fail_rate"), m_options.failRate},
                     {QStringLiteral("latency_ms"), m_options.latencyMs},
                     {QStringLiteral("baseline_run_seconds"), double(m_baselineMs) / 1000.0},
                     {QStringLiteral("wall_seconds"), m_wallSeconds},
                     {QStringLiteral("kinds"), kinds},
                     {QStringLiteral("all"), total},
                     {QStringLiteral("passed"), all.failed == 0}}}};
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    if (all.failed > 0) {
        std::printf("\nFAILED checks:\n");
        for (const Trial& t : m_trials)
            for (const QString& failure : t.failures)
                std::printf("  %s %d: %s\n", kindName(t.kind), t.index, qPrintable(failure));
    }
    std::fflush(stdout);
    return all.failed;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The fault campaign of issue 11: kill -9, PostgreSQL restarts and connection resets "
                       "against embedctl run, every row checked after each trial."));
    parser.addHelpOption();
    const CampaignOptions defaults;
    auto option = [&](const char* name, const char* help, const QString& value) {
        parser.addOption({QLatin1String(name), QLatin1String(help), QStringLiteral("n"), value});
    };
    option("items", "Items per trial's catalog.", QString::number(defaults.items));
    option("seed", "Seed of the fault moments and the simulator (default: the clock).", QString());
    option("kills", "kill -9 trials.", QString::number(defaults.kills));
    option("restarts", "PostgreSQL restart trials.", QString::number(defaults.restarts));
    option("resets", "Connection-reset proxy trials.", QString::number(defaults.resets));
    option("fail-rate", "Share of API requests the simulator fails (429/500/503).",
           QString::number(defaults.failRate));
    option("latency-ms", "Simulator latency per request.", QString::number(defaults.latencyMs));
    option("verify-sample", "Check this many random rows' vectors (0: every row).", QStringLiteral("0"));
    option("run-timeout", "Seconds an embedctl may take before it counts as hung.",
           QString::number(defaults.runTimeoutS));
    parser.addOption({QStringLiteral("keep-logs"),
                      QStringLiteral("Copy every embedctl's stdout/stderr here."), QStringLiteral("dir")});
    parser.process(app);

    CampaignOptions options;
    options.items = parser.value(QStringLiteral("items")).toInt();
    options.seed = parser.isSet(QStringLiteral("seed")) ? parser.value(QStringLiteral("seed")).toULongLong()
                                                        : quint64(QDateTime::currentMSecsSinceEpoch());
    options.kills = parser.value(QStringLiteral("kills")).toInt();
    options.restarts = parser.value(QStringLiteral("restarts")).toInt();
    options.resets = parser.value(QStringLiteral("resets")).toInt();
    options.failRate = parser.value(QStringLiteral("fail-rate")).toDouble();
    options.latencyMs = parser.value(QStringLiteral("latency-ms")).toInt();
    options.verifySample = parser.value(QStringLiteral("verify-sample")).toInt();
    options.runTimeoutS = parser.value(QStringLiteral("run-timeout")).toInt();
    options.keepLogs = parser.value(QStringLiteral("keep-logs"));
    if (options.items < 1 || options.runTimeoutS < 1) {
        std::fprintf(stderr, "--items and --run-timeout must be positive\n");
        return 2;
    }

    std::printf("fault campaign: seed %llu (replay the fault moments with --seed %llu)\n",
                static_cast<unsigned long long>(options.seed), static_cast<unsigned long long>(options.seed));
    std::fflush(stdout);
    Campaign campaign(options);
    QString error;
    if (!campaign.setUp(&error)) {
        std::fprintf(stderr, "fault campaign: %s\n", qPrintable(error));
        return 2;
    }
    campaign.runAll();
    return campaign.report() > 0 ? 1 : 0;
}
