from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies the shipment items' on_delete rules itself (seed 003 §8.1); a migration of
    its own, because the foreign keys of a new table are only created at the end of its migration."""

    dependencies = [("orders", "0007_order_shipment_items")]

    operations = [
        EnforceOnDelete("OrderShipmentItem", "shipment"),
        EnforceOnDelete("OrderShipmentItem", "order_item"),
    ]
