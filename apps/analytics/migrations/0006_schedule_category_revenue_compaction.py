from django.db import migrations

NAME = "Fold the revenue rollup's rows"
EVERY_SECONDS = 5 * 60


def schedule(apps, schema_editor):
    # Every checkout appends a few rows to category_revenue_days; folding them keeps the report's
    # scan at about one row per day and category. The report is exact whether or not this runs.
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=EVERY_SECONDS, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "analytics.compact_category_revenue", "kwargs": "{}", "enabled": True, "interval": interval},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0005_category_revenue_rollup"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
