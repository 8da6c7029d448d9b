"""Heartbeats: beat stamps its own as it schedules, a worker stamps its queue's when it runs the
queue's heartbeat task, and /healthz/ready reports their age and state."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.core import heartbeat
from apps.core.beat import HeartbeatScheduler
from apps.core.models import Heartbeat
from apps.core.tasks import queue_heartbeat
from shopflow.celery import app as celery_app
from tests.celery_workers import running_worker
from tests.ops.workers import database_url, wait_for

QUEUES = ["celery", "checkout", "notifications", "reports", "backups"]
NEVER = {"state": "never", "age_seconds": None, "last": None, "source": None}


def ready(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_ready_reports_beat_and_every_queue_that_never_beat(client):
    body = ready(client)

    assert body["status"] == "degraded"
    assert body["checks"]["beat"] == NEVER
    assert body["checks"]["queues"] == dict.fromkeys(QUEUES, NEVER)


@pytest.mark.django_db
def test_ready_is_ok_when_every_heartbeat_is_fresh_and_redis_answers(client):
    heartbeat.stamp(heartbeat.BEAT, source="beat-host")
    for queue in QUEUES:
        heartbeat.stamp(heartbeat.queue_name(queue), source=f"{queue}@worker-host")

    body = ready(client)

    assert body["status"] == "ok"
    assert body["checks"]["beat"]["state"] == "ok"
    assert body["checks"]["beat"]["source"] == "beat-host"
    assert body["checks"]["queues"]["checkout"]["source"] == "checkout@worker-host"
    assert {check["state"] for check in body["checks"]["queues"].values()} == {"ok"}
    assert body["checks"]["cache"] == body["checks"]["broker"] == {"state": "ok"}
    assert "replicas" not in body["checks"]  # none configured


@pytest.mark.django_db
def test_a_heartbeat_older_than_three_minutes_is_stale(client):
    Heartbeat.objects.create(name=heartbeat.BEAT, beat_at=timezone.now() - timedelta(minutes=4))

    beat = ready(client)["checks"]["beat"]

    assert beat["state"] == "stale"
    assert 240 <= beat["age_seconds"] <= 245


# transaction=True: the scheduler closes a connection left in a transaction (close_old_connections).
@pytest.mark.django_db(transaction=True)
def test_the_beat_scheduler_stamps_beats_heartbeat_as_it_ticks(client):
    PeriodicTask.objects.all().delete()  # nothing due: the tick sends nothing
    scheduler = HeartbeatScheduler(app=celery_app, lazy=True)

    scheduler.tick()

    assert ready(client)["checks"]["beat"]["state"] == "ok"


@pytest.mark.django_db
def test_each_queue_has_its_heartbeat_task_sent_to_it_every_minute(periodic_tasks):
    heartbeats = {name: task for name, task in periodic_tasks.items() if task.task == "core.queue_heartbeat"}

    assert {task.queue: task.kwargs for task in heartbeats.values()} == {
        queue: f'{{"queue": "{queue}"}}' for queue in QUEUES
    }
    assert {(task.interval.every, task.expire_seconds) for task in heartbeats.values()} == {(60, 60)}
    assert "Beat heartbeat" not in periodic_tasks


@pytest.fixture
def heartbeat_queue(monkeypatch):
    """A queue of the test's own, the only one readiness expects a heartbeat from."""
    queue = f"test-heartbeat-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(celery_app.conf, "task_queues", [celery_app.amqp.Queues({queue: {}})[queue]])
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    return queue


# A real worker writes through its own connection: the test sees only what it committed.
@pytest.mark.django_db(transaction=True)
def test_a_worker_stamps_its_queue_and_a_stopped_one_goes_stale_while_healthz_stays_200(client, heartbeat_queue):
    with running_worker(heartbeat_queue, heartbeat_queue, env={"DATABASE_URL": database_url()}) as node:
        queue_heartbeat.apply_async(kwargs={"queue": heartbeat_queue}, queue=heartbeat_queue)
        stamped = wait_for(lambda: Heartbeat.objects.filter(name=f"queue:{heartbeat_queue}").first(), "the stamp")
        fresh = ready(client)["checks"]["queues"][heartbeat_queue]

    assert (fresh["state"], fresh["source"]) == ("ok", node)
    assert stamped.source == node
    # The worker is down: liveness does not care.
    assert client.get("/healthz").status_code == 200
    # Four minutes later nobody stamped the queue again.
    Heartbeat.objects.filter(pk=stamped.pk).update(beat_at=stamped.beat_at - timedelta(minutes=4))
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["queues"][heartbeat_queue]["state"] == "stale"
