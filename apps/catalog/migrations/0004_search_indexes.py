from django.db import migrations


class Migration(migrations.Migration):
    """Indexes of product search: the weighted document, and trigrams of names for "did you mean".

    Built CONCURRENTLY so a live catalog keeps taking writes, hence outside a transaction.
    """

    atomic = False

    dependencies = [("catalog", "0003_search_vector_trigger"), ("core", "0001_extensions")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_products_search_vector ON products USING gin (search_vector);",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS idx_products_search_vector;",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_products_name_trgm ON products USING gin (name gin_trgm_ops);",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS idx_products_name_trgm;",
        ),
    ]
