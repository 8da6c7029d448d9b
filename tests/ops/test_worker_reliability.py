"""A worker killed with SIGKILL in the middle of a task: the broker hands the task out again and its
effects happen once (acks_late, reject_on_worker_lost, and the task id as idempotency key)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from apps.ops.models import Backup
from apps.ops.tasks import take_backup
from shopflow.celery import app as celery_app
from tests.model_factories import create_order

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


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


@pytest.fixture
def prefork_worker(tmp_path, backup_folder):
    """A real worker (prefork pool, one child) on the test database, consuming a queue of its own."""
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


def pool_children(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def test_a_backup_whose_worker_child_is_killed_runs_again_and_leaves_one_backup(
    prefork_worker, backup_folder, through_the_broker
):
    worker, queue = prefork_worker
    create_order()
    # Holding orders locked keeps the backup's row counting waiting: the task is surely mid-way.
    with connect() as locker, connect(autocommit=True) as watcher:
        locker.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")
        result = take_backup.apply_async(kwargs={"kind": "full"}, queue=queue)
        wait_for(
            lambda: watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                ['SELECT count(*) FROM "orders"'],
            ).fetchone()[0],
            "the backup to wait on the lock",
        )
        (child,) = pool_children(worker.pid)
        killed_at = timezone.now()
        os.kill(child, signal.SIGKILL)
        assert Backup.objects.get(task_id=result.id).status == Backup.Status.RUNNING
        wait_for(lambda: child not in pool_children(worker.pid) and pool_children(worker.pid), "a new pool child")
        locker.rollback()

    assert result.get(timeout=120) == str(Backup.objects.get(task_id=result.id).pk)
    backup = Backup.objects.get()
    assert backup.task_id == result.id
    assert backup.status == Backup.Status.SUCCEEDED
    assert backup.started_at > killed_at  # the second delivery started the same record over
    assert backup.row_counts["orders"] == 1
    assert [path.relative_to(backup_folder).as_posix() for path in backup_folder.rglob("*.dump")] == [backup.file_path]
