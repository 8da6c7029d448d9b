"""Helpers of the tests that run a real Celery worker against the test database."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.db import connection

from shopflow.celery import app as celery_app
from tests.celery_workers import stop

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    params = connection.settings_dict
    return f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


def connect(**options):
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"], port=params["PORT"], user=params["USER"], password=params["PASSWORD"],
        dbname=params["NAME"], **options,
    )  # fmt: skip


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
    return value


def pool_children(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


@contextmanager
def started_prefork_worker(queue, log_path, **env):
    """A real worker (prefork pool, one child) on the test database consuming `queue`, with `env`
    added to its environment; yields its process once it answers a ping. Stopped on the way out
    (a process the test already killed included)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shopflow.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": database_url(),
        **env,
    }
    node = f"{queue}-{time.monotonic_ns()}@{os.uname().nodename}"
    log = open(log_path, "a")  # noqa: SIM115 - closed below, after the worker
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shopflow", "worker", "--pool=prefork", "--concurrency=1",
         "-Q", queue, "-n", node, "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: celery_app.control.ping(destination=[node], timeout=0.5), "the worker to answer")
        yield worker
    finally:
        stop(worker, timeout=30)
        log.close()
