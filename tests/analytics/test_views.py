"""Known orders in, exact figures out of every materialized view (after a refresh)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.analytics.models import (
    CategoryPerformance,
    CustomerAnalytics,
    CustomerSegment,
    DailySales,
    InventoryStatus,
    MonthlyRevenue,
    ProductPerformance,
)
from apps.analytics.services import refresh_all
from tests.analytics.conftest import at
from tests.analytics.factories import create_order
from tests.factories import create_product, create_user

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def refreshed(shop):
    refresh_all()
    return shop


def test_daily_sales_sum_paid_orders_per_utc_day(refreshed):
    rows = DailySales.objects.values_list(
        "sale_date", "order_count", "customer_count", "units_sold", "gross_sales", "discounts", "tax", "shipping",
        "revenue", "avg_order_value",
    )  # fmt: skip

    assert list(rows) == [
        (datetime.date(2026, 3, 10), 1, 1, 3, D("140.00"), D("0.00"), D("10.00"), D("5.00"), D("155.00"), D("155.00")),
        (datetime.date(2026, 4, 2), 2, 2, 3, D("200.00"), D("10.00"), D("0.00"), D("0.00"), D("190.00"), D("95.00")),
    ]


def test_monthly_revenue_counts_new_customers_and_growth(refreshed):
    rows = MonthlyRevenue.objects.values_list(
        "month", "order_count", "customer_count", "new_customer_count", "revenue", "avg_order_value",
        "revenue_growth_pct",
    )  # fmt: skip

    assert list(rows) == [
        (datetime.date(2026, 3, 1), 1, 1, 1, D("155.00"), D("155.00"), None),
        (datetime.date(2026, 4, 1), 2, 2, 1, D("190.00"), D("95.00"), D("22.58")),
    ]


def test_product_performance_counts_units_orders_and_revenue_of_paid_orders(refreshed):
    rows = ProductPerformance.objects.order_by("name").values_list(
        "name", "units_sold", "order_count", "revenue", "rating_avg", "review_count", "stock_quantity"
    )

    assert list(rows) == [
        ("Headphones", 2, 2, D("200.00"), D("4.50"), 2, 8),
        ("Lamp", 2, 1, D("40.00"), None, 0, 6),
        ("Speaker", 2, 1, D("100.00"), D("3.00"), 1, 3),
    ]


def test_category_performance_adds_up_its_products(refreshed):
    rows = CategoryPerformance.objects.order_by("name").values_list(
        "name", "product_count", "units_sold", "order_count", "revenue", "rating_avg"
    )

    assert list(rows) == [("Audio", 2, 4, 3, D("300.00"), D("4.00")), ("Home", 1, 2, 1, D("40.00"), None)]


def test_customer_analytics_covers_every_customer_even_without_orders(refreshed):
    rows = CustomerAnalytics.objects.order_by("email").values_list(
        "email", "order_count", "total_spent", "avg_order_value", "items_purchased", "first_order_at", "last_order_at"
    )

    assert list(rows) == [
        ("alice@example.com", 2, D("245.00"), D("122.50"), 5, at(2026, 3, 10, 10), at(2026, 4, 2, 12)),
        ("bob@example.com", 1, D("100.00"), D("100.00"), 1, at(2026, 4, 2, 18), at(2026, 4, 2, 18)),
        ("carol@example.com", 0, D("0.00"), D("0.00"), 0, None, None),
    ]


def test_inventory_status_flags_low_and_out_of_stock_per_warehouse(refreshed):
    rows = InventoryStatus.objects.order_by("product_name", "warehouse_code").values_list(
        "product_name", "warehouse_code", "quantity_on_hand", "quantity_reserved", "quantity_available",
        "reorder_point", "status",
    )  # fmt: skip

    assert list(rows) == [
        ("Headphones", "EAST", 10, 2, 8, 5, "ok"),
        ("Lamp", "WEST", 4, 4, 0, 0, "out"),
        ("Lamp – Brass", "EAST", 6, 0, 6, 6, "low"),
        ("Speaker", "EAST", 3, 0, 3, 5, "low"),
    ]


def test_customer_segments_score_recency_frequency_and_money_in_quintiles():
    now = timezone.now()
    product = create_product(price="10.00")
    # name: (orders, days since the last one, units per order)
    customers = {"ann": (1, 1, 1), "ben": (4, 2, 5), "cat": (3, 10, 4), "dan": (5, 200, 6), "eve": (2, 300, 2)}
    users = {}
    for name, (orders, days, units) in customers.items():
        users[name] = create_user(f"{name}@example.com")
        for extra_days in range(orders):
            placed_at = now - datetime.timedelta(days=days + extra_days, hours=1)
            create_order(users[name], [(product, units)], placed_at=placed_at)
    refresh_all()

    rows = {
        segment.user.email.split("@")[0]: (
            segment.recency_days, segment.frequency, segment.monetary, segment.rfm_score, segment.segment
        )
        for segment in CustomerSegment.objects.select_related("user")
    }  # fmt: skip

    assert rows == {
        "ann": (1, 1, D("10.00"), "511", "new"),
        "ben": (2, 4, D("200.00"), "444", "champions"),
        "cat": (10, 3, D("120.00"), "333", "needs_attention"),
        "dan": (200, 5, D("300.00"), "255", "at_risk"),
        "eve": (300, 2, D("40.00"), "122", "lost"),
    }
