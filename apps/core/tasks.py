from celery import shared_task

from apps.core import heartbeat

from .outbox import flush_outbox


@shared_task(name="core.ping")
def ping(value="pong"):
    """Echo: proves a message travels broker → worker → result backend."""
    return value


@shared_task(name="core.beat_heartbeat")
def beat_heartbeat():
    """Scheduled by beat every minute: proves beat runs (read by /healthz)."""
    return heartbeat.beat()


@shared_task(name="core.flush_outbox")
def flush_outbox_task():
    """Send the tasks kept while the broker was away (apps.core.outbox); scheduled every minute."""
    return flush_outbox()
