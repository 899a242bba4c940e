#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster for the test run.
#
#   pg-test-cluster.sh start <dir>   initdb + start on a free loopback port; writes
#                                    <dir>/url       postgresql://postgres@127.0.0.1:PORT/postgres (trust)
#                                    <dir>/auth_url  the same for role ec_auth, which needs a password
#                                    <dir>/auth_password  that role's password
#   pg-test-cluster.sh stop <dir>    stops the server and removes the cluster and <dir>
#   pg-test-cluster.sh restart <dir> a fast shutdown and start again on the same port (fault tests)
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user
# (created by the Debian package) and its data lives in a private temporary directory that
# user owns. Listens on 127.0.0.1 only, fsync off (test data is disposable).
# EC_PG_DURABLE=1 keeps PostgreSQL's durable defaults instead (fsync, synchronous_commit,
# full_page_writes on, shared_buffers 128MB): what `embedctl benchmark` figures are taken on.
set -euo pipefail

action=${1:-}
dir=${2:-}
if [[ -z "$action" || -z "$dir" ]]; then
    echo "usage: $0 start|stop|restart <dir>" >&2
    exit 2
fi

find_bindir() {
    local candidate
    for candidate in "${PG_BINDIR:-}" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_cluster() {
    [[ -d "$dir" ]] || return 0
    local data=""
    [[ -f "$dir/datadir" ]] && data=$(cat "$dir/datadir")
    if [[ -n "$data" && -f "$data/postmaster.pid" ]]; then
        local bindir
        bindir=$(find_bindir) || true
        as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$data" && "$data" == /tmp/ec-pg.* ]]; then
        rm -rf "$data"
    fi
    rm -rf "$dir"
}

case "$action" in
stop)
    stop_cluster
    exit 0
    ;;
restart)
    # A fast shutdown (sessions terminated, as in a real restart or failover) and a start on
    # the same port with the same options; the database survives.
    data=$(cat "$dir/datadir")
    as_owner "$(find_bindir)/pg_ctl" -D "$data/pgdata" -m fast -w -t 60 restart >/dev/null
    exit 0
    ;;
start) ;;
*)
    echo "unknown action: $action" >&2
    exit 2
    ;;
esac

bindir=$(find_bindir) || {
    echo "pg-test-cluster: PostgreSQL server binaries not found (install postgresql-15)" >&2
    exit 1
}
if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    echo "pg-test-cluster: running as root needs the 'postgres' user (from the postgresql package)" >&2
    exit 1
fi

stop_cluster # a cluster left over from an interrupted run
mkdir -p "$dir"
data=$(mktemp -d /tmp/ec-pg.XXXXXX)
echo "$data" >"$dir/datadir"
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$data"
fi
chmod 700 "$data"

password="ec-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
pwfile="$data/.pw"
as_owner bash -c "umask 077; printf '%s\n' 'unused-superuser-pw' >'$pwfile'"
as_owner "$bindir/initdb" -D "$data/pgdata" -U postgres -E UTF8 --locale=C -A trust -N --pwfile="$pwfile" \
    >"$data/initdb.log" 2>&1 || {
    cat "$data/initdb.log" >&2
    exit 1
}
rm -f "$pwfile"

# The role ec_auth must give its password (scram); everyone else is trusted on loopback.
as_owner bash -c "cat >'$data/pgdata/pg_hba.conf'" <<'HBA'
host    all     ec_auth     127.0.0.1/32    scram-sha-256
host    all     all         127.0.0.1/32    trust
local   all     all                         trust
HBA

if [[ "${EC_PG_DURABLE:-0}" == 1 ]]; then
    server_options="-c shared_buffers=128MB"
else
    server_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
fi

started=""
for attempt in $(seq 1 20); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    if as_owner "$bindir/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$data' \
            -c max_connections=200 $server_options" \
        start >/dev/null 2>&1; then
        started=$port
        break
    fi
    sleep 0.2
done
if [[ -z "$started" ]]; then
    echo "pg-test-cluster: the server did not start; its log:" >&2
    cat "$data/server.log" >&2 || true
    exit 1
fi

as_owner "$bindir/psql" -X -q -h 127.0.0.1 -p "$started" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE ec_auth LOGIN SUPERUSER PASSWORD '$password'" >/dev/null

echo "postgresql://postgres@127.0.0.1:$started/postgres" >"$dir/url"
echo "postgresql://ec_auth@127.0.0.1:$started/postgres" >"$dir/auth_url"
echo "$password" >"$dir/auth_password"
echo "$started" >"$dir/port"
echo "pg-test-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$started ($data)"
