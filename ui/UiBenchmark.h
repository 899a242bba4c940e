#pragma once
// `embedding-console --benchmark-ui`: runs the real console window on a simulated run of
// 20,000 demo items and measures the longest event-loop stall of the UI thread (the gap
// between ticks of a 5 ms timer) while the run goes. Prints
//     max_stall_ms=… p99_stall_ms=… items=… run_seconds=… state=…
// The target is a max stall under 50 ms.

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
    explicit UiBenchmark(UiLanguage* language, UiBenchmarkOptions options = {});
    /// Runs the benchmark and prints its figures; 0 when the run completed, 1 otherwise.
    int run(QTextStream& out, QTextStream& err);

private:
    UiLanguage* m_language;
    UiBenchmarkOptions m_options;
};

} // namespace ec::ui
