#!/usr/bin/env bash
# Installs the Debian 12 packages Embedding Console needs to build, run and test.
# Idempotent: packages already present are skipped. Must run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n qt6-httpserver-dev qt6-websockets-dev
  qt6-qpa-plugins libqt6sql6-psql libqt6sql6-sqlite libgl-dev libqt6opengl6-dev
  libpq-dev postgresql-15 postgresql-client-15
  fonts-noto-cjk xvfb xauth prometheus clang-format
  # The Debian package (cpack, tests/packaging): dpkg-shlibdeps derives Depends, `file` finds the
  # ELF files for it, lintian checks the package, groff renders the man pages in tst_cli_docs.
  dpkg-dev file lintian groff-base
)
# Node.js drives the reference tokenizer, the official openai client and PGlite in the tests.
# A machine that already has node and npm (from any source) keeps them.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# prometheus' postinst tries to start a service; no init system is needed for promtool.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's prometheus package may start a server we do not want running.
$SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
