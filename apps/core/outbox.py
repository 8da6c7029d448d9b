"""Tasks survive a broker outage: what cannot be sent is kept in task_outbox and sent later.

Use `enqueue(task, *args, **kwargs)` instead of `task.delay(...)` for work that must not be lost
(an order's confirmation mail). It sends once the caller's transaction commits; if the broker
(Redis) is stopped or frozen, the task is written to the outbox instead, so the request still
succeeds: at once while the broker's circuit is open (apps.core.redis_circuit, usually already
opened by the cache calls earlier in the request), else after the publish gives up (about two
seconds, CELERY_BROKER_TRANSPORT_OPTIONS), which opens the circuit for the requests after it.
`flush_outbox()` sends the kept tasks: every minute from beat (core.flush_outbox), and on demand
with `manage.py flush_outbox`.
"""

import logging
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from .models import OutboxTask
from .redis_circuit import circuit_for_url

logger = logging.getLogger(__name__)
# What a publish raises when Redis is stopped (refused), frozen (timeouts) or unreachable.
BROKER_ERRORS = (OperationalError, RedisError, OSError)


# One retry on a fresh connection: a pooled connection broken during an outage fails once after
# the broker is back.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _publish(task_name, args, kwargs):
    # ignore_result: nobody waits for these results, so the web process subscribes to no result
    # channel (one Redis connection fewer to hang on).
    with circuit_for_url(current_app.conf.broker_url).guard():
        current_app.send_task(
            task_name, args=args, kwargs=kwargs, ignore_result=True, retry=True, retry_policy=RETRY_POLICY
        )


def _send_or_keep(task_name, args, kwargs):
    try:
        _publish(task_name, args, kwargs)
    except BROKER_ERRORS as error:
        logger.warning("Broker unreachable, task %s kept in the outbox: %s", task_name, error)
        OutboxTask.objects.create(task_name=task_name, args=list(args), kwargs=kwargs, last_error=str(error)[:1000])


def enqueue(task, *args, **kwargs) -> None:
    """Send `task` with these (JSON) arguments after commit, or keep it in the outbox."""
    if current_app.conf.task_always_eager:
        transaction.on_commit(partial(task.apply_async, args, kwargs), robust=True)
        return
    transaction.on_commit(partial(_send_or_keep, task.name, list(args), kwargs))


def flush_outbox(*, limit: int = 500) -> int:
    """Send kept tasks oldest first; stops at the first failure. Returns how many were sent."""
    sent = 0
    while sent < limit:
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).order_by("created_at").first()
            if row is None:
                return sent
            try:
                _publish(row.task_name, row.args, row.kwargs)
            except BROKER_ERRORS as error:
                OutboxTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(error)[:1000])
                logger.warning("Outbox flush stopped, broker still unreachable: %s", error)
                return sent
            row.delete()
            sent += 1
    return sent


def backlog() -> dict:
    """{"pending": tasks kept, "oldest_age_seconds": age of the oldest or None} (/healthz/ready)."""
    kept = OutboxTask.objects.aggregate(pending=Count("id"), oldest=Min("created_at"))
    oldest = kept["oldest"] and max(0, int((timezone.now() - kept["oldest"]).total_seconds()))
    return {"pending": kept["pending"], "oldest_age_seconds": oldest}
