import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from shopflow.celery import app as celery_app
from tests.ops.workers import database_url, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def backup_folder(settings, tmp_path):
    """The "backups" storage in a folder of the test's own; returns the folder."""
    folder = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder


@pytest.fixture
def prefork_worker(tmp_path, backup_folder):
    """A real worker (prefork pool, one child) on the test database and the backups folder of the
    test, consuming a queue of its own. Yields (process, queue)."""
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shopflow.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": database_url(),
        "BACKUP_DIR": str(backup_folder),
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below, after the worker
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shopflow", "worker", "--pool=prefork", "--concurrency=1",
         "-Q", queue, "-n", f"{queue}@%h", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(
            lambda: any(name.startswith(f"{queue}@") for reply in celery_app.control.ping(timeout=0.5) or []
                        for name in reply),
            "the worker to answer",
        )  # fmt: skip
        yield worker, queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


@pytest.fixture
def through_the_broker():
    """Tasks sent in the test travel through Redis instead of running in-process."""
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    yield
    celery_app.conf.task_always_eager = eager
