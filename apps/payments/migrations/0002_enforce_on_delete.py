from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("payments", "0001_initial")]

    operations = [
        EnforceOnDelete("Payment", "order"),
        EnforceOnDelete("Refund", "payment"),
        EnforceOnDelete("Refund", "created_by"),
        EnforceOnDelete("PaymentTransaction", "payment"),
        EnforceOnDelete("PaymentMethod", "user"),
    ]
