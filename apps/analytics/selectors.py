"""Dashboard reads, from the materialized views (as fresh as their last refresh), and the revenue
report by category and month, exact at every moment (the trigger-kept rollup plus the base tables)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from apps.analytics.models import (
    CategoryPerformance,
    CustomerSegment,
    DailySales,
    InventoryStatus,
    MaterializedViewRefresh,
    MonthlyRevenue,
    ProductPerformance,
    Segment,
    StockStatus,
)


def sales_by_day(start, end):
    """Daily sales from start to end (dates, both included), oldest first; days without sales are absent."""
    return DailySales.objects.filter(sale_date__range=(start, end)).order_by("sale_date")


def monthly_revenue(*, months=12):
    """The latest `months` months with sales, oldest first."""
    latest = MonthlyRevenue.objects.order_by("-month").values_list("month", flat=True)[:months]
    return MonthlyRevenue.objects.filter(month__in=list(latest)).order_by("month")


def top_products(*, limit=10):
    """Best-selling products by revenue, then units."""
    return ProductPerformance.objects.filter(units_sold__gt=0).order_by("-revenue", "-units_sold", "name")[:limit]


def category_performance():
    """Categories by revenue, best first."""
    return CategoryPerformance.objects.order_by("-revenue", "name")


def segment_counts():
    """{segment: number of customers}, every segment present (0 when empty)."""
    counts = dict(CustomerSegment.objects.values("segment").annotate(n=Count("user")).values_list("segment", "n"))
    return {segment: counts.get(segment, 0) for segment in Segment.values}


def stock_needing_attention():
    """Stock levels that are out or low, out first, then by available units."""
    return (
        InventoryStatus.objects.exclude(status=StockStatus.OK)
        .select_related("product", "warehouse")
        .order_by("-status", "quantity_available", "product_name")
    )


def sales_between(start, end):
    """{"revenue", "orders"} summed over the days from start to end (dates, both included)."""
    return DailySales.objects.filter(sale_date__range=(start, end)).aggregate(
        revenue=Coalesce(Sum("revenue"), Decimal("0.00")), orders=Coalesce(Sum("order_count"), 0)
    )


def sales_summary(today):
    """Revenue and orders for `today` against the day before, and for this month so far against the
    same days of the previous month (its 1st up to the same day, cut at its last day)."""
    yesterday = today - datetime.timedelta(days=1)
    month_start = today.replace(day=1)
    previous_month_end = month_start - datetime.timedelta(days=1)
    previous_month_start = previous_month_end.replace(day=1)
    previous_month_cut = previous_month_start.replace(day=min(today.day, previous_month_end.day))
    return {
        "today": sales_between(today, today),
        "yesterday": sales_between(yesterday, yesterday),
        "month": sales_between(month_start, today),
        "previous_month": sales_between(previous_month_start, previous_month_cut),
    }


def daily_sales_series(today, *, days=90):
    """[(date, revenue, orders)] for each of the last `days` days up to today, days without sales at 0."""
    start = today - datetime.timedelta(days=days - 1)
    by_day = {day.sale_date: day for day in sales_by_day(start, today)}
    series = []
    for offset in range(days):
        date = start + datetime.timedelta(days=offset)
        day = by_day.get(date)
        series.append((date, day.revenue if day else Decimal("0.00"), day.order_count if day else 0))
    return series


def last_refresh():
    """The latest successful view refresh, or None if the views were never refreshed."""
    return MaterializedViewRefresh.objects.filter(error="").order_by("-started_at").first()


# Whole UTC days from the rollup; the partial days at either end of the window from the orders
# themselves (through idx_orders_placed_at), as two signed pieces, a before b and apart: the part of a
# partial day inside the window added, or the rollup's whole day taken and the part outside
# subtracted, whichever reads fewer orders. One statement, so one snapshot.
CATEGORY_REVENUE_SQL = """
WITH parts AS (
    SELECT date_trunc('month', r.day)::date AS month, r.category_id, r.revenue, r.units
      FROM category_revenue_days r
     WHERE r.day >= %(first_day)s AND r.day < %(last_day)s
     UNION ALL
    SELECT date_trunc('month', o.placed_at AT TIME ZONE 'UTC')::date, p.category_id,
           piece.sign * i.subtotal, piece.sign * i.quantity
      FROM orders o
      JOIN order_items i ON i.order_id = o.id
      JOIN products p ON p.id = i.product_id
     CROSS JOIN LATERAL (SELECT CASE WHEN o.placed_at < %(a_to)s THEN %(a_sign)s ELSE %(b_sign)s END) AS piece (sign)
     WHERE ((o.placed_at >= %(a_from)s AND o.placed_at < %(a_to)s)
            OR (o.placed_at >= %(b_from)s AND o.placed_at < %(b_to)s))
       AND order_counts_as_revenue(o.status)
)
SELECT parts.month, c.name AS category, sum(parts.revenue) AS revenue, sum(parts.units)::bigint AS units
  FROM parts
  JOIN categories c ON c.id = parts.category_id
 GROUP BY 1, 2
HAVING sum(parts.units) > 0
 ORDER BY 1, 2
"""

ONE_DAY = datetime.timedelta(days=1)
HALF_DAY = datetime.timedelta(hours=12)


def category_revenue_statement(start, end):
    """(sql, params) of the revenue report for orders placed from `start` (included) to `end`
    (excluded), both aware datetimes: what revenue_by_category_month runs."""
    first_day, last_day = _utc_day(start), _utc_day(end)
    pieces = []  # (placed from, placed to, sign) read from the orders
    if _time_of_day(start):
        if _time_of_day(start) < HALF_DAY:  # the whole first day, less its hours before the start
            pieces.append((_midnight(first_day), start, -1))
        else:
            first_day += ONE_DAY
            pieces.append((start, _midnight(first_day), 1))
    if _time_of_day(end):
        if _time_of_day(end) >= HALF_DAY:  # the whole last day, less its hours from the end
            last_day += ONE_DAY
            pieces.append((end, _midnight(last_day), -1))
        else:
            pieces.append((_midnight(last_day), end, 1))
    if first_day >= last_day or start >= end:  # not a whole day between the ends: all from the orders
        first_day = last_day
        pieces = [(start, end, 1)]
    pieces += [(end, end, 0)] * (2 - len(pieces))  # an empty piece: the statement takes two
    (a_from, a_to, a_sign), (b_from, b_to, b_sign) = pieces
    params = {
        "first_day": first_day,
        "last_day": last_day,
        "a_from": a_from,
        "a_to": a_to,
        "a_sign": a_sign,
        "b_from": b_from,
        "b_to": b_to,
        "b_sign": b_sign,
    }
    return CATEGORY_REVENUE_SQL, params


def revenue_by_category_month(start, end):
    """Revenue (sum of the lines' subtotals) and units by month and category name of the orders that
    count as revenue (every status but pending and cancelled; refunds do not change it) placed from
    `start` to `end` (excluded); months and days in UTC. [{"month", "category", "revenue",
    "units"}] by month, then category."""
    sql, params = category_revenue_statement(start, end)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _utc_day(moment):
    return moment.astimezone(datetime.UTC).date()


def _time_of_day(moment):
    utc = moment.astimezone(datetime.UTC)
    return utc - datetime.datetime.combine(utc.date(), datetime.time(0), tzinfo=datetime.UTC)


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC)
