"""Re-check with SQL what the triggers and constraints promise, after a demo load (or any time)."""

from django.db import connection

# name -> query returning the number of rows that break the rule
CHECKS = {
    "order total is subtotal - discount + tax + shipping": """
        SELECT count(*) FROM orders WHERE total <> subtotal - discount + tax + shipping""",
    "order subtotal is the sum of its items": """
        SELECT count(*) FROM orders o
         WHERE o.subtotal <> (SELECT coalesce(sum(subtotal), 0) FROM order_items i WHERE i.order_id = o.id)""",
    "item subtotal is quantity × unit price": """
        SELECT count(*) FROM order_items WHERE subtotal <> quantity * unit_price""",
    "product stock is the sum of its available warehouse stock": """
        SELECT count(*) FROM products p
         WHERE p.stock_quantity <> (SELECT coalesce(sum(quantity_on_hand - quantity_reserved), 0)
                                      FROM warehouse_stock s WHERE s.product_id = p.id)""",
    "variant stock is the sum of its available warehouse stock": """
        SELECT count(*) FROM product_variants v
         WHERE v.stock_quantity <> (SELECT coalesce(sum(quantity_on_hand - quantity_reserved), 0)
                                      FROM warehouse_stock s WHERE s.variant_id = v.id)""",
    "no negative stock": """
        SELECT count(*) FROM warehouse_stock
         WHERE quantity_on_hand < 0 OR quantity_reserved < 0 OR quantity_reserved > quantity_on_hand""",
    "stock on hand is the sum of its ledger": """
        SELECT count(*) FROM warehouse_stock s
         WHERE s.quantity_on_hand <> (SELECT coalesce(sum(on_hand_delta), 0) FROM stock_movements m
                                       WHERE m.warehouse_id = s.warehouse_id AND m.product_id = s.product_id
                                         AND m.variant_id IS NOT DISTINCT FROM s.variant_id)""",
    "rating and review count follow approved reviews": """
        SELECT count(*) FROM products p
          LEFT JOIN (SELECT product_id, round(avg(rating), 2) AS mean, count(*) AS n
                       FROM product_reviews WHERE is_approved GROUP BY product_id) r ON r.product_id = p.id
         WHERE p.review_count <> coalesce(r.n, 0) OR p.rating_avg IS DISTINCT FROM r.mean""",
    "search document follows name, brand, category, tags and description": """
        SELECT count(*) FROM products
         WHERE search_vector
               IS DISTINCT FROM product_search_document(name, description, tags::text[], brand_id, category_id)""",
    "coupon use count is its redemptions": """
        SELECT count(*) FROM coupons c
         WHERE c.times_used <> (SELECT count(*) FROM coupon_usage u WHERE u.coupon_id = c.id)""",
    "customer spending follows paid orders and refunds": """
        WITH paid AS (
            SELECT o.user_id, o.total, o.placed_at,
                   (SELECT coalesce(sum(r.amount), 0) FROM refunds r JOIN payments p2 ON p2.id = r.payment_id
                     WHERE p2.order_id = o.id AND r.status = 'succeeded') AS refunded
              FROM orders o
             WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id
                              AND p.status IN ('captured', 'partially_refunded', 'refunded')))
        SELECT count(*) FROM users u
          LEFT JOIN (SELECT user_id, greatest(sum(total) - sum(refunded), 0) AS spend, count(*) AS n,
                            max(placed_at) AS last_at FROM paid GROUP BY user_id) s ON s.user_id = u.id
         WHERE u.lifetime_spend <> coalesce(s.spend, 0) OR u.order_count <> coalesce(s.n, 0)
            OR u.last_order_at IS DISTINCT FROM s.last_at""",
    "revenue per day and category is the paid orders' lines": """
        SELECT count(*)
          FROM (SELECT day, category_id, sum(revenue) AS revenue, sum(units) AS units
                  FROM category_revenue_days GROUP BY 1, 2 HAVING sum(revenue) <> 0 OR sum(units) <> 0) r
          FULL JOIN (SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, p.category_id,
                            sum(i.subtotal) AS revenue, sum(i.quantity) AS units
                       FROM order_items i JOIN paid_orders o ON o.id = i.order_id
                       JOIN products p ON p.id = i.product_id
                      WHERE p.category_id IS NOT NULL
                      GROUP BY 1, 2) b USING (day, category_id)
         WHERE (r.revenue, r.units) IS DISTINCT FROM (b.revenue, b.units)""",
    "every constraint is validated": """
        SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND NOT c.convalidated""",
    "every trigger is enabled": """
        SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled = 'D'""",
}


def verify_demo_consistency() -> dict[str, int]:
    """The rules that do not hold, each with its number of offending rows; empty when all is well."""
    problems = {}
    with connection.cursor() as cursor:
        for rule, query in CHECKS.items():
            cursor.execute(query)
            (count,) = cursor.fetchone()
            if count:
                problems[rule] = count
    return problems
