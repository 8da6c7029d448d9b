from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("catalog", "0001_initial")]

    operations = [
        EnforceOnDelete("Category", "parent"),
        EnforceOnDelete("Product", "category"),
        EnforceOnDelete("Product", "brand"),
        EnforceOnDelete("ProductVariant", "product"),
        EnforceOnDelete("ProductImage", "product"),
        EnforceOnDelete("ProductImage", "variant"),
    ]
