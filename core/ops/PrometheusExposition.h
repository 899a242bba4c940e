#pragma once
// Renders a MetricsSnapshot in the Prometheus text exposition format (version 0.0.4), the
// format node_exporter's textfile collector and a /metrics scrape read. Every family has
// HELP and TYPE lines, base units and `_total` counters; the output passes
// `promtool check metrics`. The metric names are documented in docs/operations.md.
//
// Table (when the snapshot has status):
//   embedding_progress_percent, embedding_total_items, embedding_embedded_items,
//   embedding_pending_items (the original design's: rows without an embedding),
//   embedding_pending_items_by_reason{reason}, embedding_failed_items, embedding_parked_items,
//   embedding_last_update_timestamp_seconds
// Run (when the snapshot has run):
//   embedding_run_info{state}, embedding_run_id, embedding_run_progress_percent,
//   embedding_run_items, embedding_items_processed_total{outcome}, embedding_items_deduped_total,
//   embedding_items_cached_total, embedding_items_truncated_total, embedding_tokens_total,
//   embedding_cost_usd_total, embedding_api_requests_total, embedding_api_inputs_total,
//   embedding_api_errors_total, embedding_api_retries_total, embedding_api_rate_limited_total,
//   embedding_api_requests_in_flight, embedding_items_per_second, embedding_run_elapsed_seconds,
//   embedding_run_eta_seconds
// Both: embedding_errors_total (the run's failed items when there is a run, else the items
// holding a failure record).
// Latency: embedding_api_request_duration_seconds (histogram).
// Process: process_resident_memory_bytes, process_peak_resident_memory_bytes,
//   process_cpu_seconds_total.

#include "ops/MetricsSnapshot.h"

#include <QByteArray>

namespace ec {

class PrometheusExposition
{
public:
    /// The Content-Type of the format, for an HTTP response.
    static QByteArray contentType() { return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"); }

    static QByteArray render(const MetricsSnapshot& snapshot);

    /// A sample value as the format spells it: shortest round-trip decimal, NaN, +Inf, -Inf.
    static QByteArray formatValue(double value);
    /// A label value with \, " and newline escaped.
    static QByteArray escapeLabelValue(const QString& value);
    /// The exposition with the label key="value" added to every sample (first among its
    /// labels), e.g. worker="db1-2" for one of several workers scraped by one Prometheus.
    static QByteArray withLabel(const QByteArray& exposition, const QByteArray& key, const QString& value);
};

/// `embedctl status --prometheus`: the table's figures (a snapshot with status only).
QByteArray renderStatusMetrics(const StatusCounts& status);

} // namespace ec
