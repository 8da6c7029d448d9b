"""Dashboard reads, all from the materialized views (as fresh as their last refresh)."""

from django.db.models import Count

from apps.analytics.models import (
    CategoryPerformance,
    CustomerSegment,
    DailySales,
    InventoryStatus,
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
