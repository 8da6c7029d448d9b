from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("inventory", "0002_initial")]

    operations = [
        EnforceOnDelete("StockLevel", "warehouse"),
        EnforceOnDelete("StockLevel", "product"),
        EnforceOnDelete("StockLevel", "variant"),
        EnforceOnDelete("StockMovement", "warehouse"),
        EnforceOnDelete("StockMovement", "product"),
        EnforceOnDelete("StockMovement", "variant"),
        EnforceOnDelete("StockMovement", "supplier"),
        EnforceOnDelete("StockMovement", "order"),
        EnforceOnDelete("StockMovement", "created_by"),
        EnforceOnDelete("StockReservation", "order"),
        EnforceOnDelete("StockReservation", "stock_level"),
    ]
