from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0005_seed_periodic_tasks"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [keep_updated_at("db_health_checks", "maintenance_reports", "restore_drills")]
