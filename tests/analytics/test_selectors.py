"""Dashboard reads from the refreshed views."""

import datetime
from decimal import Decimal

import pytest

from apps.analytics import selectors
from apps.analytics.services import refresh_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def refreshed(shop):
    refresh_all()
    return shop


def test_sales_by_day_keeps_to_the_dates_asked_for():
    days = selectors.sales_by_day(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))

    assert [(day.sale_date, day.revenue) for day in days] == [(datetime.date(2026, 4, 2), Decimal("190.00"))]


def test_top_products_are_ordered_by_revenue_and_limited():
    assert [product.name for product in selectors.top_products(limit=2)] == ["Headphones", "Speaker"]


def test_monthly_revenue_returns_the_latest_months_oldest_first():
    assert [month.month for month in selectors.monthly_revenue(months=1)] == [datetime.date(2026, 4, 1)]
    assert [month.revenue for month in selectors.monthly_revenue()] == [Decimal("155.00"), Decimal("190.00")]


def test_category_performance_is_best_first():
    assert [category.name for category in selectors.category_performance()] == ["Audio", "Home"]


def test_segment_counts_list_every_segment():
    assert selectors.segment_counts() == {
        "champions": 0,
        "loyal": 0,
        "new": 0,
        "at_risk": 0,
        "lost": 2,
        "needs_attention": 0,
    }


def test_stock_needing_attention_lists_out_before_low():
    rows = [(row.product_name, row.warehouse.code, row.status) for row in selectors.stock_needing_attention()]

    assert rows == [("Lamp", "WEST", "out"), ("Speaker", "EAST", "low"), ("Lamp – Brass", "EAST", "low")]


def test_sales_summary_compares_today_with_yesterday_and_the_month_with_the_same_days_before():
    summary = selectors.sales_summary(datetime.date(2026, 4, 2))

    assert summary["today"] == {"revenue": Decimal("190.00"), "orders": 2}
    assert summary["yesterday"] == {"revenue": Decimal("0.00"), "orders": 0}
    assert summary["month"] == {"revenue": Decimal("190.00"), "orders": 2}
    assert summary["previous_month"] == {"revenue": Decimal("0.00"), "orders": 0}  # March 1–2: nothing yet
    assert selectors.sales_summary(datetime.date(2026, 4, 30))["previous_month"]["revenue"] == Decimal("155.00")


def test_the_last_refresh_is_the_latest_successful_one():
    assert selectors.last_refresh().view_name == "mv_inventory_status"  # refresh_all goes in order
