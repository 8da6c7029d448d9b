from django.db import migrations

# The rule of what counts as revenue, once: paid_orders (0002) and the rollup's triggers both call it.
REVENUE_RULE = """
CREATE FUNCTION order_counts_as_revenue(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT p_status NOT IN ('pending', 'cancelled') $$;
COMMENT ON FUNCTION order_counts_as_revenue(text) IS 'Orders that count as revenue: every status but pending and cancelled';

CREATE OR REPLACE VIEW paid_orders AS
SELECT id, user_id, status, subtotal, discount, tax, shipping, total, placed_at
  FROM orders
 WHERE order_counts_as_revenue(status);
"""

REVENUE_RULE_REVERSE = """
CREATE OR REPLACE VIEW paid_orders AS
SELECT id, user_id, status, subtotal, discount, tax, shipping, total, placed_at
  FROM orders
 WHERE status NOT IN ('pending', 'cancelled');
DROP FUNCTION IF EXISTS order_counts_as_revenue(text);
"""

# Append-only: every change writes signed rows and nothing updates a row in place, so concurrent
# checkouts never wait on each other here. analytics.services.compact_category_revenue folds the
# rows of a (day, category) into one now and then; readers sum whatever rows there are.
TABLES = """
CREATE TABLE category_revenue_days (
    day date NOT NULL,
    category_id uuid NOT NULL,
    revenue numeric(14, 2) NOT NULL,
    units bigint NOT NULL
);
COMMENT ON TABLE category_revenue_days IS
    'Revenue (sum of order_items.subtotal) and units per UTC day of orders.placed_at and product category, '
    'of orders that count as revenue; several signed rows per key until compacted';
CREATE INDEX idx_category_revenue_days_day ON category_revenue_days (day) INCLUDE (category_id, revenue, units);

-- Orders deleted in the current statement, for their lines that the foreign key's cascade deletes
-- afterwards (the lines' trigger can no longer see the order). Committed rows are leftovers.
CREATE TABLE category_revenue_departed_orders (
    order_id uuid PRIMARY KEY,
    day date NOT NULL,
    counted boolean NOT NULL
);
COMMENT ON TABLE category_revenue_departed_orders IS
    'Deleted orders, kept for their cascaded lines within the deleting statement; compaction empties it';
"""

TABLES_REVERSE = """
DROP TABLE IF EXISTS category_revenue_departed_orders;
DROP TABLE IF EXISTS category_revenue_days;
"""

# The trigger functions are SECURITY DEFINER (owner: the migrating role), as audit's are: a role that
# may write orders (shopflow_order_manager) keeps the rollup right without being allowed to write it;
# the pinned search_path keeps them from resolving names in a caller's schema.
# lines: signed (order_id, product_id, revenue, units). Each line is counted with its order's
# current status and day and its product's current category, as the report's join would.
FUNCTIONS = """
CREATE FUNCTION category_revenue_add_lines(
    p_order_ids uuid[], p_product_ids uuid[], p_revenue numeric[], p_units bigint[]
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    unplaced integer;
BEGIN
    IF p_order_ids IS NULL THEN
        RETURN;  -- the statement changed no line that matters
    END IF;
    -- A status change (a no-key update) of these orders waits for this transaction, and this one
    -- for a change in flight: the next statement then reads the status that will stand, and the
    -- change's own trigger sees these lines. At checkout the order is this transaction's own row.
    PERFORM 1 FROM orders WHERE id = ANY (p_order_ids) ORDER BY id FOR SHARE;
    WITH lines AS (
        SELECT l.order_id, p.category_id, l.revenue, l.units,
               coalesce(o.placed_at AT TIME ZONE 'UTC', d.day) AS day,
               coalesce(order_counts_as_revenue(o.status), d.counted) AS counted
          FROM unnest(p_order_ids, p_product_ids, p_revenue, p_units) AS l(order_id, product_id, revenue, units)
          JOIN products p ON p.id = l.product_id
          LEFT JOIN orders o ON o.id = l.order_id
          LEFT JOIN category_revenue_departed_orders d ON o.id IS NULL AND d.order_id = l.order_id
         WHERE p.category_id IS NOT NULL
    ), rollup AS (
        INSERT INTO category_revenue_days (day, category_id, revenue, units)
        SELECT day::date, category_id, sum(revenue), sum(units)
          FROM lines
         WHERE counted
         GROUP BY 1, 2
        HAVING sum(revenue) <> 0 OR sum(units) <> 0
    )
    SELECT count(*) INTO unplaced FROM lines WHERE counted IS NULL;
    IF unplaced > 0 THEN
        -- A line written before its order, or deleted in a statement before its order: refused
        -- rather than counted wrongly.
        RAISE EXCEPTION 'category revenue: % order line(s) without their order', unplaced
            USING HINT = 'Insert an order before its lines; delete its lines with it or before it.';
    END IF;
END;
$$;

CREATE FUNCTION order_items_category_revenue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM category_revenue_add_lines(
            array_agg(order_id), array_agg(product_id), array_agg(subtotal), array_agg(quantity::bigint))
           FROM new_items;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM category_revenue_add_lines(
            array_agg(order_id), array_agg(product_id), array_agg(-subtotal), array_agg(-quantity::bigint))
           FROM old_items;
    ELSE
        -- Lines whose order, product, amount or quantity changed (not a return's count): out with
        -- their old values, in with their new ones.
        PERFORM category_revenue_add_lines(
            array_agg(l.order_id), array_agg(l.product_id), array_agg(l.revenue), array_agg(l.units))
           FROM old_items o
           JOIN new_items n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.order_id, o.product_id, -o.subtotal, -o.quantity::bigint),
                                     (n.order_id, n.product_id, n.subtotal, n.quantity::bigint))
                AS l(order_id, product_id, revenue, units)
          WHERE (o.order_id, o.product_id, o.subtotal, o.quantity)
                IS DISTINCT FROM (n.order_id, n.product_id, n.subtotal, n.quantity);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION orders_category_revenue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO category_revenue_departed_orders (order_id, day, counted)
        SELECT id, (placed_at AT TIME ZONE 'UTC')::date, order_counts_as_revenue(status) FROM old_orders
        ON CONFLICT (order_id) DO NOTHING;
        RETURN NULL;
    END IF;
    -- An order that starts or stops counting, or moves to another day, takes its lines along.
    WITH moved AS (
        SELECT n.id,
               (o.placed_at AT TIME ZONE 'UTC')::date AS old_day, order_counts_as_revenue(o.status) AS old_counted,
               (n.placed_at AT TIME ZONE 'UTC')::date AS new_day, order_counts_as_revenue(n.status) AS new_counted
          FROM old_orders o JOIN new_orders n ON n.id = o.id
    ), changes AS (
        SELECT m.old_day AS day, i.product_id, -i.subtotal AS revenue, -i.quantity::bigint AS units
          FROM moved m JOIN order_items i ON i.order_id = m.id
         WHERE m.old_counted AND (NOT m.new_counted OR m.new_day <> m.old_day)
         UNION ALL
        SELECT m.new_day, i.product_id, i.subtotal, i.quantity::bigint
          FROM moved m JOIN order_items i ON i.order_id = m.id
         WHERE m.new_counted AND (NOT m.old_counted OR m.new_day <> m.old_day)
    )
    INSERT INTO category_revenue_days (day, category_id, revenue, units)
    SELECT c.day, p.category_id, sum(c.revenue), sum(c.units)
      FROM changes c JOIN products p ON p.id = c.product_id
     WHERE p.category_id IS NOT NULL
     GROUP BY 1, 2;
    RETURN NULL;
END;
$$;

CREATE FUNCTION products_category_revenue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    -- Lines being written now read the old category: wait for their transactions, and make the
    -- next ones wait for this one, so that every line is either moved below or placed in the new
    -- category. Checkouts pause while a product changes category (rare, and short).
    LOCK TABLE order_items IN SHARE MODE;
    -- The product's counted lines leave its old category for its new one, day by day.
    INSERT INTO category_revenue_days (day, category_id, revenue, units)
    SELECT s.day, c.category_id, c.sign * s.revenue, c.sign * s.units
      FROM (SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, sum(i.subtotal) AS revenue,
                   sum(i.quantity)::bigint AS units
              FROM order_items i JOIN paid_orders o ON o.id = i.order_id
             WHERE i.product_id = NEW.id
             GROUP BY 1) AS s
     CROSS JOIN (VALUES (OLD.category_id, -1), (NEW.category_id, 1)) AS c(category_id, sign)
     WHERE c.category_id IS NOT NULL;
    RETURN NULL;
END;
$$;

CREATE FUNCTION category_revenue_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    DELETE FROM category_revenue_days;
    DELETE FROM category_revenue_departed_orders;
    RETURN NULL;
END;
$$;

-- Everything again from the base tables, in one statement (one snapshot): deltas committed after
-- it stay, and what they describe is not in its sums. Callers hold the rollup's advisory lock.
CREATE FUNCTION category_revenue_rebuild() RETURNS bigint
LANGUAGE sql AS $$
    -- A data-modifying WITH runs to completion whether or not it is read.
    WITH emptied AS (
        DELETE FROM category_revenue_days
    ), rebuilt AS (
        INSERT INTO category_revenue_days (day, category_id, revenue, units)
        SELECT (o.placed_at AT TIME ZONE 'UTC')::date, p.category_id, sum(i.subtotal), sum(i.quantity)
          FROM order_items i
          JOIN paid_orders o ON o.id = i.order_id
          JOIN products p ON p.id = i.product_id
         WHERE p.category_id IS NOT NULL
         GROUP BY 1, 2
        RETURNING 1
    )
    SELECT count(*) FROM rebuilt;
$$;

-- The rows of each (day, category) that has several folded into one (none when they cancel out);
-- leftovers of deleted orders go. Returns the rows removed. Callers hold the advisory lock.
CREATE FUNCTION category_revenue_compact() RETURNS bigint
LANGUAGE sql AS $$
    WITH keys AS (
        SELECT day, category_id FROM category_revenue_days GROUP BY 1, 2 HAVING count(*) > 1
    ), folded AS (
        DELETE FROM category_revenue_days r USING keys k
         WHERE r.day = k.day AND r.category_id = k.category_id
        RETURNING r.day, r.category_id, r.revenue, r.units
    ), kept AS (
        INSERT INTO category_revenue_days (day, category_id, revenue, units)
        SELECT day, category_id, sum(revenue), sum(units)
          FROM folded
         GROUP BY 1, 2
        HAVING sum(revenue) <> 0 OR sum(units) <> 0
        RETURNING 1
    ), departed AS (
        DELETE FROM category_revenue_departed_orders
    )
    SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM kept);
$$;
"""

FUNCTIONS_REVERSE = """
DROP FUNCTION IF EXISTS category_revenue_compact();
DROP FUNCTION IF EXISTS category_revenue_rebuild();
DROP FUNCTION IF EXISTS category_revenue_truncate();
DROP FUNCTION IF EXISTS products_category_revenue();
DROP FUNCTION IF EXISTS orders_category_revenue();
DROP FUNCTION IF EXISTS order_items_category_revenue();
DROP FUNCTION IF EXISTS category_revenue_add_lines(uuid[], uuid[], numeric[], bigint[]);
"""

# Statement-level with transition tables on the order tables (one call per statement, whatever its
# rows). products: transition tables cannot go with a column list, and a statement trigger on every
# products UPDATE (the stock sync's included) would copy all their rows; a row trigger on
# category_id alone with a WHEN costs nothing unless a product changes category.
TRIGGERS = """
CREATE TRIGGER order_items_category_revenue_insert
    AFTER INSERT ON order_items REFERENCING NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION order_items_category_revenue();
CREATE TRIGGER order_items_category_revenue_update
    AFTER UPDATE ON order_items REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION order_items_category_revenue();
CREATE TRIGGER order_items_category_revenue_delete
    AFTER DELETE ON order_items REFERENCING OLD TABLE AS old_items
    FOR EACH STATEMENT EXECUTE FUNCTION order_items_category_revenue();
CREATE TRIGGER order_items_category_revenue_truncate
    AFTER TRUNCATE ON order_items
    FOR EACH STATEMENT EXECUTE FUNCTION category_revenue_truncate();
CREATE TRIGGER orders_category_revenue_update
    AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
    FOR EACH STATEMENT EXECUTE FUNCTION orders_category_revenue();
CREATE TRIGGER orders_category_revenue_delete
    AFTER DELETE ON orders REFERENCING OLD TABLE AS old_orders
    FOR EACH STATEMENT EXECUTE FUNCTION orders_category_revenue();
CREATE TRIGGER products_category_revenue
    AFTER UPDATE OF category_id ON products
    FOR EACH ROW WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id)
    EXECUTE FUNCTION products_category_revenue();
SELECT category_revenue_rebuild();
"""

TRIGGERS_REVERSE = """
DROP TRIGGER IF EXISTS products_category_revenue ON products;
DROP TRIGGER IF EXISTS orders_category_revenue_delete ON orders;
DROP TRIGGER IF EXISTS orders_category_revenue_update ON orders;
DROP TRIGGER IF EXISTS order_items_category_revenue_truncate ON order_items;
DROP TRIGGER IF EXISTS order_items_category_revenue_delete ON order_items;
DROP TRIGGER IF EXISTS order_items_category_revenue_update ON order_items;
DROP TRIGGER IF EXISTS order_items_category_revenue_insert ON order_items;
"""


class Migration(migrations.Migration):
    """Revenue per day and category, kept exact by the database, for the complex report.

    Orders insert no trigger: a line is counted when it is written (its order already exists), and
    an order's later changes of status or day move its lines. An order line written before its
    order is refused.
    """

    # orders, order_items, products and paid_orders exist from 0002's dependencies on.
    dependencies = [("analytics", "0004_refresh_log_plural")]

    operations = [
        migrations.RunSQL(REVENUE_RULE, reverse_sql=REVENUE_RULE_REVERSE),
        migrations.RunSQL(TABLES, reverse_sql=TABLES_REVERSE),
        migrations.RunSQL(FUNCTIONS, reverse_sql=FUNCTIONS_REVERSE),
        migrations.RunSQL(TRIGGERS, reverse_sql=TRIGGERS_REVERSE),
    ]
