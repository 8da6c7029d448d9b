"""Dashboard reads, all from the materialized views (as fresh as their last refresh)."""

import datetime
from decimal import Decimal

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
