#!/usr/bin/env bash
# Starts or stops PGlite (PostgreSQL compiled to WebAssembly, with the real pgvector
# extension) on the PostgreSQL wire protocol, for the tests of the vector(N) path.
#
#   pglite-server.sh start <dir>   runs pglite-server on a free loopback port, waits until it
#                                  accepts connections, writes <dir>/url and <dir>/pid
#   pglite-server.sh stop <dir>    stops it and removes <dir>
#
# PGlite serves one session at a time, breaks on COPY FROM STDIN and keeps prepared statements
# across connections: clients use one connection and run DISCARD ALL after connecting (the
# store does that by itself when the server reports PGlite).
# Needs the npm packages of tests/node (npm ci --prefix tests/node).
set -euo pipefail

action=${1:-}
dir=${2:-}
if [[ -z "$action" || -z "$dir" ]]; then
    echo "usage: $0 start|stop <dir>" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_dir="${EC_NODE_DIR:-$root/tests/node}"
server="$node_dir/node_modules/.bin/pglite-server"

stop_server() {
    [[ -d "$dir" ]] || return 0
    if [[ -f "$dir/pid" ]]; then
        local pid
        pid=$(cat "$dir/pid")
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf "$dir"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case "$action" in
stop)
    stop_server
    exit 0
    ;;
start) ;;
*)
    echo "unknown action: $action" >&2
    exit 2
    ;;
esac

if [[ ! -x "$server" ]]; then
    echo "pglite-server: $server is missing (run: npm ci --prefix tests/node)" >&2
    exit 1
fi
command -v node >/dev/null 2>&1 || {
    echo "pglite-server: node is not installed" >&2
    exit 1
}

stop_server
mkdir -p "$dir"
for attempt in $(seq 1 10); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    # setsid: the server outlives this script (ctest runs the fixture's setup and cleanup
    # as separate steps) and is stopped through its pid.
    (cd "$node_dir" && exec setsid "$server" -d memory:// -h 127.0.0.1 -p "$port" \
        -e @electric-sql/pglite-pgvector:vector >"$dir/server.log" 2>&1 </dev/null) &
    pid=$!
    echo "$pid" >"$dir/pid"
    for _ in $(seq 1 600); do # up to 60 s: the WebAssembly module loads first
        if grep -q "listening on" "$dir/server.log" 2>/dev/null; then
            echo "postgresql://postgres:postgres@127.0.0.1:$port/postgres" >"$dir/url"
            echo "$port" >"$dir/port"
            echo "pglite-server: PGlite with pgvector on 127.0.0.1:$port (pid $pid)"
            exit 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    if grep -q "EADDRINUSE" "$dir/server.log" 2>/dev/null; then
        continue
    fi
    echo "pglite-server: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
done
echo "pglite-server: no free port found" >&2
exit 1
