#include "ops/PrometheusExposition.h"

#include <QLocale>

#include <cmath>

namespace ec {

namespace {

/// Appends metric families to a buffer, one HELP/TYPE header per family.
class ExpositionWriter
{
public:
    void family(const char* name, const char* type, const char* help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }

    void sample(const char* name, double value, const QByteArray& labels = {})
    {
        m_out += name;
        if (!labels.isEmpty()) {
            m_out += '{';
            m_out += labels;
            m_out += '}';
        }
        m_out += ' ';
        m_out += PrometheusExposition::formatValue(value);
        m_out += '\n';
    }

    /// A family holding one unlabelled sample.
    void single(const char* name, const char* type, const char* help, double value)
    {
        family(name, type, help);
        sample(name, value);
    }

    static QByteArray label(const char* key, const QString& value)
    {
        return QByteArray(key) + "=\"" + PrometheusExposition::escapeLabelValue(value) + '"';
    }

    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

void writeStatus(ExpositionWriter& w, const StatusCounts& s)
{
    w.single("embedding_progress_percent", "gauge",
             "Share of catalog rows that have an embedding, in percent (0 for an empty table).",
             s.progressPercent);
    w.single("embedding_total_items", "gauge", "Rows in the catalog table.", double(s.totalItems));
    w.single("embedding_embedded_items", "gauge", "Catalog rows with a non-NULL embedding.",
             double(s.embeddedItems));
    w.single("embedding_pending_items", "gauge",
             "Catalog rows without an embedding (the original design's pending items).",
             double(s.seedPendingItems()));
    w.family("embedding_pending_items_by_reason", "gauge",
             "Rows that need an embedding for the configured model, by reason.");
    w.sample("embedding_pending_items_by_reason", double(s.pendingMissing),
             ExpositionWriter::label("reason", QStringLiteral("missing")));
    w.sample("embedding_pending_items_by_reason", double(s.pendingOutdated),
             ExpositionWriter::label("reason", QStringLiteral("outdated")));
    w.sample("embedding_pending_items_by_reason", double(s.pendingOtherModel),
             ExpositionWriter::label("reason", QStringLiteral("other_model")));
    w.single("embedding_failed_items", "gauge", "Items holding a failure record, parked ones included.",
             double(s.failedItems));
    w.single("embedding_parked_items", "gauge", "Items parked after repeated permanent failures.",
             double(s.parkedItems));
    if (s.batches) {
        w.single("embedding_batches_open", "gauge", "Batch API batches submitted and not collected yet.",
                 double(s.batches->open));
        w.single("embedding_batches_collected_total", "counter", "Batch API batches collected.",
                 double(s.batches->collected));
        w.single("embedding_batch_tokens_total", "counter",
                 "Tokens billed for the Batch API batches collected.", double(s.batches->collectedTokens));
        w.single("embedding_batch_cost_usd_total", "counter",
                 "Cost of the Batch API batches collected, at the Batch API price.",
                 s.batches->collectedCostUsd);
    }
    if (s.lastUpdate.isValid()) {
        w.single("embedding_last_update_timestamp_seconds", "gauge",
                 "Unix time of the newest embedding_updated_at in the table.",
                 double(s.lastUpdate.toMSecsSinceEpoch()) / 1000.0);
    }
}

void writeRun(ExpositionWriter& w, const RunProgress& p)
{
    w.family("embedding_run_info", "gauge", "The run of this process; 1 for its current state.");
    w.sample("embedding_run_info", 1, ExpositionWriter::label("state", runStateName(p.state)));
    w.single("embedding_run_id", "gauge", "Id of the run in embedding_runs (0 before it is recorded).",
             double(p.runId));
    w.single("embedding_run_progress_percent", "gauge", "Items of the run processed, in percent.",
             p.percent());
    w.single("embedding_run_items", "gauge", "Items the run set out to process.", double(p.total));

    w.family("embedding_items_processed_total", "counter", "Items the run has finished, by outcome.");
    const auto outcome = [&](const char* name, qint64 value) {
        w.sample("embedding_items_processed_total", double(value),
                 ExpositionWriter::label("outcome", QLatin1String(name)));
    };
    outcome("succeeded", p.succeeded);
    outcome("unchanged", p.unchanged);
    outcome("failed", p.failed);
    outcome("skipped", p.skipped);

    w.single("embedding_items_deduped_total", "counter",
             "Succeeded items served by another item's identical text in the same run.", double(p.deduped));
    w.single("embedding_items_cached_total", "counter",
             "Succeeded items served from the persistent cache without an API call.", double(p.cached));
    w.single("embedding_items_truncated_total", "counter", "Items whose text was cut to the token limit.",
             double(p.truncated));
    w.single("embedding_tokens_total", "counter", "Tokens sent to the embeddings API.", double(p.tokens));
    w.single("embedding_cost_usd_total", "counter", "Cost of the tokens sent, in US dollars (list price).",
             p.costUsd);
    w.single("embedding_api_requests_total", "counter",
             "Embedding API requests made (HTTP attempts), failed ones included.", double(p.apiRequests));
    w.single("embedding_api_inputs_total", "counter", "Texts sent to the embeddings API.",
             double(p.apiInputs));
    w.single("embedding_api_errors_total", "counter",
             "Failed embedding requests of any kind, before retries.", double(p.apiErrors));
    w.single("embedding_api_retries_total", "counter", "Embedding requests sent again after a failure.",
             double(p.retries));
    w.single("embedding_api_rate_limited_total", "counter", "HTTP 429 responses from the embeddings API.",
             double(p.rateLimited));
    w.single("embedding_database_retries_total", "counter",
             "Database steps redone after a transient error (deadlock, lock timeout, lost connection).",
             double(p.databaseRetries));
    w.family("embedding_api_limit_per_minute", "gauge",
             "Rate limit in force (0: none, the client adapts), by kind and by where it comes from: the "
             "server's x-ratelimit-limit-* header, the operator's cap, or adaptive.");
    w.sample("embedding_api_limit_per_minute", p.requestsPerMinuteLimit,
             "kind=\"requests\",source=\"" + p.requestsLimitSource.toUtf8() + "\"");
    w.sample("embedding_api_limit_per_minute", p.tokensPerMinuteLimit,
             "kind=\"tokens\",source=\"" + p.tokensLimitSource.toUtf8() + "\"");
    w.single("embedding_api_requests_in_flight", "gauge", "Embedding requests awaiting their response.",
             double(p.inFlight));
    w.single("embedding_items_per_second", "gauge", "Items finished per second over the last seconds.",
             p.itemsPerSecond);
    w.single("embedding_run_elapsed_seconds", "gauge", "Seconds since the run started.", p.elapsedSeconds);
    if (p.etaSeconds >= 0) {
        w.single("embedding_run_eta_seconds", "gauge", "Estimated seconds until the run is done.",
                 p.etaSeconds);
    }
}

void writeLatency(ExpositionWriter& w, const LatencyHistogram& h)
{
    w.family("embedding_api_request_duration_seconds", "histogram",
             "Latency of embedding API requests, from sending to the last byte.");
    const QVector<double>& bounds = h.upperBounds();
    const QVector<quint64> counts = h.cumulativeCounts();
    for (int i = 0; i < bounds.size(); ++i) {
        w.sample("embedding_api_request_duration_seconds_bucket", double(counts[i]),
                 "le=\"" + PrometheusExposition::formatValue(bounds[i]) + '"');
    }
    w.sample("embedding_api_request_duration_seconds_bucket", double(h.count()),
             QByteArrayLiteral("le=\"+Inf\""));
    w.sample("embedding_api_request_duration_seconds_sum", h.sum());
    w.sample("embedding_api_request_duration_seconds_count", double(h.count()));
}

void writeProcess(ExpositionWriter& w, const ProcessStats& p)
{
    w.single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", double(p.rssBytes));
    w.single("process_peak_resident_memory_bytes", "gauge", "Peak resident memory size in bytes.",
             double(p.peakRssBytes));
    w.single("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
             p.cpuSeconds);
}

} // namespace

QByteArray PrometheusExposition::formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

QByteArray PrometheusExposition::escapeLabelValue(const QString& value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray PrometheusExposition::render(const MetricsSnapshot& snapshot)
{
    ExpositionWriter w;
    if (snapshot.status)
        writeStatus(w, *snapshot.status);
    if (snapshot.run)
        writeRun(w, *snapshot.run);
    if (snapshot.run || snapshot.status) {
        const double errors =
            snapshot.run ? double(snapshot.run->failed) : double(snapshot.status->failedItems);
        w.single("embedding_errors_total", "counter",
                 "Items that failed to embed: in this run, or holding a failure record when no run is going.",
                 errors);
    }
    if (snapshot.latency)
        writeLatency(w, *snapshot.latency);
    if (snapshot.process)
        writeProcess(w, *snapshot.process);
    return w.take();
}

QByteArray renderStatusMetrics(const StatusCounts& status)
{
    MetricsSnapshot snapshot;
    snapshot.status = status;
    return PrometheusExposition::render(snapshot);
}

QByteArray PrometheusExposition::withLabel(const QByteArray& exposition, const QByteArray& key,
                                           const QString& value)
{
    const QByteArray label = key + "=\"" + escapeLabelValue(value) + '"';
    QByteArray out;
    out.reserve(exposition.size() + exposition.count('\n') * (label.size() + 3));
    for (const QByteArray& line : exposition.split('\n')) {
        if (line.isEmpty() || line.startsWith('#')) {
            out += line;
        } else {
            // "name value", "name{a="b"} value": the name ends at the first '{' or space.
            const int brace = line.indexOf('{');
            const int space = line.indexOf(' ');
            if (brace >= 0 && (space < 0 || brace < space)) {
                const bool empty = line.at(brace + 1) == '}';
                out += line.left(brace + 1) + label + (empty ? "" : ",") + line.mid(brace + 1);
            } else if (space > 0) {
                out += line.left(space) + '{' + label + '}' + line.mid(space);
            } else {
                out += line;
            }
        }
        out += '\n';
    }
    out.chop(1); // split() made one line more than the newlines
    return out;
}

} // namespace ec
