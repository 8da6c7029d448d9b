from django.db import migrations

FORWARD = """
CREATE FUNCTION inventory_reserve_stock(
    p_order_id uuid, p_reference text, p_product_ids uuid[], p_variant_ids uuid[], p_quantities integer[]
) RETURNS TABLE (reservation_id uuid, product_id uuid, variant_id uuid, requested integer, reserved integer)
LANGUAGE plpgsql AS $$
DECLARE
    item record;
    level_id uuid;
    need integer;
    available integer;
    taken integer;
    plan_levels uuid[] := '{}';
    plan_units integer[] := '{}';
BEGIN
    -- Items in (product, variant) order and warehouses in priority order: every checkout takes its
    -- row locks in the same order, so two of them cannot deadlock here.
    FOR item IN
        SELECT u.product_id, u.variant_id, u.quantity
          FROM unnest(p_product_ids, p_variant_ids, p_quantities) AS u(product_id, variant_id, quantity)
         ORDER BY u.product_id, u.variant_id NULLS FIRST
    LOOP
        need := item.quantity;
        FOR level_id IN
            SELECT s.id FROM warehouse_stock s JOIN warehouses w ON w.id = s.warehouse_id
             WHERE s.product_id = item.product_id AND s.variant_id IS NOT DISTINCT FROM item.variant_id
               AND w.is_active
             ORDER BY w.priority, w.code
        LOOP
            EXIT WHEN need = 0;
            -- A conditional update, no SELECT ... FOR UPDATE: read what is available, take it only
            -- if it is still there when the row is ours (PostgreSQL re-checks the WHERE on the
            -- newest row version after waiting for another holder), else read again.
            LOOP
                SELECT s.quantity_on_hand - s.quantity_reserved INTO available
                  FROM warehouse_stock s WHERE s.id = level_id;
                taken := least(need, available);
                EXIT WHEN taken <= 0;
                UPDATE warehouse_stock s
                   SET quantity_reserved = s.quantity_reserved + taken, updated_at = statement_timestamp()
                 WHERE s.id = level_id AND s.quantity_on_hand - s.quantity_reserved >= taken;
                IF FOUND THEN
                    plan_levels := plan_levels || level_id;
                    plan_units := plan_units || taken;
                    need := need - taken;
                    EXIT;
                END IF;
            END LOOP;
        END LOOP;
        IF need > 0 THEN
            -- Short: name the item; the caller raises, which rolls back what this call took.
            RETURN QUERY SELECT NULL::uuid, item.product_id, item.variant_id, item.quantity, item.quantity - need;
            RETURN;
        END IF;
    END LOOP;

    INSERT INTO stock_movements (
        movement_type, quantity, on_hand_delta, reserved_delta, reason, reference, order_id,
        warehouse_id, product_id, variant_id
    )
    SELECT 'reservation', p.units, 0, p.units, 'Reserved for order', p_reference, p_order_id,
           s.warehouse_id, s.product_id, s.variant_id
      FROM unnest(plan_levels, plan_units) WITH ORDINALITY AS p(level_id, units, n)
      JOIN warehouse_stock s ON s.id = p.level_id
     ORDER BY p.n;

    RETURN QUERY
    INSERT INTO stock_reservations (order_id, stock_level_id, quantity, status)
    SELECT p_order_id, p.level_id, p.units, 'active'
      FROM unnest(plan_levels, plan_units) AS p(level_id, units)
    RETURNING id, NULL::uuid, NULL::uuid, NULL::integer, quantity;
END;
$$;
COMMENT ON FUNCTION inventory_reserve_stock(uuid, text, uuid[], uuid[], integer[]) IS
    'Hold stock for an order in one call: conditional updates in warehouse priority order, then the '
    'ledger and reservation rows set-based. Returns the reservations, or one row naming a short item.';
"""

REVERSE = "DROP FUNCTION IF EXISTS inventory_reserve_stock(uuid, text, uuid[], uuid[], integer[]);"


class Migration(migrations.Migration):
    """Stock for an order is held by one stored function (issue #17: short checkout transactions)."""

    dependencies = [("inventory", "0007_transfers_updated_at")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
