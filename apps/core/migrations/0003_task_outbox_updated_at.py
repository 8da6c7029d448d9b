from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_task_outbox"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [keep_updated_at("task_outbox")]
