import json

from django.db import migrations

# name: (task, schedule, kwargs). Schedules in UTC: ("cron", minute, hour, day_of_week, day_of_month)
# or ("every", seconds). Staff change them afterwards in the admin (Periodic tasks).
CRITICAL_VIEWS = ("mv_daily_sales", "mv_inventory_status", "mv_product_performance")
SCHEDULES = {
    **{
        f"Refresh {view} hourly": ("analytics.refresh_materialized_view", ("cron", "0", "*", "*", "*"), {"name": view})
        for view in CRITICAL_VIEWS
    },
    "Refresh all materialized views nightly": (
        "analytics.refresh_all_materialized_views",
        ("cron", "0", "2", "*", "*"),
        {},
    ),
    # Daily although partitions are monthly: idempotent and cheap, and a missed run must not leave a
    # whole month to the DEFAULT partition.
    "Create the coming audit_log partitions": (
        "audit.ensure_partitions",
        ("cron", "15", "3", "*", "*"),
        {"months_ahead": 3},
    ),
    "Check low stock": ("inventory.check_low_stock", ("every", 15 * 60), {}),
    # Back-in-stock and price-drop alerts, once per crossing.
    "Send wishlist alerts": ("wishlist.send_alerts", ("every", 15 * 60), {}),
    # New and renamed products' words reach search's spelling corrections within the hour.
    "Refresh the search dictionary": ("catalog.refresh_search_dictionary", ("cron", "30", "*", "*", "*"), {}),
    "Purge expired sessions and tokens": ("ops.purge_expired_tokens", ("cron", "30", "4", "*", "*"), {}),
    "Purge expired Django sessions": ("ops.purge_django_sessions", ("cron", "35", "4", "*", "*"), {}),
    "Purge idle guest carts": ("ops.purge_idle_guest_carts", ("cron", "40", "4", "*", "*"), {}),
    # Seed 003 §7.1: full backup daily at 02:00, weekly archive on Sunday at 00:00.
    "Daily full backup": ("ops.take_backup", ("cron", "0", "2", "*", "*"), {"kind": "full"}),
    "Weekly archive backup": ("ops.take_backup", ("cron", "0", "0", "0", "*"), {"kind": "archive"}),
    # A base backup a day keeps the WAL to replay for point-in-time recovery short.
    "Daily base backup (PITR)": ("ops.take_backup", ("cron", "30", "1", "*", "*"), {"kind": "base"}),
    "Weekly restore drill": ("ops.run_restore_drill", ("cron", "0", "5", "0", "*"), {}),
    "Remove backups past their retention": ("ops.prune_backups", ("cron", "0", "6", "*", "*"), {}),
    "Record database health": ("ops.record_database_health", ("every", 5 * 60), {}),
    "Weekly ANALYZE of the busy tables": ("ops.analyze_busy_tables", ("cron", "0", "3", "0", "*"), {}),
    "Monthly bloat and index-usage report": ("ops.report_bloat_and_index_usage", ("cron", "0", "4", "*", "1"), {}),
    # After the nightly view refresh: demand history, forecasts, reorder points and suggestions.
    "Nightly demand forecast and reorder suggestions": ("planning.nightly_forecast", ("cron", "30", "2", "*", "*"), {}),
    # Tasks kept in task_outbox while the broker was away go out as soon as it is back.
    "Send tasks kept in the outbox": ("core.flush_outbox", ("every", 60), {}),
    "Beat heartbeat": ("core.beat_heartbeat", ("every", 60), {}),
}


def seed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for name, (task, schedule, kwargs) in SCHEDULES.items():
        if schedule[0] == "cron":
            _, minute, hour, day_of_week, day_of_month = schedule
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute, hour=hour, day_of_week=day_of_week, day_of_month=day_of_month,
                month_of_year="*", timezone="UTC",
            )  # fmt: skip
            when = {"crontab": crontab}
        else:
            interval, _ = IntervalSchedule.objects.get_or_create(every=schedule[1], period="seconds")
            when = {"interval": interval}
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "kwargs": json.dumps(kwargs), "enabled": True, **when}
        )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    """The shop's schedules as rows of django-celery-beat, which beat's DatabaseScheduler reads."""

    dependencies = [
        ("ops", "0004_backup_details_drills_health_history_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
