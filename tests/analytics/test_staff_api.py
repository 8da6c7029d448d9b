# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811


import datetime

import pytest

from apps.analytics.services import refresh_all
from apps.orders.models import OrderStatus
from tests.analytics.factories import create_order as create_analytics_order
from tests.factories import create_category, create_product, create_user
from tests.orders.factories import create_order
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db

PATHS = ["daily-sales", "monthly-revenue", "top-products", "categories", "segments", "inventory-status"]


@pytest.mark.parametrize("path", PATHS)
def test_dashboards_are_for_staff_only(anonymous_api, shopper_api, path):
    assert_staff_only(anonymous_api, shopper_api, "get", f"{V1}/analytics/{path}/")


def test_daily_sales_show_the_days_in_range_after_a_refresh(staff_api):
    buyer = create_user()
    create_order(user=buyer, status=OrderStatus.DELIVERED, subtotal="80.00", placed_at="2030-01-10T12:00:00Z")
    create_order(user=buyer, status=OrderStatus.DELIVERED, subtotal="20.00", placed_at="2030-01-10T15:00:00Z")
    refresh = staff_api.post(f"{V1}/analytics/refresh/", {"view": "mv_daily_sales"})
    assert refresh.status_code == 200
    assert [(r["view_name"], r["succeeded"]) for r in refresh.json()] == [("mv_daily_sales", True)]
    response = staff_api.get(f"{V1}/analytics/daily-sales/", {"start": "2030-01-01", "end": "2030-01-31"})
    assert response.status_code == 200
    [day] = response.json()
    assert (day["sale_date"], day["order_count"], day["revenue"]) == ("2030-01-10", 2, "100.00")


def test_a_range_that_ends_before_it_starts_answers_400(staff_api):
    response = staff_api.get(f"{V1}/analytics/daily-sales/", {"start": "2030-02-01", "end": "2030-01-01"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"end": ["The end cannot be before the start."]}


def test_every_segment_is_listed_even_when_empty(staff_api):
    refresh_all()
    response = staff_api.get(f"{V1}/analytics/segments/")
    assert response.status_code == 200
    assert {row["segment"]: row["customers"] for row in response.json()} == {
        "champions": 0,
        "loyal": 0,
        "new": 0,
        "at_risk": 0,
        "lost": 0,
        "needs_attention": 0,
    }


def test_top_products_limit_is_bounded(staff_api):
    response = staff_api.get(f"{V1}/analytics/top-products/", {"limit": 500})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"limit": ["Ensure this value is less than or equal to 100."]}


def test_an_unknown_view_cannot_be_refreshed(staff_api):
    response = staff_api.post(f"{V1}/analytics/refresh/", {"view": "orders"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"view": ['"orders" is not a valid choice.']}


def test_the_monthly_revenue_and_other_lists_answer_after_a_refresh(staff_api):
    refresh_all()
    assert staff_api.get(f"{V1}/analytics/monthly-revenue/").json() == []
    assert staff_api.get(f"{V1}/analytics/categories/").json()["count"] == 0
    assert staff_api.get(f"{V1}/analytics/inventory-status/").json()["count"] == 0


def test_revenue_by_category_counts_the_days_asked_for_both_included(staff_api):
    kitchen = create_category("Kitchen")
    mug = create_product("Mug", price="12.50", category=kitchen)
    buyer = create_user()
    for placed_at, status in [
        ("2030-01-01T00:00:00Z", OrderStatus.DELIVERED),
        ("2030-02-28T23:59:59Z", OrderStatus.SHIPPED),
        ("2030-02-28T12:00:00Z", OrderStatus.CANCELLED),
        ("2030-03-01T00:00:00Z", OrderStatus.DELIVERED),
    ]:
        create_analytics_order(buyer, [(mug, 2)], status=status, placed_at=datetime.datetime.fromisoformat(placed_at))

    response = staff_api.get(f"{V1}/analytics/category-revenue/", {"start": "2030-01-01", "end": "2030-02-28"})

    assert response.status_code == 200
    assert response.json() == [
        {"month": "2030-01-01", "category": "Kitchen", "revenue": "25.00", "units": 2},
        {"month": "2030-02-01", "category": "Kitchen", "revenue": "25.00", "units": 2},
    ]


def test_revenue_by_category_over_more_than_a_year_answers_400(staff_api, anonymous_api, shopper_api):
    assert_staff_only(anonymous_api, shopper_api, "get", f"{V1}/analytics/category-revenue/")
    response = staff_api.get(f"{V1}/analytics/category-revenue/", {"start": "2030-01-01", "end": "2031-01-02"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"end": ["Ask for at most 366 days at a time."]}
