from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("cart", "0002_initial")]

    operations = [
        EnforceOnDelete("Cart", "user"),
        EnforceOnDelete("Cart", "coupon"),
        EnforceOnDelete("CartItem", "cart"),
        EnforceOnDelete("CartItem", "product"),
        EnforceOnDelete("CartItem", "variant"),
    ]
