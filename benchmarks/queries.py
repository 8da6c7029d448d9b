"""Latency of each query class of seed 001 ("Query Performance Targets"): through the real stack
(the selector or ORM call, in process, results fetched) and as raw SQL of seed 003 §4 on the same
data, with random realistic parameters, interleaved so both see the same cache state."""

import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection

from apps.analytics import selectors as analytics
from apps.catalog.models import Product
from apps.catalog.selectors import product_detail, product_list
from apps.orders.selectors import order_detail, orders_for_user

PAGE = 20
WARMUP_RUNS = 5

PK_SQL = "SELECT * FROM products WHERE id = %s"

# Seed 003 §4.2, looked up by slug (the product page's address).
PRODUCT_DETAIL_SQL = """
SELECT p.*,
  json_build_object('id', c.id, 'name', c.name, 'slug', c.slug) AS category,
  json_build_object('id', b.id, 'name', b.name) AS brand,
  (SELECT json_agg(json_build_object('id', pi.id, 'url', pi.url, 'alt_text', pi.alt_text,
                                     'is_primary', pi.is_primary) ORDER BY pi.sort_order)
     FROM product_images pi WHERE pi.product_id = p.id) AS images,
  (SELECT json_agg(json_build_object('id', pv.id, 'name', pv.name, 'sku', pv.sku, 'price', pv.price,
                                     'stock_quantity', pv.stock_quantity, 'option_values', pv.option_values)
                   ORDER BY pv.sort_order)
     FROM product_variants pv WHERE pv.product_id = p.id AND pv.is_active = TRUE) AS variants
FROM products p
LEFT JOIN categories c ON p.category_id = c.id
LEFT JOIN brands b ON p.brand_id = b.id
WHERE p.slug = %s AND p.deleted_at IS NULL
"""

# A customer's first page of orders, served by idx_orders_user_status_date (user_id, status, placed_at DESC).
ORDER_HISTORY_SQL = """
SELECT o.id, o.order_number, o.status, o.currency, o.total, o.placed_at,
       (SELECT sum(oi.quantity) FROM order_items oi WHERE oi.order_id = o.id) AS item_count
FROM orders o
WHERE o.user_id = %s
ORDER BY o.placed_at DESC
LIMIT 20
"""

SEARCH_SQL = """
SELECT p.id, p.name, p.slug, p.price, ts_rank_cd(p.search_vector, q) AS rank
FROM products p, websearch_to_tsquery('english', %s) q
WHERE p.is_active AND p.deleted_at IS NULL AND p.search_vector @@ q
ORDER BY rank DESC, p.name
LIMIT 20
"""

# Seed 003 §4.4, verbatim.
ORDER_SUMMARY_SQL = """
SELECT
  o.*,
  json_build_object(
    'id', u.id,
    'email', u.email,
    'first_name', u.first_name,
    'last_name', u.last_name
  ) as customer,
  (
    SELECT json_agg(json_build_object(
      'id', oi.id,
      'product_id', oi.product_id,
      'product_name', oi.product_name,
      'variant_name', oi.variant_name,
      'sku', oi.sku,
      'quantity', oi.quantity,
      'unit_price', oi.unit_price,
      'subtotal', oi.subtotal,
      'image_url', oi.image_url
    ))
    FROM order_items oi
    WHERE oi.order_id = o.id
  ) as items,
  (
    SELECT json_agg(json_build_object(
      'id', oa.id,
      'type', oa.address_type,
      'first_name', oa.first_name,
      'last_name', oa.last_name,
      'address_line_1', oa.address_line_1,
      'city', oa.city,
      'state', oa.state,
      'postal_code', oa.postal_code,
      'country_code', oa.country_code
    ))
    FROM order_addresses oa
    WHERE oa.order_id = o.id
  ) as addresses,
  (
    SELECT json_build_object(
      'id', os.id,
      'carrier', os.carrier,
      'tracking_number', os.tracking_number,
      'status', os.status,
      'estimated_delivery', os.estimated_delivery
    )
    FROM order_shipments os
    WHERE os.order_id = o.id
    LIMIT 1
  ) as shipment,
  (
    SELECT json_build_object(
      'id', pay.id,
      'method', pay.payment_method,
      'status', pay.status,
      'card_brand', pay.card_brand,
      'card_last_four', pay.card_last_four
    )
    FROM payments pay
    WHERE pay.order_id = o.id
    LIMIT 1
  ) as payment,
  (
    SELECT json_agg(json_build_object(
      'status', osh.status,
      'notes', osh.notes,
      'created_at', osh.created_at
    ) ORDER BY osh.created_at)
    FROM order_status_history osh
    WHERE osh.order_id = o.id
  ) as status_history
FROM orders o
LEFT JOIN users u ON o.user_id = u.id
WHERE o.id = %s
"""

# What the analytics dashboard reads, one statement per panel, straight from the views.
DASHBOARD_SQL = [
    ("SELECT * FROM mv_daily_sales WHERE sale_date BETWEEN %s AND %s ORDER BY sale_date", "window"),
    (
        "SELECT * FROM mv_monthly_revenue WHERE month IN "
        "(SELECT month FROM mv_monthly_revenue ORDER BY month DESC LIMIT 12) ORDER BY month",
        None,
    ),
    (
        "SELECT * FROM mv_product_performance WHERE units_sold > 0 "
        "ORDER BY revenue DESC, units_sold DESC, name LIMIT 10",
        None,
    ),
    ("SELECT * FROM mv_category_performance ORDER BY revenue DESC, name", None),
    ("SELECT segment, count(user_id) FROM mv_customer_segments GROUP BY segment", None),
    (
        "SELECT i.*, p.name, w.name FROM mv_inventory_status i JOIN products p ON p.id = i.product_id "
        "JOIN warehouses w ON w.id = i.warehouse_id WHERE i.status <> 'ok' "
        "ORDER BY i.status DESC, i.quantity_available, i.product_name LIMIT 50",
        None,
    ),
]


@dataclass
class Samples:
    """Realistic parameters drawn from the data: live products, customers with orders, orders, words."""

    product_ids: list
    product_slugs: list
    customer_ids: list
    order_ids: list
    search_terms: list
    last_sale: object
    rng: random.Random = field(default_factory=lambda: random.Random(1))

    @classmethod
    def draw(cls, size=500):
        def column(sql):
            with connection.cursor() as cursor:
                cursor.execute(sql, [size])
                return [row[0] for row in cursor.fetchall()]

        products = Product.objects.sellable().order_by("?").values_list("pk", "slug", "name")[:size]
        words = sorted({word.lower() for *_, name in products for word in name.split() if len(word) >= 4})
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(placed_at) FROM orders")
            last_sale = cursor.fetchone()[0]
        return cls(
            product_ids=[pk for pk, _, _ in products],
            product_slugs=[slug for _, slug, _ in products],
            customer_ids=column(
                "SELECT user_id FROM orders WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY random() LIMIT %s"
            ),
            order_ids=column("SELECT id FROM orders ORDER BY random() LIMIT %s"),
            search_terms=words,
            last_sale=last_sale,
        )

    def pick(self, values):
        return self.rng.choice(values)

    def search_term(self):
        """One word in most searches, two in some (websearch ANDs them)."""
        if self.rng.random() < 0.7:
            return self.pick(self.search_terms)
        return " ".join(self.rng.sample(self.search_terms, 2))

    def recent_window(self, days):
        end = self.last_sale - timedelta(days=self.rng.randrange(0, 60))
        return end - timedelta(days=days), end


@dataclass
class QueryClass:
    """One row of the targets table: how to draw a parameter, the stack call, the raw SQL."""

    key: str
    title: str
    target_ms: float | None
    runs: int
    param: object  # Samples -> parameter
    stack: object  # parameter -> fetched result
    raw: object  # parameter -> (sql, params) or a list of them
    stack_label: str
    explain_stack: object = None  # parameter -> QuerySet whose EXPLAIN is saved
    raw_label: str = ""  # what the raw SQL is, when it is not seed 003 §4's


def _fetch_raw(statements):
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def _dashboard(window):
    start, end = window
    return [
        list(analytics.sales_by_day(start.date(), end.date())),
        list(analytics.monthly_revenue(months=12)),
        list(analytics.top_products(limit=10)),
        list(analytics.category_performance()),
        analytics.segment_counts(),
        list(analytics.stock_needing_attention()[:50]),
    ]


def _dashboard_raw(window):
    start, end = window
    return [(sql, [start.date(), end.date()] if needs == "window" else []) for sql, needs in DASHBOARD_SQL]


def _report_raw(window):
    """The report's own statement (rollup of whole days + the partial days from the orders), bare."""
    return [analytics.category_revenue_statement(*window)]


def query_classes():
    return [
        QueryClass(
            key="pk",
            title="Simple SELECT by PK",
            target_ms=1,
            runs=500,
            param=lambda s: s.pick(s.product_ids),
            stack=lambda pk: Product.objects.get(pk=pk),
            raw=lambda pk: [(PK_SQL, [pk])],
            stack_label="Product.objects.get(pk=...)",
            explain_stack=lambda pk: Product.objects.filter(pk=pk),
        ),
        QueryClass(
            key="product_detail",
            title="Product detail with relations (§4.2)",
            target_ms=None,
            runs=300,
            param=lambda s: s.pick(s.product_slugs),
            stack=lambda slug: product_detail(id_or_slug=slug),
            raw=lambda slug: [(PRODUCT_DETAIL_SQL, [slug])],
            stack_label="catalog.selectors.product_detail (3 queries)",
        ),
        QueryClass(
            key="order_history",
            title="Customer order history",
            target_ms=50,
            runs=300,
            param=lambda s: s.pick(s.customer_ids),
            stack=lambda user_id: list(orders_for_user(user_id)[:PAGE]),
            raw=lambda user_id: [(ORDER_HISTORY_SQL, [user_id])],
            stack_label="orders.selectors.orders_for_user, first page",
            explain_stack=lambda user_id: orders_for_user(user_id)[:PAGE],
        ),
        QueryClass(
            key="search",
            title="Product search",
            target_ms=100,
            runs=300,
            param=lambda s: s.search_term(),
            stack=lambda term: list(product_list(search=term)[:PAGE]),
            raw=lambda term: [(SEARCH_SQL, [term])],
            stack_label="catalog.selectors.product_list(search=...), first page",
            explain_stack=lambda term: product_list(search=term)[:PAGE],
        ),
        QueryClass(
            key="order_summary",
            title="Order summary",
            target_ms=200,
            runs=300,
            param=lambda s: s.pick(s.order_ids),
            stack=lambda order_id: order_detail(order_id),
            raw=lambda order_id: [(ORDER_SUMMARY_SQL, [order_id])],
            stack_label="orders.selectors.order_detail (7 queries)",
        ),
        QueryClass(
            key="dashboard",
            title="Dashboard analytics",
            target_ms=500,
            runs=100,
            param=lambda s: s.recent_window(30),
            stack=_dashboard,
            raw=_dashboard_raw,
            stack_label="analytics.selectors: 6 dashboard panels",
            explain_stack=lambda window: analytics.stock_needing_attention()[:50],
        ),
        QueryClass(
            key="report",
            title="Complex report (12 months revenue by category)",
            target_ms=400,  # issue #17 (seed 001 asks for 2 s)
            runs=100,
            param=lambda s: s.recent_window(365),
            stack=lambda window: analytics.revenue_by_category_month(*window),
            raw=_report_raw,
            stack_label="analytics.selectors.revenue_by_category_month",
            raw_label="its statement: category_revenue_days for the whole days, orders for the partial ones",
        ),
    ]


def percentiles(samples_ms):
    ordered = sorted(samples_ms)

    def at(fraction):
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "p50": round(at(0.50), 3),
        "p95": round(at(0.95), 3),
        "p99": round(at(0.99), 3),
        "mean": round(statistics.fmean(ordered), 3),
        "max": round(ordered[-1], 3),
        "n": len(ordered),
    }


def _timed(call, argument):
    started = time.perf_counter()
    call(argument)
    return (time.perf_counter() - started) * 1000


def measure(query_class, samples):
    """Time stack and raw alternately for `runs` random parameters; keep the slowest parameter of each."""
    stack_ms, raw_ms = [], []
    slowest = {"stack": (0, None), "raw": (0, None)}
    for run in range(WARMUP_RUNS + query_class.runs):
        param = query_class.param(samples)
        stack = _timed(query_class.stack, param)
        raw = _timed(_fetch_raw, query_class.raw(param))
        if run < WARMUP_RUNS:
            continue
        stack_ms.append(stack)
        raw_ms.append(raw)
        slowest["stack"] = max(slowest["stack"], (stack, param), key=lambda pair: pair[0])
        slowest["raw"] = max(slowest["raw"], (raw, param), key=lambda pair: pair[0])
    stack_stats, raw_stats = percentiles(stack_ms), percentiles(raw_ms)
    return {
        "title": query_class.title,
        "target_ms": query_class.target_ms,
        "stack_label": query_class.stack_label,
        "raw_label": query_class.raw_label,
        "stack": stack_stats,
        "raw": raw_stats,
        "ratio_p50": round(stack_stats["p50"] / raw_stats["p50"], 2) if raw_stats["p50"] else None,
        "meets_target": None
        if query_class.target_ms is None
        else raw_stats["p95"] < query_class.target_ms and stack_stats["p95"] < query_class.target_ms,
        "slowest": slowest,
    }


def explain(query_class, result):
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest parameter's raw SQL and, where there is one, of the
    stack's main query for its own slowest parameter."""
    parts = []
    raw_param = result["slowest"]["raw"][1]
    with connection.cursor() as cursor:
        for sql, params in query_class.raw(raw_param):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            parts.append(f"-- raw SQL, slowest parameter {raw_param!r}\n{sql.strip()}\n\n{plan}\n")
    if query_class.explain_stack is not None:
        stack_param = result["slowest"]["stack"][1]
        queryset = query_class.explain_stack(stack_param)
        plan = queryset.explain(analyze=True, buffers=True)
        parts.append(
            f"-- stack ({query_class.stack_label}), slowest parameter {stack_param!r}\n{queryset.query}\n\n{plan}\n"
        )
    return "\n".join(parts)


def summarise_plan(text):
    """The first plan line of each statement and its execution time: what the Markdown shows."""
    lines = text.splitlines()
    summary = []
    for index, line in enumerate(lines):
        if line.startswith("-- "):
            head = next((candidate.strip() for candidate in lines[index + 1 :] if "cost=" in candidate), "")
            summary.append(head.split("  (cost=")[0])
        elif line.startswith("Execution Time"):
            summary[-1] += f" ({line.split(': ')[1]})"
    return summary


def run_all(results_dir, stamp):
    samples = Samples.draw()
    results = {}
    for query_class in query_classes():
        print(f"  {query_class.title}...", flush=True)
        result = measure(query_class, samples)
        plan_file = results_dir / f"explain-{query_class.key}-{stamp}.txt"
        plan_text = explain(query_class, result)
        plan_file.write_text(plan_text)
        result["explain_file"] = plan_file.name
        result["explain_summary"] = summarise_plan(plan_text)
        result["slowest"] = {
            side: {"ms": round(ms, 3), "param": str(param)} for side, (ms, param) in result["slowest"].items()
        }
        results[query_class.key] = result
    return results
