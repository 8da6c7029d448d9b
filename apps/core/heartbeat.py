"""Beat's heartbeat: a task beat schedules every minute stamps the time in Redis; /healthz reads
it, so a stopped beat (no backups, no purges) shows before its absence does harm."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEY = "beat:heartbeat"


def beat() -> str:
    now = timezone.now().isoformat()
    cache.set(KEY, now, timeout=None)
    return now


def last_beat() -> dict:
    """{"last": ISO time or None, "age_seconds": int or None, "state": ok | stale | never}."""
    last = cache.get(KEY)
    if last is None:
        return {"last": None, "age_seconds": None, "state": "never"}
    age = int((timezone.now() - datetime.fromisoformat(last)).total_seconds())
    state = "ok" if age <= settings.BEAT_HEARTBEAT_STALE_SECONDS else "stale"
    return {"last": last, "age_seconds": age, "state": state}
