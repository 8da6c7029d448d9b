"""A worker killed with SIGKILL in the middle of a task: the broker hands the task out again and its
effects happen once (acks_late, reject_on_worker_lost, a visibility timeout for a dead worker's
tasks, and tasks that check what they already did: the task id, the delivery log's status)."""

import os
import signal
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.notifications.events import Event
from apps.notifications.models import Channel, DeliveryLog
from apps.notifications.tasks import send_email
from apps.ops.models import Backup
from apps.ops.tasks import take_backup
from tests.celery_workers import mails_in
from tests.model_factories import create_order
from tests.ops.workers import connect, pool_children, started_prefork_worker, wait_for

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


def _waiting_on_the_lock(watcher, query):
    return watcher.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s", [query]
    ).fetchone()[0]


@pytest.mark.parametrize("killed", ["the pool child", "the whole worker"])
def test_a_mail_whose_worker_is_killed_mid_task_is_sent_once_by_the_next_worker(killed, tmp_path, through_the_broker):
    """SIGKILL of the pool child: the worker puts the task back at once (reject_on_worker_lost) and
    its new child runs it. SIGKILL of the main process and its child (a machine lost): the task stays
    unacknowledged in Redis until a new worker takes it back after the visibility timeout (3 s here)."""
    mail = DeliveryLog.objects.create(
        kind=Event.ORDER_PLACED, channel=Channel.EMAIL, recipient="ada@example.com",
        subject="Your ShopFlow order SF-2026-000123", body_text="Thank you for your order SF-2026-000123.",
    )  # fmt: skip
    queue, mailbox = f"test-kill-{uuid.uuid4().hex[:8]}", tmp_path / "mailbox"
    mailbox.mkdir()
    env = {"TEST_MAILBOX_DIR": str(mailbox), "CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
    log = tmp_path / "worker.log"
    with connect() as locker, connect(autocommit=True) as watcher:
        # Holding the log row keeps the task waiting inside its transaction: surely mid-way.
        locker.execute("SELECT 1 FROM notification_logs WHERE id = %s FOR UPDATE", [mail.pk])
        with started_prefork_worker(queue, log, **env) as worker:
            result = send_email.apply_async(args=[str(mail.pk)], queue=queue)
            wait_for(lambda: _waiting_on_the_lock(watcher, "%notification_logs%FOR UPDATE%"), "the task to start")
            (child,) = pool_children(worker.pid)
            if killed == "the pool child":
                os.kill(child, signal.SIGKILL)
                wait_for(lambda: child not in pool_children(worker.pid) and pool_children(worker.pid), "a new child")
                locker.rollback()
                assert result.get(timeout=60) is None
            else:
                os.kill(worker.pid, signal.SIGKILL)
                os.kill(child, signal.SIGKILL)
                worker.wait(timeout=10)
        if killed == "the whole worker":
            locker.rollback()
            with started_prefork_worker(queue, log, **env):
                assert result.get(timeout=60) is None

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (DeliveryLog.Status.SENT, 1)  # the killed attempt rolled back
    assert mails_in(mailbox) == [("ada@example.com", "Your ShopFlow order SF-2026-000123")]
