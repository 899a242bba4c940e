#!/usr/bin/env bash
# Runs the main job, from a fresh Debian 12 machine: installs what is missing, builds the
# release preset, then
#  - with a display: opens the console on the configured catalog (the embedded default),
#  - without one: embeds the catalog with `embedctl run` and prints the summary.
# With no database configured it uses the embedded SQLite catalog (created with the demo data
# on first use); with no API key or endpoint configured it uses the built-in simulator, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
# Only the two programs this script runs; scripts/test.sh builds everything, the tests included.
cmake --build --preset release -j"$(nproc)" --target embedctl embedding-console

bin=build/release/app
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # A fresh account lands on the demo catalog, one click (Start run) from a run against the
  # simulator; a configured or existing catalog is left as it is.
  "$bin/embedctl" init-demo --first-run || true
  exec "$bin/embedding-console" "$@"
fi
exec "$bin/embedctl" demo "$@"
