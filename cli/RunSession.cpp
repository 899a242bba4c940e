#include "RunSession.h"

#include "CliFormat.h"
#include "ModelCheck.h"
#include "ops/MetricsServer.h"
#include "ops/RunAlerts.h"
#include "ops/RunMetrics.h"
#include "pipeline/RunController.h"
#include "util/BuildInfo.h"
#include "util/Logging.h"
#include "util/Secrets.h"
#include "util/SignalWatcher.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

#include <unistd.h>

namespace ec {

RunSession::RunSession(CliContext& context)
    : m_context(context)
{}

RunSession::~RunSession() = default;

void RunSession::addRunOptions(QCommandLineParser& p)
{
    p.addOptions({
        {QStringLiteral("limit"), QStringLiteral("Embed at most N items."), QStringLiteral("n")},
        {QStringLiteral("batch-size"), QStringLiteral("Inputs per request (default 100)."),
         QStringLiteral("n")},
        {QStringLiteral("concurrency"),
         QStringLiteral("Batches in flight, answered ones not yet committed included (default 8)."),
         QStringLiteral("n")},
        {QStringLiteral("rpm"),
         QStringLiteral("Cap requests per minute below the server's own limit (default: the server's)."),
         QStringLiteral("n")},
        {QStringLiteral("tpm"),
         QStringLiteral("Cap tokens per minute below the server's own limit (default: the server's)."),
         QStringLiteral("n")},
        {QStringLiteral("max-retries"), QStringLiteral("Retries per request before an item fails."),
         QStringLiteral("n")},
        {QStringLiteral("float"), QStringLiteral("Ask for float JSON instead of base64 vectors.")},
        {QStringLiteral("exclusive"),
         QStringLiteral("Refuse to run beside another --exclusive run (exit 3).")},
        {QStringLiteral("incremental"),
         QStringLiteral(
             "Only new and changed items (missing or outdated); leave model changes to a full run.")},
        {QStringLiteral("allow-mixed-models"),
         QStringLiteral("Embed with the given --model even though the table's vectors are of another "
                        "(re-embeds row by row: search mixes two vector spaces meanwhile).")},
        {QStringLiteral("write-method"), QStringLiteral("PostgreSQL bulk write: auto, copy or values."),
         QStringLiteral("method")},
        {QStringLiteral("forget-limits"),
         QStringLiteral("Forget the request limits learned from this endpoint and learn them again.")},
        {QStringLiteral("reconnect-seconds"),
         QStringLiteral("Ride out a lost database connection for this long before failing (default 60)."),
         QStringLiteral("s")},
        {QStringLiteral("metrics-textfile"),
         QStringLiteral("Rewrite this Prometheus textfile (node_exporter) atomically as the run goes."),
         QStringLiteral("path")},
        {QStringLiteral("metrics-port"), QStringLiteral("Serve /metrics on this port while the run lasts."),
         QStringLiteral("port")},
        {QStringLiteral("metrics-bind"), QStringLiteral("Address for --metrics-port (default 127.0.0.1)."),
         QStringLiteral("address")},
        {QStringLiteral("webhook"),
         QStringLiteral(
             "Slack/Discord-compatible webhook for failures and summaries (or EMBEDCTL_WEBHOOK_URL)."),
         QStringLiteral("url")},
    });
}

namespace {

QtMessageHandler g_handlerBeforeProgressLine = nullptr;

/// While the progress line stands on the terminal, a log line (from any thread) first clears
/// it; the next progress update draws it again below.
void clearProgressLineFirst(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    std::fputs("\r\x1b[K", stderr);
    g_handlerBeforeProgressLine(type, context, message);
}

/// Routes Qt's log output through clearProgressLineFirst() for its lifetime.
class ProgressLineLogGuard
{
public:
    explicit ProgressLineLogGuard(bool active)
        : m_active(active)
    {
        if (m_active)
            g_handlerBeforeProgressLine = qInstallMessageHandler(clearProgressLineFirst);
    }
    ~ProgressLineLogGuard()
    {
        if (m_active)
            qInstallMessageHandler(g_handlerBeforeProgressLine);
    }
    ProgressLineLogGuard(const ProgressLineLogGuard&) = delete;
    ProgressLineLogGuard& operator=(const ProgressLineLogGuard&) = delete;

private:
    bool m_active;
};

} // namespace

static bool readPositive(const QCommandLineParser& p, const QString& name, double* target, QString* error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const double value = p.value(name).toDouble(&ok);
    if (!ok || value <= 0) {
        *error = QStringLiteral("--%1 needs a positive number, not \"%2\"").arg(name, p.value(name));
        return false;
    }
    *target = value;
    return true;
}

bool RunSession::applyRunOptions(RunOptions& options, bool checkModel)
{
    const QCommandLineParser& p = m_context.parser;
    AppConfig& c = m_context.config;
    QString error;
    double limit = 0, batch = c.batch.batchSize, concurrency = c.api.concurrency, retries = c.api.maxRetries,
           reconnect = c.run.reconnectSeconds;
    const bool ok = readPositive(p, QStringLiteral("limit"), &limit, &error) &&
                    readPositive(p, QStringLiteral("batch-size"), &batch, &error) &&
                    readPositive(p, QStringLiteral("concurrency"), &concurrency, &error) &&
                    readPositive(p, QStringLiteral("rpm"), &c.api.requestsPerMinute, &error) &&
                    readPositive(p, QStringLiteral("tpm"), &c.api.tokensPerMinute, &error) &&
                    readPositive(p, QStringLiteral("reconnect-seconds"), &reconnect, &error) &&
                    (p.value(QStringLiteral("max-retries")) == QLatin1String("0") ||
                     readPositive(p, QStringLiteral("max-retries"), &retries, &error));
    if (!ok) {
        m_context.fail(error);
        return false;
    }
    if (p.value(QStringLiteral("max-retries")) == QLatin1String("0"))
        retries = 0;
    if (batch > c.batch.maxInputsPerRequest) {
        m_context.fail(QStringLiteral("--batch-size may be at most %1 (the API's limit)")
                           .arg(c.batch.maxInputsPerRequest));
        return false;
    }
    options.limit = int(limit);
    c.batch.batchSize = int(batch);
    c.api.concurrency = int(concurrency);
    c.api.maxRetries = int(retries);
    c.run.reconnectSeconds = int(reconnect);
    if (p.isSet(QStringLiteral("float")))
        c.api.base64 = false;
    options.exclusive = p.isSet(QStringLiteral("exclusive"));
    options.incremental = p.isSet(QStringLiteral("incremental"));
    options.forgetLimits = p.isSet(QStringLiteral("forget-limits"));
    if (p.isSet(QStringLiteral("webhook")))
        c.alerts.webhookUrl = QUrl(p.value(QStringLiteral("webhook")));
    if (p.isSet(QStringLiteral("write-method"))) {
        const QString method = p.value(QStringLiteral("write-method"));
        if (method != QLatin1String("auto") && method != QLatin1String("copy") &&
            method != QLatin1String("values")) {
            m_context.fail(QStringLiteral("--write-method is auto, copy or values, not \"%1\"").arg(method));
            return false;
        }
        c.run.writeMethod = method;
    }
    // The model never changes by accident (ops/ModelGuard): the table's model when none is
    // configured; another one refused, as are vectors the column cannot hold. Before the
    // simulator starts, so that it serves the chosen vector length.
    if (!checkModel)
        return true;
    return applyModelChoice(m_context, ModelCheckMode::Run, p.isSet(QStringLiteral("allow-mixed-models")));
}

void RunSession::printProgress(const RunProgress& p, bool final)
{
    // Nothing to show before the run has counted its items (it would read 0/0, 100%).
    if (!m_progressLine || (p.state == RunState::Starting && !final))
        return;
    QString line = QStringLiteral("%1/%2 (%3%)  %4 items/s  ETA %5  tokens %6  $%7  in flight %8")
                       .arg(p.processed)
                       .arg(p.total)
                       .arg(p.percent(), 0, 'f', 1)
                       .arg(p.itemsPerSecond, 0, 'f', 0)
                       .arg(formatDuration(p.etaSeconds))
                       .arg(p.tokens)
                       .arg(p.costUsd, 0, 'f', 4)
                       .arg(p.inFlight);
    if (p.state == RunState::Stopping)
        line += QStringLiteral("  [stopping: Ctrl-C again aborts]");
    m_context.err << '\r' << line << QStringLiteral("\x1b[K");
    if (final)
        m_context.err << '\n';
    m_context.err.flush();
}

namespace {
/// "600,000 (server)", "300000 (cap)" or "none (adaptive)".
QString limitText(double limit, const QString& source)
{
    return limit > 0 ? QStringLiteral("%1 (%2)").arg(qint64(limit)).arg(source)
                     : QStringLiteral("none (adaptive)");
}
} // namespace

void RunSession::printSummary(const RunSummary& summary)
{
    const RunProgress& p = summary.progress;
    if (m_context.json) {
        QJsonObject o = progressToJson(p);
        o.insert(QStringLiteral("error"), summary.error);
        o.insert(QStringLiteral("simulated"), summary.simulated);
        o.insert(QStringLiteral("exit_code"), summary.exitCode());
        if (summary.books.known)
            o.insert(QStringLiteral("books"), booksToJson(summary.books));
        QJsonArray errors;
        for (const ItemError& e : summary.errors)
            errors.append(QJsonObject{{QStringLiteral("id"), e.itemId},
                                      {QStringLiteral("http_status"), e.httpStatus},
                                      {QStringLiteral("error"), e.message}});
        o.insert(QStringLiteral("errors"), errors);
        m_context.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return;
    }
    QTextStream& out = m_context.out;
    if (summary.lockRefused) {
        return; // the one-line error said it all
    }
    out << "Run " << p.runId << ' ' << runStateName(p.state)
        << (summary.simulated ? " (SIMULATED endpoint: vectors are not real embeddings)" : "") << '\n';
    out << "   processed: " << p.processed << " of " << p.total << '\n'
        << "   succeeded: " << p.succeeded << " (deduplicated " << p.deduped << ", from cache " << p.cached
        << ")\n"
        << "   failed:    " << p.failed << '\n'
        << "   skipped:   " << p.skipped << '\n'
        << "   unchanged: " << p.unchanged << '\n'
        << "   api:       " << p.apiRequests << " requests, " << p.apiInputs << " inputs, " << p.tokens
        << " tokens, $" << QString::number(p.costUsd, 'f', 6) << ", " << p.retries << " retries, "
        << p.rateLimited << " rate-limited\n"
        << "   limits:    " << limitText(p.requestsPerMinuteLimit, p.requestsLimitSource) << " requests/min, "
        << limitText(p.tokensPerMinuteLimit, p.tokensLimitSource) << " tokens/min\n"
        << "   database:  " << p.databaseRetries << " steps redone after transient errors\n"
        << "   time:      " << formatDuration(p.elapsedSeconds) << '\n';
    if (summary.books.known) {
        const RunBooks& b = summary.books;
        out << "   books:     found " << b.found << " = done " << b.done << " + failed/skipped " << b.failed
            << " + taken by other workers " << b.takenByOthers << " + left for later " << b.leftForLater;
        if (b.unaccounted() > 0)
            out << "; " << b.unaccounted() << " NOT ACCOUNTED FOR";
        else if (b.unaccounted() < 0)
            out << "; " << -b.unaccounted() << " became pending during the run";
        out << '\n';
    }
    if (!summary.error.isEmpty())
        out << "   error:     " << summary.error << '\n';
    if (!summary.errors.isEmpty()) {
        out << "\nFailed and skipped items:\n";
        for (const ItemError& e : summary.errors)
            out << "   " << e.itemId << ": "
                << (e.httpStatus ? QStringLiteral("HTTP %1 ").arg(e.httpStatus) : QString()) << e.message
                << '\n';
    }
    out.flush();
}

bool RunSession::openMetrics(const QString& worker)
{
    const QCommandLineParser& p = m_context.parser;
    if (!p.isSet(QStringLiteral("metrics-textfile")) && !p.isSet(QStringLiteral("metrics-port")))
        return true;
    QString error;
    m_metrics = std::make_unique<RunMetrics>();
    m_metrics->setWorkerLabel(worker);
    m_metrics->trackStatus(m_context.config);
    if (p.isSet(QStringLiteral("metrics-textfile")) &&
        !m_metrics->writeTextfile(p.value(QStringLiteral("metrics-textfile")), &error)) {
        m_context.fail(error);
        return false;
    }
    if (p.isSet(QStringLiteral("metrics-port"))) {
        const QHostAddress address = MetricsServer::parseBindAddress(
            p.isSet(QStringLiteral("metrics-bind")) ? p.value(QStringLiteral("metrics-bind"))
                                                    : QStringLiteral("127.0.0.1"));
        bool ok = false;
        const int port = p.value(QStringLiteral("metrics-port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535 || !m_metrics->serve(address, quint16(port), &error)) {
            m_context.fail(error.isEmpty() ? QStringLiteral("--metrics-port needs a port number") : error);
            return false;
        }
    }
    return true;
}

bool RunSession::attachObservers(RunController& controller)
{
    if (!openMetrics(QString()))
        return false;
    if (m_metrics)
        m_metrics->attach(&controller);
    if (m_context.config.alerts.enabled()) {
        m_alerts = std::make_unique<RunAlerts>(m_context.config.alerts, &controller);
        if (!m_context.quiet && !m_context.json)
            m_context.err << "Alerts go to " << redactUrl(m_context.config.alerts.webhookUrl) << '\n';
    }
    return true;
}

void RunSession::waitForAlerts()
{
    // The final metrics (the table recounted) and the summary alert, a few seconds at most.
    const bool metricsPending = m_metrics && !m_metrics->isSettled();
    const bool alertsPending = m_alerts && m_alerts->isSending();
    if (!metricsPending && !alertsPending)
        return;
    QEventLoop loop;
    auto quitWhenDone = [&] {
        if ((!m_metrics || m_metrics->isSettled()) && (!m_alerts || !m_alerts->isSending()))
            loop.quit();
    };
    if (m_metrics)
        QObject::connect(m_metrics.get(), &RunMetrics::settled, &loop, quitWhenDone);
    if (m_alerts)
        QObject::connect(m_alerts.get(), &RunAlerts::allSent, &loop, quitWhenDone);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    loop.exec();
}

int RunSession::execute(const RunOptions& options)
{
    m_progressLine = !m_context.quiet && !m_context.json && ::isatty(STDERR_FILENO);
    const ProgressLineLogGuard logGuard(m_progressLine);
    RunController controller;
    SignalWatcher signals;
    RunSummary result;
    bool done = false;
    QEventLoop loop;
    QObject::connect(&signals, &SignalWatcher::received, &controller, [&](int) { controller.stop(); });
    QObject::connect(&controller, &RunController::progressUpdated, &controller,
                     [&](const RunProgress& p) { printProgress(p, false); });
    QObject::connect(&controller, &RunController::logMessage, &controller, [&](const QString& message) {
        if (!m_context.quiet && !m_context.json) {
            if (m_progressLine)
                m_context.err << '\r' << QStringLiteral("\x1b[K");
            m_context.err << message << '\n';
            m_context.err.flush();
        }
    });
    QObject::connect(&controller, &RunController::finished, &controller, [&](const RunSummary& summary) {
        result = summary;
        done = true;
        loop.quit();
    });
    if (!m_context.quiet && !m_context.json && m_context.config.api.simulated)
        m_context.err << "Using the built-in API simulator at " << m_context.config.api.baseUrl.toString()
                      << " (SIMULATED: vectors are deterministic, not real embeddings)\n";
    if (!attachObservers(controller))
        return ExitError;
    // Which program made the run: the same three facts go into its row of embedding_runs.
    qCInfo(lcCli).noquote() << "embedctl" << BuildInfo::summary();
    controller.start(m_context.config, options);
    if (!done)
        loop.exec();
    waitForAlerts();
    printProgress(result.progress, true);
    if (!result.error.isEmpty())
        m_context.fail(result.error);
    m_lastSummary = result;
    if (m_printSummary)
        printSummary(result);
    return result.exitCode();
}

} // namespace ec
