from django.db import migrations

FORWARD = """
CREATE FUNCTION order_items_compute_subtotal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.subtotal := NEW.quantity * NEW.unit_price;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION order_items_compute_subtotal() IS 'order_items.subtotal = quantity * unit_price';

CREATE TRIGGER order_items_compute_subtotal
    BEFORE INSERT OR UPDATE ON order_items
    FOR EACH ROW EXECUTE FUNCTION order_items_compute_subtotal();

CREATE FUNCTION orders_recompute_totals(p_order_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Lock first, then sum in a new statement: under READ COMMITTED that statement's snapshot
    -- includes every transaction that changed this order's items and committed before the lock.
    PERFORM 1 FROM orders WHERE id = p_order_id FOR NO KEY UPDATE;
    -- orders_compute_total derives the total from the new subtotal.
    UPDATE orders
       SET subtotal = (SELECT coalesce(sum(subtotal), 0) FROM order_items WHERE order_id = p_order_id)
     WHERE id = p_order_id;
END;
$$;

CREATE FUNCTION order_items_recompute_order_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM orders_recompute_totals(OLD.order_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.order_id IS DISTINCT FROM OLD.order_id) THEN
        PERFORM orders_recompute_totals(NEW.order_id);
    END IF;
    RETURN NULL;
END;
$$;

-- Deferred to commit: an order's lines are written one by one, and until the last one is in, a
-- partial subtotal could be below the discount and break orders_discount_within_amount.
CREATE CONSTRAINT TRIGGER order_items_recompute_order_totals
    AFTER INSERT OR UPDATE OR DELETE ON order_items
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION order_items_recompute_order_totals();

CREATE FUNCTION orders_compute_total() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.total := NEW.subtotal - NEW.discount + NEW.tax + NEW.shipping;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION orders_compute_total() IS 'orders.total = subtotal - discount + tax + shipping';

CREATE TRIGGER orders_compute_total
    BEFORE UPDATE OF subtotal, discount, tax, shipping ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_compute_total();
"""

REVERSE = """
DROP TRIGGER IF EXISTS orders_compute_total ON orders;
DROP FUNCTION IF EXISTS orders_compute_total();
DROP TRIGGER IF EXISTS order_items_recompute_order_totals ON order_items;
DROP FUNCTION IF EXISTS order_items_recompute_order_totals();
DROP FUNCTION IF EXISTS orders_recompute_totals(uuid);
DROP TRIGGER IF EXISTS order_items_compute_subtotal ON order_items;
DROP FUNCTION IF EXISTS order_items_compute_subtotal();
"""


class Migration(migrations.Migration):
    """Order amounts kept by the database: a line's subtotal, and the order's subtotal and total.

    The order's figures follow its lines at commit (a deferred constraint trigger), and its total
    follows any change of discount, tax or shipping at once.
    """

    dependencies = [("orders", "0004_human_number_sequences")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
