#pragma once
// `embedding-console --benchmark-ui [--items N]`: runs the real console window on a simulated
// run of N (default 20,000) demo items and measures the longest event-loop stall of the UI
// thread (the gap between ticks of a 5 ms timer) while the run goes. Prints one line:
//     max_stall_ms=… p99_stall_ms=… items=… processed=… run_seconds=… state=… ticks=…
//     loadavg=… max_stall_at_s=… target_max_stall_ms=16 verdict=met|not_met
// The target is a longest stall of at most 16 ms (a frame at 60 Hz) at any catalog size;
// max_stall_at_s says when in the run the longest one came.

#include <QTextStream>

namespace ec::ui {

class UiLanguage;

struct UiBenchmarkOptions
{
    int items = 20000;
    int latencyMs = 20;
    int timeoutSeconds = 600;
};

class UiBenchmark
{
public:
    /// The longest stall the console may have, in milliseconds.
    static constexpr double kTargetMaxStallMs = 16.0;

    explicit UiBenchmark(UiLanguage* language, UiBenchmarkOptions options = {});
    /// Runs the benchmark and prints its figures; 0 when the run completed, 1 otherwise.
    int run(QTextStream& out, QTextStream& err);

private:
    UiLanguage* m_language;
    UiBenchmarkOptions m_options;
};

} // namespace ec::ui
