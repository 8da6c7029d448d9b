"""Heartbeats of the background processes, kept in PostgreSQL (table `heartbeats`).

Celery beat stamps "beat" as it schedules (apps.core.beat); beat sends each queue's heartbeat task
every minute and the worker that runs it stamps "queue:<name>" (apps.core.tasks.queue_heartbeat),
which proves the whole path beat → broker → a worker on that queue → the database. /healthz/ready
reads the stamps and their age instead of pinging workers: one indexed read, whatever Redis does.
"""

from django.conf import settings
from django.utils import timezone

from .models import Heartbeat

BEAT = "beat"
QUEUE_PREFIX = "queue:"


def queue_name(queue: str) -> str:
    return f"{QUEUE_PREFIX}{queue}"


def stamp(name: str, *, source: str = "") -> None:
    """Record that `name` is alive now: one INSERT ... ON CONFLICT DO UPDATE."""
    Heartbeat.objects.bulk_create(
        [Heartbeat(name=name, beat_at=timezone.now(), source=source[:255])],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["beat_at", "source"],
    )


def describe(heartbeat: Heartbeat | None, now) -> dict:
    """{"state": ok | stale | never, "age_seconds", "last", "source"} of one heartbeat."""
    if heartbeat is None:
        return {"state": "never", "age_seconds": None, "last": None, "source": None}
    age = max(0, int((now - heartbeat.beat_at).total_seconds()))
    return {
        "state": "ok" if age <= settings.HEARTBEAT_STALE_SECONDS else "stale",
        "age_seconds": age,
        "last": heartbeat.beat_at.isoformat(),
        "source": heartbeat.source or None,
    }


def read(names) -> dict:
    """{name: describe(...)} for each of `names`, in one query."""
    found = {heartbeat.name: heartbeat for heartbeat in Heartbeat.objects.filter(name__in=names)}
    now = timezone.now()
    return {name: describe(found.get(name), now) for name in names}
