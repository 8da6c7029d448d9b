import uuid

import pytest

from shopflow.celery import app as celery_app
from tests.ops.workers import started_prefork_worker


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
    with started_prefork_worker(queue, tmp_path / "worker.log", BACKUP_DIR=str(backup_folder)) as worker:
        yield worker, queue


@pytest.fixture
def through_the_broker():
    """Tasks sent in the test travel through Redis instead of running in-process."""
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    yield
    celery_app.conf.task_always_eager = eager
