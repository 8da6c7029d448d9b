"""The demand history: daily units per item and warehouse, filled incrementally from order items.

An order line counts on the day (UTC) its order was placed, unless the order was cancelled. Its
warehouse is the one its stock was reserved in; orders without reservations (imported history)
count for the item's first warehouse in shipping priority, the one checkout takes stock from first.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

# Recent days are recomputed on every run: orders placed then may since have been cancelled.
REFILL_DAYS = 7
NO_VARIANT = "'00000000-0000-0000-0000-000000000000'::uuid"

FILL_SQL = f"""
WITH first_warehouse AS (
    SELECT DISTINCT ON (ws.product_id, coalesce(ws.variant_id, {NO_VARIANT}))
           ws.product_id, coalesce(ws.variant_id, {NO_VARIANT}) AS variant_key, ws.warehouse_id
      FROM warehouse_stock ws JOIN warehouses w ON w.id = ws.warehouse_id
     ORDER BY ws.product_id, coalesce(ws.variant_id, {NO_VARIANT}), w.is_active DESC, w.priority, w.code
), reserved_in AS (
    SELECT DISTINCT ON (r.order_id, ws.product_id, coalesce(ws.variant_id, {NO_VARIANT}))
           r.order_id, ws.product_id, coalesce(ws.variant_id, {NO_VARIANT}) AS variant_key, ws.warehouse_id
      FROM stock_reservations r
      JOIN warehouse_stock ws ON ws.id = r.stock_level_id
      JOIN orders o ON o.id = r.order_id
     WHERE o.placed_at >= %(start)s AND o.placed_at < %(stop)s
     ORDER BY r.order_id, ws.product_id, coalesce(ws.variant_id, {NO_VARIANT}), r.quantity DESC
)
INSERT INTO demand_daily (day, product_id, variant_id, warehouse_id, units, orders)
SELECT (o.placed_at AT TIME ZONE 'UTC')::date, oi.product_id, oi.variant_id,
       coalesce(r.warehouse_id, f.warehouse_id), sum(oi.quantity), count(*)
  FROM order_items oi
  JOIN orders o ON o.id = oi.order_id
  LEFT JOIN reserved_in r
         ON r.order_id = oi.order_id AND r.product_id = oi.product_id
        AND r.variant_key = coalesce(oi.variant_id, {NO_VARIANT})
  LEFT JOIN first_warehouse f
         ON f.product_id = oi.product_id AND f.variant_key = coalesce(oi.variant_id, {NO_VARIANT})
 WHERE o.placed_at >= %(start)s AND o.placed_at < %(stop)s AND o.status <> 'cancelled'
   AND coalesce(r.warehouse_id, f.warehouse_id) IS NOT NULL
 GROUP BY 1, 2, 3, 4
"""


def _utc_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def refresh_demand_history(*, until=None):
    """Bring demand_daily up to the last complete day (UTC) before `until` (default: now).

    The first run reads every order; later runs only the days since the last one, minus REFILL_DAYS.
    Returns (first day refilled, rows written).
    """
    stop_day = (until or timezone.now()).astimezone(datetime.UTC).date()
    with transaction.atomic(), connection.cursor() as cursor:
        # One filler at a time: a second run waits and then refills the same (small) window.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('demand_daily'))")
        cursor.execute("SELECT max(day) FROM demand_daily")
        last = cursor.fetchone()[0]
        if last is None:
            cursor.execute("SELECT min(placed_at) FROM orders")
            earliest = cursor.fetchone()[0]
            if earliest is None:
                return None, 0
            start_day = earliest.astimezone(datetime.UTC).date()
        else:
            start_day = min(last + datetime.timedelta(days=1), stop_day) - datetime.timedelta(days=REFILL_DAYS)
        cursor.execute("DELETE FROM demand_daily WHERE day >= %s AND day < %s", [start_day, stop_day])
        cursor.execute(FILL_SQL, {"start": _utc_midnight(start_day), "stop": _utc_midnight(stop_day)})
        return start_day, cursor.rowcount
