"""Real Celery worker processes on the real Redis broker, for the tests that need one or several."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from email import message_from_bytes
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_worker(queue, name, *, logfile=None, loglevel="WARNING", env=None):
    """A worker consuming only `queue` (so that no other worker on the same broker takes the test's
    tasks), one task at a time, with `env` added to its environment; ready when it answers a ping.
    Stopped warmly on the way out."""
    from shopflow.celery import app

    node = f"{name}@{os.uname().nodename}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shopflow.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **(env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "shopflow", "worker", "--pool=solo", "-Q", queue, "-n", node]
    command += [f"--loglevel={loglevel}", *([f"--logfile={logfile}"] if logfile else [])]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=0.5):
            if worker.poll() is not None:
                pytest.fail(f"Celery worker exited: {worker.stderr.read().decode()}")
            if time.monotonic() > deadline:
                pytest.fail("Celery worker did not answer within 60 s")
        yield node
    finally:
        stop(worker, timeout=20)


def stop(worker, *, timeout):
    """Ask a worker process to finish (warm shutdown), and kill it if it has not within `timeout` s."""
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()


def mails_in(folder):
    """[(To, Subject)] of the mails a worker wrote to `folder` (its TEST_MAILBOX_DIR)."""
    separator = b"\n" + b"-" * 79 + b"\n"
    mails = [raw for path in sorted(folder.iterdir()) for raw in path.read_bytes().split(separator) if raw.strip()]
    return [(mail["To"], mail["Subject"]) for mail in map(message_from_bytes, mails)]
