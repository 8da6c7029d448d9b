#!/usr/bin/env python3
"""Run one Procfile process, keep its output in .local/log/<name>.log, and repeat its last lines if it dies.

    scripts/logged.py NAME COMMAND [ARG...]

Under honcho the lines of web, worker and beat interleave: when one of them dies its last words are
scattered among the others' lines. If the command exits without having been asked to stop, this prints
them again as one block, just before honcho's "NAME.1 stopped (rc=...)". A stop request (honcho signals
the whole process group, so the command gets it too) ends it silently. Standard library only.
"""

import collections
import os
import signal
import subprocess
import sys
from pathlib import Path

LAST_LINES = 20
LOG_DIR = Path(os.environ.get("SHOPFLOW_LOG_DIR", ".local/log"))


def main():
    name, command = sys.argv[1], sys.argv[2:]
    stop_requested = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, frame: stop_requested.append(signum))

    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{name}.log"
    last_lines = collections.deque(maxlen=LAST_LINES)
    env = os.environ | {"PYTHONUNBUFFERED": "1"}  # a line the child prints reaches the screen at once
    with log_path.open("a", encoding="utf-8") as log:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        for raw in child.stdout:
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            log.write(line)
            log.flush()
            last_lines.append(line.rstrip("\n"))
        returncode = child.wait()

    if not stop_requested:
        how = f"was killed by signal {-returncode}" if returncode < 0 else f"exited with status {returncode}"
        print(f"*** {name} {how}. Its last {len(last_lines)} lines (whole log: {log_path}):")
        for line in last_lines:
            print(f"*** {name} | {line}")
        sys.stdout.flush()
    sys.exit(128 - returncode if returncode < 0 else returncode)


if __name__ == "__main__":
    main()
