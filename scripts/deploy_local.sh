#!/usr/bin/env bash
# The production stack on this machine, without Docker: nginx (TLS, HTTP -> HTTPS, static files)
# in front of gunicorn, a Celery worker on every queue and Celery beat, with the production settings.
#
#   scripts/deploy_local.sh start    (make deploy-local) collect static files, make a self-signed
#                                    certificate once, start the four and wait until HTTPS answers
#   scripts/deploy_local.sh stop     (make deploy-stop) stop the four
#   scripts/deploy_local.sh reload   graceful reload: new code and configuration, no request lost
#
# DEPLOY_STATE (default .local/deploy) holds the configuration it renders, the certificate, the
# static files, pid files and logs. Ports: DEPLOY_HTTPS_PORT (8443), DEPLOY_HTTP_PORT (8080),
# DEPLOY_APP_PORT (8001, gunicorn on 127.0.0.1). DATABASE_URL and REDIS_URL come from the
# environment or .env (make services). The same files serve a real server: deploy/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEPLOY_STATE="${DEPLOY_STATE:-$ROOT/.local/deploy}"
export HTTPS_PORT="${DEPLOY_HTTPS_PORT:-8443}"
export HTTP_PORT="${DEPLOY_HTTP_PORT:-8080}"
export APP_ADDRESS="127.0.0.1:${DEPLOY_APP_PORT:-8001}"
export STATIC_ROOT="$DEPLOY_STATE/static"
export TLS_CERT="$DEPLOY_STATE/tls/cert.pem"
export TLS_KEY="$DEPLOY_STATE/tls/key.pem"
LOG="$DEPLOY_STATE/log"
VENV="$ROOT/.venv/bin"

log() { printf '[deploy] %s\n' "$*"; }
die() { printf '[deploy] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# The Debian packages the stack uses, installed when missing (as root) or named (otherwise).
ensure_tools() {
    local missing=() pair
    for pair in nginx:nginx envsubst:gettext-base openssl:openssl curl:curl; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair#*:}")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    is_root || die "missing: ${missing[*]} (Debian: sudo apt-get install ${missing[*]})"
    log "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

nginx_binary() {
    command -v nginx || echo /usr/sbin/nginx
}

# The production settings with this machine's values; the secret key is made once and kept.
write_environment() {
    if [ ! -f "$DEPLOY_STATE/secret_key" ]; then
        (umask 077 && "$VENV/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$DEPLOY_STATE/secret_key")
    fi
    export DJANGO_SETTINGS_MODULE=shopflow.settings.production
    SECRET_KEY="$(cat "$DEPLOY_STATE/secret_key")"
    export SECRET_KEY
    # Local only: the key the development data was encrypted with (a real server sets its own).
    export FIELD_ENCRYPTION_KEY="${FIELD_ENCRYPTION_KEY:-dev-only-insecure-field-encryption-key}"
    export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
    export CSRF_TRUSTED_ORIGINS="${CSRF_TRUSTED_ORIGINS:-https://127.0.0.1:$HTTPS_PORT,https://localhost:$HTTPS_PORT}"
    export TRUSTED_PROXY_COUNT=1
    # A self-signed certificate: no browser should remember HSTS for it beyond a day.
    export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-86400}"
    export GUNICORN_BIND="$APP_ADDRESS" GUNICORN_PIDFILE="$DEPLOY_STATE/gunicorn.pid"
    export GUNICORN_CONTROL_SOCKET="$DEPLOY_STATE/gunicorn.ctl"
    export GUNICORN_ACCESS_LOG="$LOG/gunicorn-access.log" GUNICORN_ERROR_LOG="$LOG/gunicorn-error.log"
}

make_certificate() {
    [ -f "$TLS_CERT" ] && return 0
    log "making a self-signed certificate for localhost and 127.0.0.1"
    deploy/make-cert.sh "$(dirname "$TLS_CERT")"
}

render_nginx() {
    mkdir -p "$DEPLOY_STATE/nginx-tmp"
    local site_vars='${HTTP_PORT} ${HTTPS_PORT} ${APP_ADDRESS} ${STATIC_ROOT} ${TLS_CERT} ${TLS_KEY}'
    envsubst "$site_vars" <deploy/nginx/shopflow.conf.template >"$DEPLOY_STATE/shopflow.conf"
    envsubst '${DEPLOY_STATE}' <deploy/nginx/local.conf.template >"$DEPLOY_STATE/nginx.conf"
}

# nginx's workers run as an unprivileged user when the master is root: they must reach the files.
grant_static_traversal() {
    is_root || return 0
    chmod -R o+rX "$STATIC_ROOT"
    local dir="$STATIC_ROOT"
    while [ "$dir" != "/" ]; do
        chmod o+x "$dir" 2>/dev/null || true
        dir="$(dirname "$dir")"
    done
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_all() {
    [ -x "$VENV/gunicorn" ] || die ".venv is missing: make venv"
    mkdir -p "$LOG"
    ensure_tools
    local nginx
    nginx="$(nginx_binary)"
    write_environment
    log "collecting static files (hashed names)"
    "$VENV/python" manage.py collectstatic --no-input -v0
    make_certificate
    render_nginx
    grant_static_traversal
    "$nginx" -t -q -p "$DEPLOY_STATE" -c "$DEPLOY_STATE/nginx.conf" -e "$LOG/nginx-error.log"

    running "$GUNICORN_PIDFILE" || start_web
    running "$DEPLOY_STATE/worker.pid" || start_worker
    running "$DEPLOY_STATE/beat.pid" || "$VENV/celery" -A shopflow beat --detach --loglevel=INFO \
        --schedule="$DEPLOY_STATE/celerybeat-schedule" --pidfile="$DEPLOY_STATE/beat.pid" --logfile="$LOG/beat.log"
    running "$DEPLOY_STATE/nginx.pid" || "$nginx" -p "$DEPLOY_STATE" -c "$DEPLOY_STATE/nginx.conf" -e "$LOG/nginx-error.log"

    wait_for_https
    wait_for_pidfile "$DEPLOY_STATE/worker.pid"
    wait_for_pidfile "$DEPLOY_STATE/beat.pid"
    cat <<MSG

  ShopFlow (production settings) is running behind nginx
    storefront  https://127.0.0.1:$HTTPS_PORT/   (self-signed: $TLS_CERT)
    admin       https://127.0.0.1:$HTTPS_PORT/admin/
    API         https://127.0.0.1:$HTTPS_PORT/api/v1/
    plain HTTP  http://127.0.0.1:$HTTP_PORT/ redirects to HTTPS
    health      https://127.0.0.1:$HTTPS_PORT/healthz (liveness), /healthz/ready (every dependency)
  Logs: $LOG. Stop: make deploy-stop.

MSG
}

# In the background, in a session of its own; gunicorn writes its pid file once it listens.
start_web() {
    setsid "$VENV/gunicorn" -c deploy/gunicorn.conf.py shopflow.wsgi </dev/null >>"$LOG/gunicorn-error.log" 2>&1 &
}

# Without -Q the worker consumes every queue of CELERY_TASK_QUEUES.
start_worker() {
    rm -f "$DEPLOY_STATE/worker.pid"
    "$VENV/celery" -A shopflow worker --detach --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" \
        -n "deploy-local@%h" --pidfile="$DEPLOY_STATE/worker.pid" --logfile="$LOG/worker.log"
}

# A detached process writes its pid file a moment after the command returns: until then a stop
# would not find it.
wait_for_pidfile() {
    for _ in $(seq 1 150); do
        running "$1" && return 0
        sleep 0.2
    done
    die "no process wrote $1 (logs: $LOG)"
}

# Liveness through nginx: 200 once gunicorn serves and reaches PostgreSQL. Workers and beat are
# not waited for (they report in /healthz/ready within a minute).
wait_for_https() {
    local code i
    for i in $(seq 1 120); do
        code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS_CERT" "https://127.0.0.1:$HTTPS_PORT/healthz" || true)"
        [ "$code" = 200 ] && return 0
        sleep 0.25
    done
    tail -20 "$LOG/gunicorn-error.log" >&2 || true
    die "https://127.0.0.1:$HTTPS_PORT/healthz did not answer (logs: $LOG)"
}

# All four are told at once, then waited for: each finishes what it is doing (gunicorn its
# requests, the worker its tasks) within graceful_timeout, after which it is killed.
stop_all() {
    local name pidfile pids=()
    for name in nginx gunicorn beat worker; do
        pidfile="$DEPLOY_STATE/$name.pid"
        if running "$pidfile"; then
            log "stopping $name"
            pids+=("$(cat "$pidfile")")
            kill -TERM "${pids[-1]}"
        fi
        rm -f "$pidfile"
    done
    local pid
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    done
}

# HUP: gunicorn replaces its workers one by one with the new code; nginx re-reads its files with
# the connections it has kept; the worker is restarted warm (it finishes its tasks first).
reload_all() {
    write_environment
    "$VENV/python" manage.py collectstatic --no-input -v0
    render_nginx
    running "$GUNICORN_PIDFILE" && kill -HUP "$(cat "$GUNICORN_PIDFILE")"
    running "$DEPLOY_STATE/nginx.pid" && kill -HUP "$(cat "$DEPLOY_STATE/nginx.pid")"
    if running "$DEPLOY_STATE/worker.pid"; then
        # Warm shutdown: the tasks in hand are finished, the rest stay in the queue.
        local pid
        pid="$(cat "$DEPLOY_STATE/worker.pid")"
        kill -TERM "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
        start_worker
        wait_for_pidfile "$DEPLOY_STATE/worker.pid"
    fi
}

mkdir -p "$DEPLOY_STATE"
case "${1:-}" in
    start) start_all ;;
    stop) stop_all ;;
    reload) reload_all ;;
    *) echo "usage: $0 start|stop|reload" >&2; exit 2 ;;
esac
