from django.db import migrations

# Room on each page for the new version of a row: with it, and no index on stock_quantity, the
# stock sync's update is HOT (no index touched). Pages written from now on keep it; existing
# pages gain it as their rows move (or at once with VACUUM FULL / pg_repack, outside a migration).
FILLFACTOR = """
ALTER TABLE products SET (fillfactor = 85);
ALTER TABLE product_variants SET (fillfactor = 85);
"""
DEFAULT_FILLFACTOR = """
ALTER TABLE products RESET (fillfactor);
ALTER TABLE product_variants RESET (fillfactor);
"""


class Migration(migrations.Migration):
    """Stock updates of products and variants become HOT (issue #17): each checkout's stock sync
    rewrote every index of products, three GIN ones included, because one index held stock_quantity."""

    dependencies = [("catalog", "0006_listing_newest_index")]

    operations = [
        migrations.RemoveIndex(model_name="product", name="idx_products_stock"),
        migrations.RunSQL(FILLFACTOR, reverse_sql=DEFAULT_FILLFACTOR),
    ]
