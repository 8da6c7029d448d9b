from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run in a transaction; the shop keeps serving while it builds.
    atomic = False

    dependencies = [("catalog", "0005_search_dictionary_and_category_weight")]

    operations = [
        AddIndexConcurrently(
            model_name="product",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                "name",
                "id",
                condition=models.Q(("deleted_at__isnull", True), ("is_active", True)),
                name="idx_products_listing_newest",
            ),
        ),
    ]
