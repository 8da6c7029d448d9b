from django.db import migrations

# Revenue counts only paid orders: defined once, in this view, and used by every materialized view.
PAID_ORDERS = """
CREATE VIEW paid_orders AS
SELECT id, user_id, status, subtotal, discount, tax, shipping, total, placed_at
  FROM orders
 WHERE status NOT IN ('pending', 'cancelled');
COMMENT ON VIEW paid_orders IS 'Orders that count as revenue: every status but pending and cancelled';
"""

# Days and months are UTC (settings.TIME_ZONE), whatever the session's time zone.
VIEWS = {
    "mv_customer_analytics": """
SELECT u.id AS user_id,
       u.email,
       count(o.id)::int AS order_count,
       coalesce(sum(o.total), 0) AS total_spent,
       coalesce(round(avg(o.total), 2), 0) AS avg_order_value,
       coalesce((SELECT sum(oi.quantity) FROM order_items oi JOIN paid_orders po ON po.id = oi.order_id
                  WHERE po.user_id = u.id), 0)::int AS items_purchased,
       min(o.placed_at) AS first_order_at,
       max(o.placed_at) AS last_order_at
  FROM users u
  LEFT JOIN paid_orders o ON o.user_id = u.id
 WHERE u.deleted_at IS NULL
 GROUP BY u.id, u.email
""",
    "mv_product_performance": """
WITH sales AS (
    SELECT oi.product_id,
           sum(oi.quantity) AS units_sold,
           count(DISTINCT oi.order_id) AS order_count,
           sum(oi.subtotal) AS revenue,
           sum(oi.quantity_returned) AS units_returned
      FROM order_items oi
      JOIN paid_orders o ON o.id = oi.order_id
     GROUP BY oi.product_id
)
SELECT p.id AS product_id,
       p.name,
       p.sku,
       p.category_id,
       coalesce(s.units_sold, 0)::int AS units_sold,
       coalesce(s.order_count, 0)::int AS order_count,
       coalesce(s.revenue, 0) AS revenue,
       coalesce(s.units_returned, 0)::int AS units_returned,
       p.rating_avg,
       p.review_count,
       p.stock_quantity
  FROM products p
  LEFT JOIN sales s ON s.product_id = p.id
 WHERE p.deleted_at IS NULL
""",
    "mv_daily_sales": """
WITH units AS (
    SELECT order_id, sum(quantity) AS units FROM order_items GROUP BY order_id
)
SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS sale_date,
       count(*)::int AS order_count,
       count(DISTINCT o.user_id)::int AS customer_count,
       coalesce(sum(u.units), 0)::int AS units_sold,
       sum(o.subtotal) AS gross_sales,
       sum(o.discount) AS discounts,
       sum(o.tax) AS tax,
       sum(o.shipping) AS shipping,
       sum(o.total) AS revenue,
       round(avg(o.total), 2) AS avg_order_value
  FROM paid_orders o
  LEFT JOIN units u ON u.order_id = o.id
 GROUP BY 1
""",
    "mv_category_performance": """
WITH sales AS (
    SELECT p.category_id,
           sum(oi.quantity) AS units_sold,
           count(DISTINCT oi.order_id) AS order_count,
           sum(oi.subtotal) AS revenue
      FROM order_items oi
      JOIN paid_orders o ON o.id = oi.order_id
      JOIN products p ON p.id = oi.product_id
     GROUP BY p.category_id
), assortment AS (
    SELECT category_id, count(*) AS product_count
      FROM products
     WHERE is_active AND deleted_at IS NULL
     GROUP BY category_id
), ratings AS (
    SELECT p.category_id, round(avg(r.rating), 2) AS rating_avg
      FROM product_reviews r
      JOIN products p ON p.id = r.product_id
     WHERE r.is_approved AND p.deleted_at IS NULL
     GROUP BY p.category_id
)
SELECT c.id AS category_id,
       c.name,
       c.parent_id,
       coalesce(a.product_count, 0)::int AS product_count,
       coalesce(s.units_sold, 0)::int AS units_sold,
       coalesce(s.order_count, 0)::int AS order_count,
       coalesce(s.revenue, 0) AS revenue,
       r.rating_avg
  FROM categories c
  LEFT JOIN assortment a ON a.category_id = c.id
  LEFT JOIN sales s ON s.category_id = c.id
  LEFT JOIN ratings r ON r.category_id = c.id
""",
    # RFM: each score is the customer's quintile (ntile) among customers with a paid order, 5 best;
    # ties are broken by the next measure and then the id, so a refresh is deterministic.
    "mv_customer_segments": """
WITH rfm AS (
    SELECT user_id, max(placed_at) AS last_order_at, count(*) AS frequency, sum(total) AS monetary
      FROM paid_orders
     WHERE user_id IS NOT NULL
     GROUP BY user_id
), scored AS (
    SELECT rfm.*,
           ntile(5) OVER (ORDER BY last_order_at, frequency, user_id) AS r_score,
           ntile(5) OVER (ORDER BY frequency, monetary, user_id) AS f_score,
           ntile(5) OVER (ORDER BY monetary, frequency, user_id) AS m_score
      FROM rfm
)
SELECT user_id,
       date_part('day', now() - last_order_at)::int AS recency_days,
       frequency::int AS frequency,
       monetary,
       r_score::smallint AS r_score,
       f_score::smallint AS f_score,
       m_score::smallint AS m_score,
       concat(r_score, f_score, m_score) AS rfm_score,
       CASE
           WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'champions'
           WHEN r_score >= 3 AND f_score >= 4 THEN 'loyal'
           WHEN r_score >= 4 AND f_score <= 2 THEN 'new'
           WHEN r_score <= 2 AND f_score >= 3 THEN 'at_risk'
           WHEN r_score <= 2 THEN 'lost'
           ELSE 'needs_attention'
       END AS segment
  FROM scored
""",
    "mv_monthly_revenue": """
WITH months AS (
    SELECT date_trunc('month', placed_at AT TIME ZONE 'UTC')::date AS month,
           count(*) AS order_count,
           count(DISTINCT user_id) AS customer_count,
           sum(total) AS revenue,
           round(avg(total), 2) AS avg_order_value
      FROM paid_orders
     GROUP BY 1
), first_months AS (
    SELECT date_trunc('month', min(placed_at) AT TIME ZONE 'UTC')::date AS month
      FROM paid_orders
     WHERE user_id IS NOT NULL
     GROUP BY user_id
)
SELECT m.month,
       m.order_count::int AS order_count,
       m.customer_count::int AS customer_count,
       (SELECT count(*) FROM first_months f WHERE f.month = m.month)::int AS new_customer_count,
       m.revenue,
       m.avg_order_value,
       round(100 * (m.revenue - lag(m.revenue) OVER w) / nullif(lag(m.revenue) OVER w, 0), 2) AS revenue_growth_pct
  FROM months m
WINDOW w AS (ORDER BY m.month)
""",
    "mv_inventory_status": """
SELECT ws.id AS stock_level_id,
       ws.product_id,
       ws.variant_id,
       ws.warehouse_id,
       concat_ws(' – ', p.name, v.name) AS product_name,
       w.code AS warehouse_code,
       ws.quantity_on_hand,
       ws.quantity_reserved,
       ws.quantity_on_hand - ws.quantity_reserved AS quantity_available,
       ws.reorder_point,
       CASE
           WHEN ws.quantity_on_hand - ws.quantity_reserved <= 0 THEN 'out'
           WHEN ws.quantity_on_hand - ws.quantity_reserved <= ws.reorder_point THEN 'low'
           ELSE 'ok'
       END AS status
  FROM warehouse_stock ws
  JOIN products p ON p.id = ws.product_id
  LEFT JOIN product_variants v ON v.id = ws.variant_id
  JOIN warehouses w ON w.id = ws.warehouse_id
 WHERE p.deleted_at IS NULL
""",
}

# The unique index of each view is what REFRESH MATERIALIZED VIEW CONCURRENTLY matches rows on.
UNIQUE_KEYS = {
    "mv_customer_analytics": "user_id",
    "mv_product_performance": "product_id",
    "mv_daily_sales": "sale_date",
    "mv_category_performance": "category_id",
    "mv_customer_segments": "user_id",
    "mv_monthly_revenue": "month",
    "mv_inventory_status": "stock_level_id",
}

EXTRA_INDEXES = """
CREATE INDEX idx_mv_product_performance_revenue ON mv_product_performance (revenue DESC);
CREATE INDEX idx_mv_customer_segments_segment ON mv_customer_segments (segment);
CREATE INDEX idx_mv_inventory_status_status ON mv_inventory_status (status) WHERE status <> 'ok';
"""


def create_view(name):
    key = UNIQUE_KEYS[name]
    return (
        f"CREATE MATERIALIZED VIEW {name} AS {VIEWS[name]} WITH DATA;\n"
        f"CREATE UNIQUE INDEX idx_{name}_key ON {name} ({key});\n"
    )


FORWARD = PAID_ORDERS + "".join(create_view(name) for name in VIEWS) + EXTRA_INDEXES
REVERSE = "".join(f"DROP MATERIALIZED VIEW IF EXISTS {name};\n" for name in VIEWS) + "DROP VIEW IF EXISTS paid_orders;"


class Migration(migrations.Migration):
    """The seven materialized views of the dashboards (seed 001), refreshed by apps.analytics.services."""

    dependencies = [
        ("analytics", "0001_initial"),
        ("accounts", "0002_enforce_on_delete"),
        ("catalog", "0004_search_indexes"),
        ("inventory", "0004_stock_quantity_triggers"),
        ("orders", "0005_order_totals_triggers"),
        ("payments", "0003_customer_spending_triggers"),
        ("reviews", "0003_product_rating_triggers"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
