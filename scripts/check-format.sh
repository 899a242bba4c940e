#!/usr/bin/env bash
# Fails (exit 1, naming each file and line) when a C++ source of the project does not follow
# .clang-format. The test command runs it as the CTest entry `format`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null 2>&1; then
  echo "check-format: clang-format is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '^tests/node/')
else
  mapfile -t files < <(find app cli core ui tests -name '*.cpp' -o -name '*.h' 2>/dev/null | grep -v '/node_modules/')
fi
clang-format --dry-run -Werror "${files[@]}"
echo "check-format: ${#files[@]} files follow .clang-format"
