"""/healthz is liveness plus the database: 200 however degraded the rest of the shop is, 503 only
when PostgreSQL does not answer. /healthz/ready reports each dependency without waiting long on any."""

import socket
import time

import pytest
from django.db import connection, connections

from apps.core.models import OutboxTask
from apps.core.tasks import ping
from shopflow.celery import app as celery_app

# "Does not block": far above the milliseconds these take (benchmarks/health.py measures them),
# far below the 5 s a frozen Redis used to cost.
LIVENESS_BOUND_SECONDS = 1.0
READINESS_BOUND_SECONDS = 2.0


def timed_get(client, path, bound):
    started = time.monotonic()
    response = client.get(path)
    assert time.monotonic() - started < bound, f"{path} blocked"
    return response


def test_a_task_travels_through_the_real_broker_to_a_real_worker(celery_worker_queue):
    """The task is carried by Redis to a separate worker process and its result comes back."""
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    try:
        result = ping.apply_async(args=["hello"], queue=celery_worker_queue)
        assert result.get(timeout=30) == "hello"
    finally:
        celery_app.conf.task_always_eager = eager


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": {"state": "ok"}}}
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_monitors_may_ask_with_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.head("/healthz/ready").status_code == 200


@pytest.mark.django_db
def test_healthz_is_200_with_redis_stopped(client, private_redis):
    private_redis.stop()

    response = timed_get(client, "/healthz", LIVENESS_BOUND_SECONDS)

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_is_200_with_redis_frozen(client, private_redis):
    private_redis.freeze()
    try:
        response = timed_get(client, "/healthz", LIVENESS_BOUND_SECONDS)
    finally:
        private_redis.thaw()

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_ready_reports_redis_stopped_as_degraded_not_down(client, private_redis):
    private_redis.stop()

    response = timed_get(client, "/healthz/ready", READINESS_BOUND_SECONDS)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == {"state": "ok"}
    assert body["checks"]["cache"] == {"state": "down", "error": "ConnectionError"}
    assert body["checks"]["broker"] == body["checks"]["cache"]


@pytest.mark.django_db
def test_ready_answers_within_its_timeouts_with_redis_frozen(client, private_redis):
    private_redis.freeze()
    try:
        response = timed_get(client, "/healthz/ready", READINESS_BOUND_SECONDS)
    finally:
        private_redis.thaw()

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["cache"] == checks["broker"] == {"state": "down", "error": "TimeoutError"}
    assert checks["database"] == {"state": "ok"}


@pytest.mark.django_db
def test_ready_pings_a_broker_apart_from_the_cache(client, private_redis, settings):
    """The broker on its own server: stopping it leaves the cache ok."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": settings.REDIS_URL}}
    private_redis.stop()

    checks = timed_get(client, "/healthz/ready", READINESS_BOUND_SECONDS).json()["checks"]

    assert checks["cache"] == {"state": "ok"}
    assert checks["broker"] == {"state": "down", "error": "ConnectionError"}


@pytest.mark.django_db
def test_ready_reports_the_outbox_backlog(client):
    OutboxTask.objects.create(task_name="notifications.send_email", args=["x"])
    OutboxTask.objects.create(task_name="notifications.send_email", args=["y"])

    response = client.get("/healthz/ready")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    outbox = response.json()["checks"]["outbox"]
    assert (outbox["state"], outbox["pending"]) == ("pending", 2)
    assert 0 <= outbox["oldest_age_seconds"] <= 5


@pytest.mark.django_db
def test_ready_reports_an_empty_outbox_as_ok(client):
    outbox = client.get("/healthz/ready").json()["checks"]["outbox"]

    assert outbox == {"state": "ok", "pending": 0, "oldest_age_seconds": None}


@pytest.fixture
def database_unreachable():
    """The default connection points at a port where nothing listens, then comes back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    database = connections["default"]
    saved = database.settings_dict["PORT"]
    database.close()
    database.settings_dict["PORT"] = closed_port
    try:
        yield
    finally:
        database.close()
        database.settings_dict["PORT"] = saved


# transaction=True: the test's own transaction could not survive its connection being closed.
@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_unreachable(client, database_unreachable):
    response = timed_get(client, "/healthz", LIVENESS_BOUND_SECONDS)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "checks": {"database": {"state": "down", "error": "OperationalError"}}}


@pytest.mark.django_db(transaction=True)
def test_ready_is_503_when_the_database_is_unreachable(client, database_unreachable):
    response = timed_get(client, "/healthz/ready", READINESS_BOUND_SECONDS)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"state": "down", "error": "OperationalError"}
    assert body["checks"]["beat"] == body["checks"]["outbox"] == {"state": "unknown"}
    assert body["checks"]["cache"] == {"state": "ok"}


@pytest.mark.django_db
def test_the_database_is_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()

    assert connection.vendor == "postgresql"
    assert version >= 150000


@pytest.mark.django_db
def test_migrations_install_the_extensions_shopflow_relies_on():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {name for (name,) in cursor.fetchall()}

    assert {"pgcrypto", "pg_trgm"} <= extensions
