from django.db import migrations

# The same figure as before; the order row is rewritten only when it changes. Checkout writes the
# subtotal its lines add up to, so at its commit the deferred recompute now reads and leaves the
# row alone: no second version of the order, no audit row for an unchanged total.
FORWARD = """
CREATE OR REPLACE FUNCTION orders_recompute_totals(p_order_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Lock first, then sum in a new statement: under READ COMMITTED that statement's snapshot
    -- includes every transaction that changed this order's items and committed before the lock.
    PERFORM 1 FROM orders WHERE id = p_order_id FOR NO KEY UPDATE;
    -- orders_compute_total derives the total from the new subtotal.
    UPDATE orders o
       SET subtotal = s.subtotal
      FROM (SELECT coalesce(sum(subtotal), 0) AS subtotal FROM order_items WHERE order_id = p_order_id) s
     WHERE o.id = p_order_id AND o.subtotal IS DISTINCT FROM s.subtotal;
END;
$$;
"""

REVERSE = """
CREATE OR REPLACE FUNCTION orders_recompute_totals(p_order_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM orders WHERE id = p_order_id FOR NO KEY UPDATE;
    UPDATE orders
       SET subtotal = (SELECT coalesce(sum(subtotal), 0) FROM order_items WHERE order_id = p_order_id)
     WHERE id = p_order_id;
END;
$$;
"""


class Migration(migrations.Migration):
    """The totals trigger writes the order only when its subtotal changes (issue #17)."""

    dependencies = [("orders", "0012_shipment_carrier_reference")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
