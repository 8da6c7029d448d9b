"""A worker killed with SIGKILL in the middle of a task: the broker hands the task out again and its
effects happen once (acks_late, reject_on_worker_lost, and the task id as idempotency key)."""

import os
import signal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.ops.models import Backup
from apps.ops.tasks import take_backup
from tests.model_factories import create_order
from tests.ops.workers import connect, pool_children, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


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
    # The killed attempt's staging folder went with the second one's.
    assert not (Path(settings.BACKUP_WORK_DIR) / f"backup-{backup.pk}").exists()
