from django.db import migrations

FORWARD = """
CREATE FUNCTION users_recompute_spending(p_user_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_user_id IS NULL THEN
        RETURN;  -- a guest order
    END IF;
    -- Lock, then aggregate in new statements, so concurrent captures never store a stale figure.
    PERFORM 1 FROM users WHERE id = p_user_id FOR NO KEY UPDATE;
    WITH paid_orders AS (
        SELECT o.id, o.total, o.placed_at
          FROM orders o
         WHERE o.user_id = p_user_id
           AND EXISTS (SELECT 1 FROM payments p
                        WHERE p.order_id = o.id
                          AND p.status IN ('captured', 'partially_refunded', 'refunded'))
    ), refunded AS (
        SELECT coalesce(sum(r.amount), 0) AS amount
          FROM refunds r
          JOIN payments p ON p.id = r.payment_id
         WHERE p.order_id IN (SELECT id FROM paid_orders) AND r.status = 'succeeded'
    )
    UPDATE users
       SET lifetime_spend = greatest(
               (SELECT coalesce(sum(total), 0) FROM paid_orders) - (SELECT amount FROM refunded), 0),
           order_count = (SELECT count(*) FROM paid_orders),
           last_order_at = (SELECT max(placed_at) FROM paid_orders)
     WHERE id = p_user_id;
END;
$$;
COMMENT ON FUNCTION users_recompute_spending(uuid) IS
    'Customer spending, recomputed from scratch. A paid order is an order with a payment whose status '
    'reached captured (captured, partially_refunded or refunded). lifetime_spend = sum of the totals of '
    'paid orders minus the succeeded refunds of their payments (never below 0); order_count = paid '
    'orders (a refunded order still counts as placed); last_order_at = placed_at of the latest paid order.';

CREATE FUNCTION payments_sync_customer_spending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM users_recompute_spending((SELECT user_id FROM orders WHERE id = OLD.order_id));
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.order_id IS DISTINCT FROM OLD.order_id) THEN
        PERFORM users_recompute_spending((SELECT user_id FROM orders WHERE id = NEW.order_id));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER payments_sync_customer_spending
    AFTER INSERT OR DELETE OR UPDATE OF order_id, status, amount_captured, amount_refunded ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_sync_customer_spending();

CREATE FUNCTION refunds_sync_customer_spending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM users_recompute_spending(
            (SELECT o.user_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = OLD.payment_id));
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.payment_id IS DISTINCT FROM OLD.payment_id) THEN
        PERFORM users_recompute_spending(
            (SELECT o.user_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = NEW.payment_id));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER refunds_sync_customer_spending
    AFTER INSERT OR DELETE OR UPDATE OF payment_id, status, amount ON refunds
    FOR EACH ROW EXECUTE FUNCTION refunds_sync_customer_spending();
"""

REVERSE = """
DROP TRIGGER IF EXISTS refunds_sync_customer_spending ON refunds;
DROP FUNCTION IF EXISTS refunds_sync_customer_spending();
DROP TRIGGER IF EXISTS payments_sync_customer_spending ON payments;
DROP FUNCTION IF EXISTS payments_sync_customer_spending();
DROP FUNCTION IF EXISTS users_recompute_spending(uuid);
"""


class Migration(migrations.Migration):
    """users.lifetime_spend, order_count and last_order_at follow the payments and refunds of their orders.

    The figures are recomputed from the orders, never incremented, so a replayed or reordered event
    cannot leave them wrong. The definition of a paid order is in the function's comment.
    """

    dependencies = [
        ("payments", "0002_enforce_on_delete"),
        ("orders", "0003_enforce_on_delete"),
        ("accounts", "0002_enforce_on_delete"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
