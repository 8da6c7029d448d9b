#!/usr/bin/env bash
# Stop what `make run` runs (make stop): honcho, whose pid `make run` wrote, stops web, worker and beat.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PIDFILE=.local/honcho.pid
[ -f "$PIDFILE" ] || exit 0
pid="$(cat "$PIDFILE")"

command_of() { ps -o args= -p "$1" 2>/dev/null || tr '\0' ' ' <"/proc/$1/cmdline"; }

# A pid left by a run that ended may belong to another program by now: only a honcho is signalled.
if kill -0 "$pid" 2>/dev/null && command_of "$pid" | grep -q honcho; then
    echo "[stop] stopping web, worker and beat (honcho, pid $pid)" >&2
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
fi
rm -f "$PIDFILE"
