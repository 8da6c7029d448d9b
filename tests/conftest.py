"""Fixtures shared by every test: real PostgreSQL and Redis, started by `make test`."""

import importlib
import uuid
from pathlib import Path

import pytest
from celery._state import _set_task_join_will_block
from django.conf import settings
from django.core.cache import caches
from django_redis import get_redis_connection

from tests.celery_workers import running_worker

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def celery_worker_queue():
    """A real Celery worker process on the real Redis broker, listening on a queue of its own.
    Yields the queue name."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with running_worker(queue, queue):
        yield queue


def empty_the_cache():
    client = get_redis_connection("default")
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
    caches["local"].clear()


@pytest.fixture(autouse=True)
def results_may_be_awaited_after_each_test():
    """Eager tasks run from several threads at once (the concurrency tests) can leave Celery's
    process-wide "inside a task" flag set: denied_join_result() saves and restores it without a lock.
    Every later result.get() in this process would then refuse, so the flag is cleared."""
    yield
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def empty_cache_after_each_test():
    """Cached values (menus, throttle counters) never leak from one test into the next."""
    yield
    empty_the_cache()


@pytest.fixture
def periodic_tasks(db):
    """Beat's schedule as the ops migrations seed it (seeded again: a transactional test may have
    emptied the tables since), as {name: PeriodicTask}."""
    from django.apps import apps as django_apps
    from django_celery_beat.models import PeriodicTask

    for migration in ("0005_seed_periodic_tasks", "0007_queue_heartbeats"):
        importlib.import_module(f"apps.ops.migrations.{migration}").seed(django_apps, None)
    return {task.name: task for task in PeriodicTask.objects.select_related("crontab", "interval")}
