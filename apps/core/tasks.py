from celery import shared_task

from apps.core import heartbeat

from .outbox import flush_outbox


@shared_task(name="core.ping")
def ping(value="pong"):
    """Echo: proves a message travels broker → worker → result backend."""
    return value


@shared_task(name="core.queue_heartbeat", bind=True, ignore_result=True)
def queue_heartbeat(self, queue):
    """Sent by beat every minute to each queue: the worker that takes it stamps "queue:<queue>"
    with its name, which /healthz/ready reports (apps.core.heartbeat)."""
    heartbeat.stamp(heartbeat.queue_name(queue), source=self.request.hostname or "")


@shared_task(name="core.flush_outbox")
def flush_outbox_task():
    """Send the tasks kept while the broker was away (apps.core.outbox); scheduled every minute."""
    return flush_outbox()
