"""What the admin's dashboard shows: figures and chart series read through the analytics, orders,
reviews, returns and ops selectors (sales from the materialized views, as of their last refresh)."""

from apps.analytics import selectors as analytics
from apps.analytics.models import Segment
from apps.ops.selectors import last_backup
from apps.orders.models import OrderStatus
from apps.orders.selectors import order_counts_by_status
from apps.returns.selectors import returns_awaiting_staff
from apps.reviews.selectors import pending_reviews

LOW_STOCK_ROWS = 10
TOP_CATEGORIES = 10


def may_see(user):
    """The dashboard shows the shop's revenue: for staff allowed to read the sales views."""
    return user.has_perm("analytics.view_dailysales")


def change(current, previous):
    """Percentage change from previous to current, one decimal; None when there is nothing to compare."""
    if not previous:
        return None
    return round((current - previous) * 100 / previous, 1)


def _figure(label, current, previous, compared_with):
    return {
        "label": label,
        "revenue": current["revenue"],
        "orders": current["orders"],
        "previous_revenue": previous["revenue"],
        "previous_orders": previous["orders"],
        "revenue_change": change(current["revenue"], previous["revenue"]),
        "orders_change": change(current["orders"], previous["orders"]),
        "compared_with": compared_with,
    }


def charts(today):
    """The four charts' series. Amounts become floats here only because the chart draws them."""
    daily = analytics.daily_sales_series(today)
    monthly = list(analytics.monthly_revenue(months=12))
    categories = list(analytics.category_performance()[:TOP_CATEGORIES])
    segments = analytics.segment_counts()
    return {
        "daily": {
            "labels": [day.isoformat() for day, _, _ in daily],
            "revenue": [float(revenue) for _, revenue, _ in daily],
            "orders": [orders for _, _, orders in daily],
        },
        "monthly": {
            "labels": [f"{month.month:%Y-%m}" for month in monthly],
            "revenue": [float(month.revenue) for month in monthly],
        },
        "categories": {
            "labels": [category.name for category in categories],
            "revenue": [float(category.revenue) for category in categories],
        },
        "segments": {
            "labels": [Segment(segment).label for segment in segments],
            "customers": list(segments.values()),
        },
    }


def build(today):
    summary = analytics.sales_summary(today)
    counts = order_counts_by_status()
    return {
        "figures": [
            _figure("Today", summary["today"], summary["yesterday"], "yesterday"),
            _figure("This month", summary["month"], summary["previous_month"], "the same days last month"),
        ],
        "orders_by_status": [(OrderStatus(status).label, status, n) for status, n in counts.items()],
        "low_stock": list(analytics.stock_needing_attention()[:LOW_STOCK_ROWS]),
        "pending_reviews": pending_reviews().count(),
        "open_returns": returns_awaiting_staff().count(),
        "last_backup": last_backup(),
        "last_refresh": analytics.last_refresh(),
        "charts": charts(today),
    }
