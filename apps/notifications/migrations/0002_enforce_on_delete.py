from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("notifications", "0001_initial")]

    operations = [
        EnforceOnDelete("Notification", "user"),
        EnforceOnDelete("NotificationPreference", "user"),
        EnforceOnDelete("DeliveryLog", "notification"),
    ]
