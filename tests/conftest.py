"""Fixtures shared by every test: real PostgreSQL and Redis, started by `make test`."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.celery_workers import running_worker

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def celery_worker_queue():
    """A real Celery worker process on the real Redis broker, listening on a queue of its own.
    Yields the queue name."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with running_worker(queue, queue):
        yield queue


@pytest.fixture(autouse=True)
def empty_cache_after_each_test():
    """Cached values (menus, throttle counters) never leak from one test into the next."""
    yield
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
