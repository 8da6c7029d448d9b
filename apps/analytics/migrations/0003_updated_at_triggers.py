from django.db import migrations

FORWARD = """
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- An UPDATE that sets updated_at itself (Django's auto_now, a data fix) keeps its value;
    -- any other UPDATE, e.g. a bulk SQL one, stamps the time of its transaction.
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION set_updated_at() IS 'Keeps updated_at of every ShopFlow table with that column';

DO $$
DECLARE
    t regclass;
BEGIN
    -- Every table (a partitioned parent, not its partitions, which inherit the trigger).
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_class c
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped
         WHERE c.relnamespace = current_schema()::regnamespace
           AND c.relkind IN ('r', 'p')
           AND NOT c.relispartition
    LOOP
        EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION set_updated_at()', t);
    END LOOP;
END;
$$;
"""

REVERSE = """
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT tgrelid::regclass FROM pg_trigger
         WHERE tgname = 'set_updated_at' AND tgfoid = 'set_updated_at'::regproc AND tgparentid = 0
    LOOP
        EXECUTE format('DROP TRIGGER set_updated_at ON %s', t);
    END LOOP;
END;
$$;
DROP FUNCTION IF EXISTS set_updated_at();
"""


class Migration(migrations.Migration):
    """updated_at kept by the database on every table that has it: one function, one trigger per table.

    It runs after every app's tables exist (analytics is the top layer); a table added later gets its
    trigger from the migration that creates it.
    """

    dependencies = [
        ("analytics", "0002_materialized_views"),
        ("accounts", "0002_enforce_on_delete"),
        ("cart", "0003_enforce_on_delete"),
        ("catalog", "0004_search_indexes"),
        ("inventory", "0004_stock_quantity_triggers"),
        ("notifications", "0002_enforce_on_delete"),
        ("ops", "0002_enforce_on_delete"),
        ("orders", "0005_order_totals_triggers"),
        ("payments", "0003_customer_spending_triggers"),
        ("promotions", "0002_enforce_on_delete"),
        ("returns", "0002_enforce_on_delete"),
        ("reviews", "0003_product_rating_triggers"),
        ("shipping", "0002_enforce_on_delete"),
        ("wishlist", "0002_enforce_on_delete"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
