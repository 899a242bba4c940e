#!/usr/bin/env bash
# Builds the Debian package from a configured and built tree with cpack and checks it:
#   - the file is embedding-console_<version>_<arch>.deb and `dpkg-deb -c` lists every file the
#     package must install; Depends came from dpkg-shlibdeps (the Qt 6 libraries are there);
#   - lintian reports no errors;
#   - `dpkg -x` into a fresh directory, then `embedctl --version` and `embedctl demo` (the
#     embedded default catalog, the built-in simulator) run from it, Qt from the system;
#   - `systemd-analyze verify` accepts the units, where the tool exists.
# Usage: check-package.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1
work=$2
fail() { echo "check-package: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack failed"
fi
shopt -s nullglob
debs=("$work"/out/*.deb)
[ "${#debs[@]}" -eq 1 ] || fail "expected one .deb in $work/out, found ${#debs[@]}"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$(basename "$deb")" = "embedding-console_${version}_${arch}.deb" ] || fail "unexpected file name $(basename "$deb")"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#' >"$work/contents"
expected=(
  /usr/bin/embedctl
  /usr/bin/embedding-console
  /usr/share/embedding-console/translations/embedding-console_ko.qm
  /usr/share/embedding-console/translations/embedding-console_en.qm
  /usr/share/applications/embedding-console.desktop
  /usr/share/icons/hicolor/256x256/apps/embedding-console.png
  /usr/share/icons/hicolor/scalable/apps/embedding-console.svg
  /usr/share/metainfo/io.github.embedding_console.EmbeddingConsole.metainfo.xml
  /usr/share/man/man1/embedctl.1.gz
  /usr/share/man/man1/embedding-console.1.gz
  /usr/share/bash-completion/completions/embedctl
  /usr/lib/systemd/system/embedctl-worker@.service
  /usr/lib/systemd/system/embedctl.service
  /usr/lib/systemd/system/embedctl.timer
  /etc/embedctl/embedctl.conf
  /usr/share/doc/embedding-console/copyright
  /usr/share/doc/embedding-console/changelog.gz
  /usr/share/doc/embedding-console/operations.md
  /usr/share/doc/embedding-console/examples/embedctl.crontab
  /usr/share/doc/embedding-console/examples/embedctl-worker@.service
  /usr/share/doc/embedding-console/examples/embedctl.timer
)
for f in "${expected[@]}"; do
  grep -qxF "$f" "$work/contents" || fail "dpkg-deb -c does not list $f"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qxF /etc/embedctl/embedctl.conf ||
  fail "/etc/embedctl/embedctl.conf is not a conffile"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libqt6core6 libqt6network6 libqt6sql6 libqt6widgets6 libpq5 libqt6sql6-psql libqt6sql6-sqlite; do
  [[ ", $depends," == *", $lib"[\ ,]* ]] || fail "Depends lacks $lib: $depends"
done
echo "contents: ${#expected[@]} files checked; Depends: $depends"

command -v lintian >/dev/null || fail "lintian is not installed (scripts/install-deps.sh installs it)"
# (As root lintian prints "running with root privileges is not recommended!": not a finding.)
if ! lintian --fail-on error "$deb" >"$work/lintian.log" 2>&1; then
  cat "$work/lintian.log" >&2
  fail "lintian reports errors"
fi
grep -v '^running with root' "$work/lintian.log" || true
echo "lintian: no errors"

root=$work/root
dpkg -x "$deb" "$root"
unset LD_LIBRARY_PATH
"$root/usr/bin/embedctl" --version >"$work/version.txt"
cat "$work/version.txt"
grep -qx "embedctl $version" "$work/version.txt" || fail "embedctl --version does not say $version"
grep -q '^git commit ' "$work/version.txt" || fail "embedctl --version names no commit"
# The demo on the embedded default (a fresh HOME): creates the catalog, embeds it with the simulator.
mkdir -p "$work/home"
HOME=$work/home XDG_DATA_HOME=$work/home/.local/share XDG_CONFIG_HOME=$work/home/.config \
  "$root/usr/bin/embedctl" demo --items 300 --json >"$work/demo.json" 2>"$work/demo.log" ||
  { cat "$work/demo.log" >&2; fail "embedctl demo failed"; }
grep -q '"status": "completed' "$work/demo.json" || { cat "$work/demo.json" >&2; fail "the demo run did not complete"; }
grep -q '"simulated": true' "$work/demo.json" || fail "the demo did not use the simulator"
echo "embedctl demo: $(grep -o '"succeeded": [0-9]*' "$work/demo.json")"
bash -n "$root/usr/share/bash-completion/completions/embedctl" || fail "the completion is not valid bash"
# Every option the units and the crontab pass to `embedctl run` exists.
"$root/usr/bin/embedctl" run --help >"$work/run-help.txt"
for file in "$root"/usr/lib/systemd/system/* "$root/usr/share/doc/embedding-console/examples/embedctl.crontab"; do
  for option in $(grep -o 'embedctl run [^;>]*' "$file" | grep -o -- '--[a-z-]*' | sort -u); do
    grep -qE -- "^  (-., )?$option( |$)" "$work/run-help.txt" || fail "$(basename "$file") passes $option, which embedctl run does not know"
  done
done
# The settings file the units read parses, comments and all: a copy naming another table.
sed 's/^table=ai_items$/table=conf_probe/' "$root/etc/embedctl/embedctl.conf" >"$work/probe.conf"
"$root/usr/bin/embedctl" print-trigger --config "$work/probe.conf" | grep -q 'ON "conf_probe"' ||
  fail "embedctl does not read the keys of /etc/embedctl/embedctl.conf"

if command -v systemd-analyze >/dev/null; then
  # The units name /usr/bin/embedctl: point them at the extracted one for the check.
  mkdir -p "$work/units"
  for unit in "$root"/usr/lib/systemd/system/*; do
    sed "s#/usr/bin/embedctl#$root/usr/bin/embedctl#g" "$unit" >"$work/units/$(basename "$unit")"
  done
  (cd "$work/units" &&
    MANPATH=$root/usr/share/man systemd-analyze verify ./embedctl-worker@1.service ./embedctl.service ./embedctl.timer) ||
    fail "systemd-analyze verify rejects the units"
  echo "systemd-analyze verify: units accepted"
else
  echo "systemd-analyze not found: units not verified"
fi
