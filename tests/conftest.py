"""Fixtures shared by every test: real PostgreSQL and Redis, started by `make test`."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django_redis import get_redis_connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def celery_worker_queue():
    """A real Celery worker process on the real Redis broker, listening on a queue of its own
    so that no other worker on the same broker takes the test's tasks. Yields the queue name."""
    from shopflow.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shopflow.settings.test", "CELERY_TASK_ALWAYS_EAGER": "false"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shopflow",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                pytest.fail(f"Celery worker exited: {worker.stderr.read().decode()}")
            replies = app.control.ping(timeout=0.5) or []
            if any(name.startswith(f"{queue}@") for reply in replies for name in reply):
                break
        else:
            pytest.fail("Celery worker did not answer within 60 s")
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.fixture(autouse=True)
def empty_cache_after_each_test():
    """Cached values (menus, throttle counters) never leak from one test into the next."""
    yield
    client = get_redis_connection("default")
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
