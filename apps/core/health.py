"""What /healthz (liveness) and /healthz/ready (readiness) check, each bounded in time.

Liveness is this process plus PostgreSQL: one SELECT that PostgreSQL cancels after
HEALTH_CHECK_TIMEOUT. Nothing else, because the shop sells without Redis, workers or beat: a
monitor that restarts or unloads a web node on liveness must not do so for their outages.

Readiness reports every dependency. Redis gets one PING: the cache's through django-redis (its
CACHE_SOCKET_TIMEOUT), a broker on another server with HEALTH_CHECK_TIMEOUT. Workers and beat are
never asked anything: their heartbeats are read from the database (apps.core.heartbeat) in the same
bounded transaction as the outbox's backlog.
"""

import logging
from contextlib import contextmanager

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db import Error as DatabaseError
from django_redis import get_redis_connection

from shopflow.celery import app as celery_app

from . import heartbeat
from .outbox import backlog
from .replicas import is_usable

logger = logging.getLogger(__name__)

OK, DOWN, UNKNOWN = "ok", "down", "unknown"
REDIS_ERRORS = (redis.RedisError, OSError)


@contextmanager
def bounded_queries(alias=DEFAULT_DB_ALIAS):
    """A cursor in a transaction whose every statement PostgreSQL cancels after HEALTH_CHECK_TIMEOUT."""
    timeout = f"{int(settings.HEALTH_CHECK_TIMEOUT * 1000)}ms"
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
        yield cursor


def _down(what, error):
    logger.warning("health: %s down: %s: %s", what, error.__class__.__name__, error)
    return {"state": DOWN, "error": error.__class__.__name__}


def liveness() -> dict:
    """{"database": {"state": ok | down, ...}}"""
    try:
        with bounded_queries() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"database": _down("database", error)}
    return {"database": {"state": OK}}


def _database_and_heartbeats() -> dict:
    """The database, beat's and each queue's heartbeat and the outbox, in one bounded transaction."""
    queues = [queue.name for queue in celery_app.conf.task_queues]
    names = [heartbeat.BEAT, *map(heartbeat.queue_name, queues)]
    try:
        with bounded_queries():
            beats = heartbeat.read(names)
            outbox = backlog()
    except DatabaseError as error:
        unknown = {"state": UNKNOWN}
        return {
            "database": _down("database", error),
            "beat": unknown,
            "queues": dict.fromkeys(queues, unknown),
            "outbox": unknown,
        }
    return {
        "database": {"state": OK},
        "beat": beats[heartbeat.BEAT],
        "queues": {queue: beats[heartbeat.queue_name(queue)] for queue in queues},
        "outbox": {"state": OK if outbox["pending"] == 0 else "pending", **outbox},
    }


def _ping(client, what) -> dict:
    try:
        client.ping()
    except REDIS_ERRORS as error:
        return _down(what, error)
    return {"state": OK}


def _redis_states() -> dict:
    """The cache's Redis and the broker, each pinged once (once in all when they are the same URL)."""
    cache = _ping(get_redis_connection("default"), "cache")
    broker_url = celery_app.conf.broker_url
    if broker_url == settings.CACHES["default"]["LOCATION"]:
        return {"cache": cache, "broker": cache}
    timeout = settings.HEALTH_CHECK_TIMEOUT
    client = redis.Redis.from_url(broker_url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        return {"cache": cache, "broker": _ping(client, "broker")}
    finally:
        client.close()


def _replica_states() -> dict:
    """Whether the router sends reads to each replica (its check is cached per process)."""
    return {alias: {"state": OK if is_usable(alias) else DOWN} for alias in settings.DATABASE_REPLICAS}


def readiness() -> dict:
    """{"database", "cache", "broker", "beat", "queues": {queue: ...}, "outbox"[, "replicas"]}, each
    with a "state"; heartbeats add "age_seconds", "last" and "source" (the worker that stamped it)."""
    checks = {**_database_and_heartbeats(), **_redis_states()}
    if settings.DATABASE_REPLICAS:
        checks["replicas"] = _replica_states()
    return checks


def overall(checks: dict) -> str:
    """down: the database is (nothing can be served); degraded: something else is not ok; else ok."""
    if checks["database"]["state"] != OK:
        return "down"
    states = [check["state"] for check in _leaves(checks)]
    return OK if all(state == OK for state in states) else "degraded"


def _leaves(checks):
    for check in checks.values():
        if "state" in check:
            yield check
        else:
            yield from _leaves(check)
