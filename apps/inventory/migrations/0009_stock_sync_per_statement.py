from django.db import migrations

FORWARD = """
CREATE FUNCTION warehouse_stock_sync_items(p_product_ids uuid[], p_variant_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- As warehouse_stock_sync_item, for a whole statement's items: lock first (products, then
    -- variants, each in id order, so two statements cannot deadlock here), then sum in new
    -- statements whose snapshots include every change committed by an earlier lock holder.
    PERFORM 1 FROM products WHERE id = ANY(p_product_ids) ORDER BY id FOR NO KEY UPDATE;
    PERFORM 1 FROM product_variants WHERE id = ANY(p_variant_ids) ORDER BY id FOR NO KEY UPDATE;

    -- Rows whose figure is already right are left alone: no dead tuple, no audit row.
    UPDATE products p
       SET stock_quantity = s.units
      FROM (SELECT item.id, (SELECT coalesce(sum(w.quantity_on_hand - w.quantity_reserved), 0)
                               FROM warehouse_stock w WHERE w.product_id = item.id) AS units
              FROM unnest(p_product_ids) AS item(id)) s
     WHERE p.id = s.id AND p.stock_quantity IS DISTINCT FROM s.units;

    UPDATE product_variants v
       SET stock_quantity = s.units
      FROM (SELECT item.id, (SELECT coalesce(sum(w.quantity_on_hand - w.quantity_reserved), 0)
                               FROM warehouse_stock w WHERE w.variant_id = item.id) AS units
              FROM unnest(p_variant_ids) AS item(id)) s
     WHERE v.id = s.id AND v.stock_quantity IS DISTINCT FROM s.units;
END;
$$;

CREATE FUNCTION warehouse_stock_sync_changed_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- One call per statement, over the rows it changed (transition tables): a checkout's stock
    -- taken from several rows syncs each product and variant once.
    IF TG_OP = 'INSERT' THEN
        PERFORM warehouse_stock_sync_items(
            ARRAY(SELECT DISTINCT product_id FROM new_rows),
            ARRAY(SELECT DISTINCT variant_id FROM new_rows WHERE variant_id IS NOT NULL));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM warehouse_stock_sync_items(
            ARRAY(SELECT DISTINCT product_id FROM old_rows),
            ARRAY(SELECT DISTINCT variant_id FROM old_rows WHERE variant_id IS NOT NULL));
    ELSE
        PERFORM warehouse_stock_sync_items(
            ARRAY(SELECT DISTINCT c.product_id FROM (
                SELECT o.product_id, o.variant_id, n.product_id AS new_product_id, n.variant_id AS new_variant_id
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                 WHERE (o.product_id, o.variant_id, o.quantity_on_hand, o.quantity_reserved)
                       IS DISTINCT FROM (n.product_id, n.variant_id, n.quantity_on_hand, n.quantity_reserved)
            ) changed CROSS JOIN LATERAL (VALUES (changed.product_id), (changed.new_product_id)) AS c(product_id)),
            ARRAY(SELECT DISTINCT c.variant_id FROM (
                SELECT o.variant_id, n.variant_id AS new_variant_id
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                 WHERE (o.product_id, o.variant_id, o.quantity_on_hand, o.quantity_reserved)
                       IS DISTINCT FROM (n.product_id, n.variant_id, n.quantity_on_hand, n.quantity_reserved)
            ) changed CROSS JOIN LATERAL (VALUES (changed.variant_id), (changed.new_variant_id)) AS c(variant_id)
             WHERE c.variant_id IS NOT NULL));
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER warehouse_stock_sync_stock_quantity ON warehouse_stock;
CREATE TRIGGER warehouse_stock_sync_inserted AFTER INSERT ON warehouse_stock
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION warehouse_stock_sync_changed_rows();
CREATE TRIGGER warehouse_stock_sync_updated AFTER UPDATE ON warehouse_stock
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION warehouse_stock_sync_changed_rows();
CREATE TRIGGER warehouse_stock_sync_deleted AFTER DELETE ON warehouse_stock
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION warehouse_stock_sync_changed_rows();
"""

REVERSE = """
DROP TRIGGER IF EXISTS warehouse_stock_sync_inserted ON warehouse_stock;
DROP TRIGGER IF EXISTS warehouse_stock_sync_updated ON warehouse_stock;
DROP TRIGGER IF EXISTS warehouse_stock_sync_deleted ON warehouse_stock;
DROP FUNCTION IF EXISTS warehouse_stock_sync_changed_rows();
DROP FUNCTION IF EXISTS warehouse_stock_sync_items(uuid[], uuid[]);
CREATE TRIGGER warehouse_stock_sync_stock_quantity
    AFTER INSERT OR DELETE OR UPDATE OF product_id, variant_id, quantity_on_hand, quantity_reserved
    ON warehouse_stock
    FOR EACH ROW EXECUTE FUNCTION warehouse_stock_sync_stock_quantity();
"""


class Migration(migrations.Migration):
    """The stock sync to products and variants runs once per statement over its changed rows."""

    dependencies = [("inventory", "0008_reserve_stock_function")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
