from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("orders", "0002_initial")]

    operations = [
        EnforceOnDelete("Order", "user"),
        EnforceOnDelete("Order", "shipping_method"),
        EnforceOnDelete("OrderItem", "order"),
        EnforceOnDelete("OrderItem", "product"),
        EnforceOnDelete("OrderItem", "variant"),
        EnforceOnDelete("OrderAddress", "order"),
        EnforceOnDelete("OrderShipment", "order"),
        EnforceOnDelete("OrderStatusHistory", "order"),
        EnforceOnDelete("OrderStatusHistory", "created_by"),
        EnforceOnDelete("OrderNote", "order"),
        EnforceOnDelete("OrderNote", "author"),
    ]
