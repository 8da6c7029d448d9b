"""The schedules are rows beat's DatabaseScheduler reads, seeded by migration and editable by staff."""

import json

import pytest
from django.conf import settings
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from apps.core.beat import HeartbeatScheduler
from shopflow.celery import app as celery_app

pytestmark = pytest.mark.django_db

# name: (task, kwargs, (minute, hour, day_of_week, day_of_month) in UTC, or seconds between runs)
EXPECTED = {
    "Daily full backup": ("ops.take_backup", {"kind": "full"}, ("0", "2", "*", "*")),
    "Weekly archive backup": ("ops.take_backup", {"kind": "archive"}, ("0", "0", "0", "*")),
    "Daily base backup (PITR)": ("ops.take_backup", {"kind": "base"}, ("30", "1", "*", "*")),
    "Weekly restore drill": ("ops.run_restore_drill", {}, ("0", "5", "0", "*")),
    "Remove backups past their retention": ("ops.prune_backups", {}, ("0", "6", "*", "*")),
    "Purge expired sessions and tokens": ("ops.purge_expired_tokens", {}, ("30", "4", "*", "*")),
    "Purge expired Django sessions": ("ops.purge_django_sessions", {}, ("35", "4", "*", "*")),
    "Purge idle guest carts": ("ops.purge_idle_guest_carts", {}, ("40", "4", "*", "*")),
    "Record database health": ("ops.record_database_health", {}, 300),
    "Weekly ANALYZE of the busy tables": ("ops.analyze_busy_tables", {}, ("0", "3", "0", "*")),
    "Monthly bloat and index-usage report": ("ops.report_bloat_and_index_usage", {}, ("0", "4", "*", "1")),
    "Create the coming audit_log partitions": ("audit.ensure_partitions", {"months_ahead": 3}, ("15", "3", "*", "*")),
    **{
        f"Heartbeat of the {queue} queue": ("core.queue_heartbeat", {"queue": queue}, 60)
        for queue in ("celery", "checkout", "notifications", "reports", "backups")
    },
}


def when(task):
    if task.interval:
        return task.interval.every
    crontab = task.crontab
    assert str(crontab.timezone) == "UTC"
    return (crontab.minute, crontab.hour, crontab.day_of_week, crontab.day_of_month)


def test_the_migration_seeds_every_schedule_in_utc(periodic_tasks):
    seeded = {name: (task.task, json.loads(task.kwargs), when(task)) for name, task in periodic_tasks.items()}

    assert {name: seeded[name] for name in EXPECTED} == EXPECTED
    assert all(task.enabled for task in periodic_tasks.values())


def test_every_scheduled_task_exists_in_the_worker(periodic_tasks):
    celery_app.loader.import_default_modules()

    assert sorted({task.task for task in periodic_tasks.values()} - set(celery_app.tasks)) == []


def test_beat_runs_the_database_scheduler_which_reads_staff_edits(periodic_tasks):
    assert settings.CELERY_BEAT_SCHEDULER == "apps.core.beat:HeartbeatScheduler"
    assert issubclass(HeartbeatScheduler, DatabaseScheduler)
    # django-celery-beat loads only the crontab rows due within the current hour: edit to this hour.
    hour = timezone.now().hour
    drill = periodic_tasks["Weekly restore drill"]
    drill.crontab.hour = str(hour)
    drill.crontab.save()
    periodic_tasks["Heartbeat of the checkout queue"].enabled = False
    periodic_tasks["Heartbeat of the checkout queue"].save()

    schedule = HeartbeatScheduler(app=celery_app, lazy=True).all_as_schedule()

    assert schedule["Weekly restore drill"].schedule.hour == {hour}
    assert "Heartbeat of the checkout queue" not in schedule


def test_periodic_tasks_are_listed_in_the_admin(admin_client, periodic_tasks):
    response = admin_client.get("/admin/django_celery_beat/periodictask/")

    assert response.status_code == 200
    assert "Daily full backup" in response.content.decode()


def test_the_visibility_timeout_outlasts_the_longest_task():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT >= settings.BACKUP_RTO_SECONDS
