#!/usr/bin/env bash
# Runs every test, from a fresh Debian 12 machine: installs what is missing, builds the
# debug preset with AddressSanitizer + UBSan, and runs the CTest suite (real PostgreSQL 15,
# PGlite with pgvector, loopback HTTP, offscreen widgets).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# Reference tokenizer, the official openai client and PGlite, pinned by tests/node/package-lock.json.
if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules ]; then
  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi

cmake --preset debug-asan >/dev/null
cmake --build --preset debug-asan -j"$(nproc)"
ctest --preset debug-asan -j"$(nproc)" "$@"
