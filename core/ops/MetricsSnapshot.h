#pragma once
// Everything the metrics expose at one moment. Each part is optional: `status --prometheus`
// has the table's counts only, a run adds its progress, its request latencies and the
// process figures.

#include "ops/LatencyHistogram.h"
#include "pipeline/RunTypes.h"
#include "store/StoreTypes.h"
#include "util/ProcessStats.h"

#include <optional>

namespace ec {

struct MetricsSnapshot
{
    std::optional<StatusCounts> status;      ///< the catalog table (ItemStore status)
    std::optional<RunProgress> run;          ///< the run of this process
    std::optional<LatencyHistogram> latency; ///< API request latencies of the run
    std::optional<ProcessStats> process;     ///< this process's RSS and CPU time
};

} // namespace ec
