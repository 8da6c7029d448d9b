"""Tasks per second through the real broker: N trivial tasks (core.ping) sent to a queue of its
own, consumed by one worker process started here (solo pool, prefetch 1, acks_late as configured),
results fetched. What docs/scaling.md quotes for a worker and for Redis as the broker.

    SHOPFLOW_REDIS_PORT=.. .venv/bin/python benchmarks/celery_probe.py [TASKS]
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopflow.settings.dev")

import django  # noqa: E402

django.setup()

from apps.core.tasks import ping  # noqa: E402
from shopflow.celery import app  # noqa: E402


def main(count):
    queue = f"probe-{uuid.uuid4().hex[:8]}"
    node = f"{queue}@{os.uname().nodename}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shopflow", "worker", "--pool=solo", "-Q", queue, "-n", node],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not app.control.ping(destination=[node], timeout=0.5):
            time.sleep(0.2)
        started = time.perf_counter()
        results = [ping.apply_async(args=[number], queue=queue) for number in range(count)]
        sent = time.perf_counter()
        assert [result.get(timeout=120) for result in results] == list(range(count))
        done = time.perf_counter()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"sent {count} tasks in {sent - started:.2f} s ({count / (sent - started):.0f}/s from one client)")
    print(f"one solo worker ran them all in {done - started:.2f} s: {count / (done - started):.0f} tasks/s end to end")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
