from django.db import migrations

FORWARD = """
CREATE FUNCTION warehouse_stock_sync_item(p_product_id uuid, p_variant_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Take the row locks first (product before variant, the same order in every transaction, so
    -- two of them cannot deadlock here), then sum in new statements: under READ COMMITTED each
    -- statement's snapshot then includes every stock change committed by a transaction that held
    -- the lock before us. Summing inside the UPDATE itself would use a snapshot taken before the
    -- wait, and the last writer would store a sum missing the other's change.
    PERFORM 1 FROM products WHERE id = p_product_id FOR NO KEY UPDATE;
    IF p_variant_id IS NOT NULL THEN
        PERFORM 1 FROM product_variants WHERE id = p_variant_id FOR NO KEY UPDATE;
    END IF;

    UPDATE products
       SET stock_quantity = (
           SELECT coalesce(sum(quantity_on_hand - quantity_reserved), 0)
             FROM warehouse_stock WHERE product_id = p_product_id)
     WHERE id = p_product_id;

    IF p_variant_id IS NOT NULL THEN
        UPDATE product_variants
           SET stock_quantity = (
               SELECT coalesce(sum(quantity_on_hand - quantity_reserved), 0)
                 FROM warehouse_stock WHERE variant_id = p_variant_id)
         WHERE id = p_variant_id;
    END IF;
END;
$$;
COMMENT ON FUNCTION warehouse_stock_sync_item(uuid, uuid) IS
    'products.stock_quantity = available stock of all its rows (own and variants''); a variant''s = its rows';

CREATE FUNCTION warehouse_stock_sync_stock_quantity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM warehouse_stock_sync_item(OLD.product_id, OLD.variant_id);
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.product_id, OLD.variant_id) IS DISTINCT FROM (NEW.product_id, NEW.variant_id) THEN
        PERFORM warehouse_stock_sync_item(OLD.product_id, OLD.variant_id);
    END IF;
    PERFORM warehouse_stock_sync_item(NEW.product_id, NEW.variant_id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER warehouse_stock_sync_stock_quantity
    AFTER INSERT OR DELETE OR UPDATE OF product_id, variant_id, quantity_on_hand, quantity_reserved
    ON warehouse_stock
    FOR EACH ROW EXECUTE FUNCTION warehouse_stock_sync_stock_quantity();
"""

REVERSE = """
DROP TRIGGER IF EXISTS warehouse_stock_sync_stock_quantity ON warehouse_stock;
DROP FUNCTION IF EXISTS warehouse_stock_sync_stock_quantity();
DROP FUNCTION IF EXISTS warehouse_stock_sync_item(uuid, uuid);
"""


class Migration(migrations.Migration):
    """products.stock_quantity and product_variants.stock_quantity follow the warehouses' available stock."""

    dependencies = [("inventory", "0003_enforce_on_delete"), ("catalog", "0002_enforce_on_delete")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
