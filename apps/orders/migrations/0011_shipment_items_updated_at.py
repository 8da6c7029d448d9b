from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0010_order_idempotency_fingerprint"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [keep_updated_at("order_shipment_items")]
