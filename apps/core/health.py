"""Checks of what ShopFlow needs to serve: PostgreSQL, Redis and at least one Celery worker."""

import redis
from django.conf import settings
from django.db import connection

from shopflow.celery import app as celery_app


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    timeout = settings.HEALTH_CHECK_TIMEOUT
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


def check_celery():
    with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1)
        replies = celery_app.control.ping(timeout=settings.HEALTH_CHECK_TIMEOUT, connection=connection)
    if not replies:
        raise RuntimeError("no Celery worker answered")


CHECKS = {"database": check_database, "redis": check_redis, "celery": check_celery}


def run_checks():
    """Return ({name: "ok" | error text}, all_ok)."""
    results = {}
    for name, check in CHECKS.items():
        if name == "celery" and results.get("redis") != "ok":
            # The workers are reached through the broker: asking them would only hang.
            results[name] = "down: broker unreachable"
            continue
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means the dependency is down
            results[name] = f"down: {exc.__class__.__name__}: {exc}"
        else:
            results[name] = "ok"
    return results, all(state == "ok" for state in results.values())
