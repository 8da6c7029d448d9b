from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("returns", "0001_initial")]

    operations = [
        EnforceOnDelete("ReturnRequest", "order"),
        EnforceOnDelete("ReturnRequest", "user"),
        EnforceOnDelete("ReturnRequest", "refund"),
        EnforceOnDelete("ReturnRequest", "restock_warehouse"),
        EnforceOnDelete("ReturnItem", "return_request"),
        EnforceOnDelete("ReturnItem", "order_item"),
        EnforceOnDelete("ReturnStatusHistory", "return_request"),
        EnforceOnDelete("ReturnStatusHistory", "created_by"),
    ]
