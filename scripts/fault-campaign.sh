#!/usr/bin/env bash
# Builds and runs the fault campaign of issue 11 (docs/reliability.md): kill -9, PostgreSQL
# restarts and connection resets against `embedctl run`, every row checked after each trial.
# Needs the PostgreSQL 15 server binaries (scripts/install-deps.sh installs them) and a
# configured preset (cmake --preset debug-asan; EC_PRESET=release for the release build).
#
#   bash scripts/fault-campaign.sh [--items N] [--seed S] [--kills N] [--restarts N] [--resets N] …
#
# Every argument goes to the fault_campaign executable (--help lists them). Exit status: 0 every
# check passed, 1 a check failed (listed at the end), 2 the campaign could not be set up.
# Where several people share one build directory, EC_BUILD_LOCK (default /tmp/ec-build.lock)
# serializes the build and the run with theirs through flock(1), when flock is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=${EC_PRESET:-debug-asan}
lock=${EC_BUILD_LOCK:-/tmp/ec-build.lock}
locked=()
if command -v flock >/dev/null 2>&1; then
    locked=(flock "$lock")
fi

"${locked[@]}" cmake --build --preset "$preset" -j2 --target fault_campaign embedctl
exec "${locked[@]}" "build/$preset/tests/pipeline/fault_campaign" "$@"
