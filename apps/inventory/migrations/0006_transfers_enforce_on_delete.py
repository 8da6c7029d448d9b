from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies the transfers' foreign-key on_delete rules itself (seed 003 §8.1)."""

    dependencies = [("inventory", "0005_reorder_point_override_and_transfers_in_transit")]

    operations = [
        EnforceOnDelete("Transfer", "product"),
        EnforceOnDelete("Transfer", "variant"),
        EnforceOnDelete("Transfer", "source"),
        EnforceOnDelete("Transfer", "destination"),
        EnforceOnDelete("Transfer", "requested_by"),
    ]
