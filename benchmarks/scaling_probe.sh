#!/usr/bin/env bash
# The short measurements docs/scaling.md quotes: PostgreSQL reads on the primary and on a
# streaming standby, writes and the standby's lag under them, many connections direct and through
# PgBouncer in transaction mode, and Redis. Each run is 10 s or less: the machine may be shared.
#
#   SHOPFLOW_PG_PORT=.. SHOPFLOW_REDIS_PORT=.. benchmarks/scaling_probe.sh
#
# Uses a database of its own (sf_pgbench, pgbench scale 10) on the local cluster, starts the
# standby (scripts/services.sh standby) and, when installed, a PgBouncer on the cluster's port + 20.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_PORT="${SHOPFLOW_PG_PORT:-54329}"
STANDBY_PORT="${SHOPFLOW_PG_STANDBY_PORT:-$((PG_PORT + 10))}"
BOUNCER_PORT=$((PG_PORT + 20))
REDIS_PORT="${SHOPFLOW_REDIS_PORT:-63799}"
SECONDS_PER_RUN="${PROBE_SECONDS:-10}"
DB=sf_pgbench
STATE="$ROOT/.local/probe"
mkdir -p "$STATE"

as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
psql_at() { psql -X -h 127.0.0.1 -U postgres -Atq "$@"; }
tps() { grep -Eo 'tps = [0-9.]+' | head -1 | cut -d' ' -f3; }
latency() { grep -Eo 'latency average = [0-9.]+ ms' | cut -d' ' -f4; }
bench() {  # port, clients, extra pgbench arguments: "TPS, average latency"
    local port="$1" clients="$2" out
    shift 2
    out="$(pgbench -h 127.0.0.1 -p "$port" -U postgres -n -c "$clients" -j 2 -T "$SECONDS_PER_RUN" "$@" "$DB" 2>&1)"
    printf '%s TPS, %s ms average' "$(tps <<<"$out")" "$(latency <<<"$out")"
}

echo "## machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $(psql_at -p "$PG_PORT" -d postgres -c 'SHOW server_version')"
if [ "$(psql_at -p "$PG_PORT" -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 0 ]; then
    psql_at -p "$PG_PORT" -d postgres -c "CREATE DATABASE $DB"
    pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -i -s 10 -q "$DB" >/dev/null 2>&1
fi
SHOPFLOW_PG_PORT="$PG_PORT" "$ROOT/scripts/services.sh" standby start >/dev/null

echo "## reads (pgbench -S, 8 clients, ${SECONDS_PER_RUN} s)"
echo "primary: $(bench "$PG_PORT" 8 -S)"
echo "standby: $(bench "$STANDBY_PORT" 8 -S)"

echo "## writes (pgbench -N, 8 clients, ${SECONDS_PER_RUN} s) and the standby's lag meanwhile"
lag_log="$STATE/lag.txt"
: >"$lag_log"
(
    end=$((SECONDS + SECONDS_PER_RUN))
    while [ "$SECONDS" -lt "$end" ]; do
        psql_at -p "$STANDBY_PORT" -d postgres -c "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END" >>"$lag_log"
        psql_at -p "$PG_PORT" -d postgres -c "SELECT coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0) FROM pg_stat_replication LIMIT 1" >>"$lag_log.bytes"
        sleep 0.2
    done
) &
sampler=$!
echo "primary: $(bench "$PG_PORT" 8 -N)"
wait "$sampler"
echo "standby lag: max $(sort -g "$lag_log" | tail -1) s, median $(sort -g "$lag_log" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') s over $(wc -l <"$lag_log") samples; max $(sort -g "$lag_log.bytes" | tail -1) bytes behind"
rm -f "$lag_log.bytes"

echo "## connections (pgbench -S, ${SECONDS_PER_RUN} s): direct, then through PgBouncer (transaction mode, pool 20)"
echo "direct, 8 clients: $(bench "$PG_PORT" 8 -S)"
echo "direct, 150 clients: $(bench "$PG_PORT" 150 -S)"
echo "backend memory: $(ps -o rss= -C postgres | sort -n | awk '{a[NR]=$1} END {printf "%d KiB median RSS of %d postgres processes", a[int((NR+1)/2)], NR}')"
if command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ]; then
    cat >"$STATE/pgbouncer.ini" <<INI
[databases]
$DB = host=127.0.0.1 port=$PG_PORT dbname=$DB
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $STATE/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 1000
logfile = $STATE/pgbouncer.log
pidfile = $STATE/pgbouncer.pid
INI
    echo '"postgres" ""' >"$STATE/userlist.txt"
    [ "$(id -u)" -ne 0 ] || chown -R postgres "$STATE"
    as_pg /usr/sbin/pgbouncer -d "$STATE/pgbouncer.ini"
    sleep 0.5
    echo "PgBouncer, 150 clients on 20 server connections: $(bench "$BOUNCER_PORT" 150 -S)"
    echo "PgBouncer, 150 clients, a new connection per transaction (-C): $(bench "$BOUNCER_PORT" 150 -S -C)"
    echo "direct, 150 clients, a new connection per transaction (-C): $(bench "$PG_PORT" 150 -S -C)"
    kill "$(cat "$STATE/pgbouncer.pid")"
fi

echo "## Redis (redis-benchmark, 50 clients)"
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -q -n 100000 -c 50 -t get,set,lpush,rpop 2>/dev/null | tr '\r' '\n' | grep -E 'requests per second' | sed 's/^/  /'
echo "pipelined 16: $(redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -q -n 200000 -c 50 -P 16 -t get 2>/dev/null | tr '\r' '\n' | grep -E 'requests per second')"
echo "Redis used memory: $(redis-cli -p "$REDIS_PORT" info memory | grep -E '^used_memory_human' | cut -d: -f2 | tr -d '\r')"

SHOPFLOW_PG_PORT="$PG_PORT" "$ROOT/scripts/services.sh" standby stop >/dev/null
