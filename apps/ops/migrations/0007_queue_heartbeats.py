import json

from django.db import migrations

# Every minute beat sends core.queue_heartbeat to each queue; the worker that takes it stamps the
# queue's heartbeat (apps.core.heartbeat). A message older than a minute is dropped by the worker
# (expires): after an outage one fresh stamp matters, not the pile of missed ones.
QUEUES = ("celery", "checkout", "notifications", "reports", "backups")
EVERY_SECONDS = 60
# Beat stamps its own heartbeat now (apps.core.beat), so this task of 0005 is gone.
BEAT_HEARTBEAT = "Beat heartbeat"


def heartbeat_name(queue):
    return f"Heartbeat of the {queue} queue"


def seed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    interval, _ = IntervalSchedule.objects.get_or_create(every=EVERY_SECONDS, period="seconds")
    for queue in QUEUES:
        PeriodicTask.objects.update_or_create(
            name=heartbeat_name(queue),
            defaults={
                "task": "core.queue_heartbeat",
                "kwargs": json.dumps({"queue": queue}),
                "queue": queue,
                "expire_seconds": EVERY_SECONDS,
                "interval": interval,
                "enabled": True,
            },
        )
    PeriodicTask.objects.filter(name=BEAT_HEARTBEAT).delete()


def unseed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask.objects.filter(name__in=[heartbeat_name(queue) for queue in QUEUES]).delete()
    interval, _ = IntervalSchedule.objects.get_or_create(every=EVERY_SECONDS, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=BEAT_HEARTBEAT, defaults={"task": "core.beat_heartbeat", "kwargs": "{}", "interval": interval}
    )


class Migration(migrations.Migration):
    """A heartbeat task per Celery queue, for /healthz/ready."""

    dependencies = [("ops", "0006_updated_at_triggers")]

    operations = [migrations.RunPython(seed, unseed)]
