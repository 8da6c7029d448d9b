import pytest
from django.test import override_settings

from apps.core.tasks import ping
from shopflow.celery import app as celery_app

CLOSED_PORT_URL = "redis://127.0.0.1:9/0"


def test_a_task_travels_through_the_real_broker_to_a_real_worker(celery_worker_queue):
    """The task is carried by Redis to a separate worker process and its result comes back."""
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    try:
        result = ping.apply_async(args=["hello"], queue=celery_worker_queue)
        assert result.get(timeout=30) == "hello"
    finally:
        celery_app.conf.task_always_eager = eager


@pytest.mark.django_db
def test_healthz_is_200_when_database_redis_and_a_worker_answer(client, celery_worker_queue):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "redis": "ok", "celery": "ok"}
    assert body["beat"]["state"] in ("ok", "stale", "never")


@pytest.mark.django_db
def test_healthz_is_503_naming_celery_when_no_worker_listens(client, settings):
    # Redis database 15 is up, but no worker consumes from it.
    settings.CELERY_BROKER_URL = settings.REDIS_URL.rsplit("/", 1)[0] + "/15"
    settings.HEALTH_CHECK_TIMEOUT = 0.5

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["celery"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["celery"].startswith("down: ")


@pytest.mark.django_db
def test_healthz_is_503_naming_redis_and_celery_when_redis_is_unreachable(client):
    with override_settings(REDIS_URL=CLOSED_PORT_URL, CELERY_BROKER_URL=CLOSED_PORT_URL, HEALTH_CHECK_TIMEOUT=0.5):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["down"] == ["redis", "celery"]


@pytest.mark.django_db
def test_the_database_is_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()

    assert connection.vendor == "postgresql"
    assert version >= 150000


@pytest.mark.django_db
def test_migrations_install_the_extensions_shopflow_relies_on():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {name for (name,) in cursor.fetchall()}

    assert {"pgcrypto", "pg_trgm"} <= extensions
