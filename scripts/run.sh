#!/usr/bin/env bash
# Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.
#   scripts/run.sh         start them and wait
#   scripts/run.sh stop    stop the ones a previous run left (make stop)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
PIDS=.local/run.pids
mkdir -p .local/log

# Each program runs in its own process group (setsid) so that the reloader's and the
# worker's children go down with it.
stop_all() {
    trap - INT TERM EXIT
    [ -f "$PIDS" ] || return 0
    echo "[run] stopping web, worker and beat"
    local pid
    for pid in $(cat "$PIDS"); do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for pid in $(cat "$PIDS"); do
        for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    rm -f "$PIDS"
}

if [ "${1:-}" = stop ]; then
    stop_all
    exit 0
fi

stop_all
trap stop_all INT TERM EXIT
setsid .venv/bin/celery -A shopflow worker --loglevel=INFO --concurrency=2 >.local/log/worker.log 2>&1 &
echo $! >>"$PIDS"
setsid .venv/bin/celery -A shopflow beat --loglevel=INFO --schedule=.local/celerybeat-schedule >.local/log/beat.log 2>&1 &
echo $! >>"$PIDS"
setsid .venv/bin/python manage.py runserver "$HOST:$PORT" &
echo $! >>"$PIDS"

cat <<MSG

  ShopFlow is running
    storefront  http://$HOST:$PORT/
    admin       http://$HOST:$PORT/admin/   (login: ${DEMO_ADMIN_EMAIL:-admin@shopflow.local} / ${DEMO_ADMIN_PASSWORD:-shopflow-admin})
    API         http://$HOST:$PORT/api/v1/   (docs: http://$HOST:$PORT/api/docs/)
    health      http://$HOST:$PORT/healthz
  Worker and beat logs: .local/log/worker.log, .local/log/beat.log. Ctrl-C stops all.

MSG
wait -n
