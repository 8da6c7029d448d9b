"""Celery queues by kind of work (shopflow/settings/base.py), and several workers on one queue."""

import re
import uuid

import pytest

from apps.core.tasks import ping
from shopflow.celery import app
from tests.celery_workers import running_worker


def queue_of(task_name):
    return app.amqp.router.route({}, task_name)["queue"].name


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("checkout.send_order_confirmation", "checkout"),
        ("notifications.send_email", "notifications"),
        ("wishlist.send_alerts", "notifications"),
        ("analytics.refresh_materialized_view", "reports"),
        ("analytics.refresh_all_materialized_views", "reports"),
        ("inventory.check_low_stock", "reports"),
        ("planning.nightly_forecast", "reports"),
        ("catalog.refresh_search_dictionary", "reports"),
        ("ops.report_bloat_and_index_usage", "reports"),
        ("ops.take_backup", "backups"),
        ("ops.prune_backups", "backups"),
        ("ops.verify_backup", "backups"),
        ("ops.run_restore_drill", "backups"),
        ("ops.purge_django_sessions", "celery"),
        ("audit.ensure_partitions", "celery"),
        ("core.ping", "celery"),
    ],
)
def test_each_kind_of_task_goes_to_its_queue(task_name, queue):
    assert queue_of(task_name) == queue


def test_a_worker_started_without_q_consumes_every_queue():
    assert sorted(queue.name for queue in app.conf.task_queues) == [
        "backups",
        "celery",
        "checkout",
        "notifications",
        "reports",
    ]


@pytest.mark.workers
def test_two_workers_on_one_queue_share_the_work_and_run_each_task_once(tmp_path):
    """Both workers take tasks from the one queue; every task runs exactly once (Redis hands a
    message to one consumer; acks_late with prefetch 1 keeps none reserved twice)."""
    queue = f"test-share-{uuid.uuid4().hex[:8]}"
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second")}
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with (
            running_worker(queue, f"first-{queue}", logfile=logs["first"], loglevel="INFO"),
            running_worker(queue, f"second-{queue}", logfile=logs["second"], loglevel="INFO"),
        ):
            results = [ping.apply_async(args=[number], queue=queue) for number in range(60)]
            assert [result.get(timeout=60) for result in results] == list(range(60))
    finally:
        app.conf.task_always_eager = eager

    succeeded = re.compile(r"Task core\.ping\[([0-9a-f-]+)\] succeeded")
    ran = {name: succeeded.findall(log.read_text()) for name, log in logs.items()}
    every_run = ran["first"] + ran["second"]
    assert sorted(every_run) == sorted(result.id for result in results), "each task ran once, none twice"
    assert ran["first"] and ran["second"], f"both workers took work: {len(ran['first'])} and {len(ran['second'])}"
