from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("shipping", "0001_initial")]

    operations = [
        EnforceOnDelete("ShippingMethod", "zone"),
        EnforceOnDelete("ShippingMethod", "carrier"),
        EnforceOnDelete("ShippingRate", "method"),
        EnforceOnDelete("TrackingEvent", "shipment"),
    ]
