from django.db import migrations

# users_recompute_spending counts only payments that reached captured; a payment row that is not
# paid before nor after the change (an authorisation at checkout, a void) cannot move the figures,
# so the user's orders are not re-aggregated for it. Same figures, one aggregate fewer per checkout.
PAID = "('captured', 'partially_refunded', 'refunded')"

FORWARD = f"""
CREATE OR REPLACE FUNCTION payments_sync_customer_spending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND (OLD.status IN {PAID}
            OR (TG_OP = 'UPDATE' AND (NEW.status IN {PAID} OR NEW.order_id IS DISTINCT FROM OLD.order_id))) THEN
        PERFORM users_recompute_spending((SELECT user_id FROM orders WHERE id = OLD.order_id));
    END IF;
    IF (TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.order_id IS DISTINCT FROM OLD.order_id))
            AND NEW.status IN {PAID} THEN
        PERFORM users_recompute_spending((SELECT user_id FROM orders WHERE id = NEW.order_id));
    END IF;
    RETURN NULL;
END;
$$;
"""

REVERSE = """
CREATE OR REPLACE FUNCTION payments_sync_customer_spending() RETURNS trigger
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
"""


class Migration(migrations.Migration):
    """Customer spending is recomputed only for payment changes that can move it (issue #17)."""

    dependencies = [("payments", "0005_refund_above_limit_permission")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
