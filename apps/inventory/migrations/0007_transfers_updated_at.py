from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0006_transfers_enforce_on_delete"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [keep_updated_at("stock_transfers")]
