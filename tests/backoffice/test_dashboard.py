"""The dashboard (the admin index) shows the shop's figures from the refreshed views."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.analytics.services import refresh_all
from apps.backoffice.dashboard import build
from tests.analytics.factories import create_order
from tests.factories import create_product, create_user

pytestmark = pytest.mark.django_db


def at_noon(date):
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def sales(today):
    """Paid orders today (2: 30.00 + 20.00), yesterday (1: 10.00) and 40 days ago (1: 50.00)."""
    mug, customer = create_product("Mug", price="10.00"), create_user()
    create_order(customer, [(mug, 3)], placed_at=at_noon(today))
    create_order(customer, [(mug, 2)], placed_at=at_noon(today))
    create_order(customer, [(mug, 1)], placed_at=at_noon(today - datetime.timedelta(days=1)))
    create_order(customer, [(mug, 5)], placed_at=at_noon(today - datetime.timedelta(days=40)))
    refresh_all()


def test_today_is_compared_with_yesterday(sales, today):
    figure = build(today)["figures"][0]

    assert (figure["revenue"], figure["orders"], figure["previous_revenue"], figure["revenue_change"]) == (
        Decimal("50.00"), 2, Decimal("10.00"), Decimal("400.0"),
    )  # fmt: skip


def test_the_daily_chart_has_ninety_days_with_the_sales_on_their_day(sales, today):
    daily = build(today)["charts"]["daily"]

    assert len(daily["labels"]) == 90 and daily["labels"][-1] == today.isoformat()
    assert (daily["revenue"][-1], daily["orders"][-1], daily["revenue"][-2], daily["revenue"][-41]) == (
        50.0, 2, 10.0, 50.0,
    )  # fmt: skip


def test_with_no_backup_and_no_refresh_the_dashboard_says_never(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    text = response.content.decode()
    assert 'Last backup: <strong class="dash-down">never</strong>' in text
    assert 'Views refreshed: <strong class="dash-down">never</strong>' in text


def test_refreshing_the_views_from_the_dashboard_logs_every_view(admin_client):
    response = admin_client.post(reverse("admin:refresh_views"), follow=True)

    assert "Refreshed 7 views." in response.content.decode()
    assert "Views refreshed: 0" in response.content.decode()  # "0 minutes ago"


def test_the_dashboard_costs_the_same_queries_however_much_was_sold(admin_client, today):
    mug = create_product("Mug", price="10.00")
    create_order(create_user(), [(mug, 1)], placed_at=at_noon(today))
    refresh_all()
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("admin:index"))
    for days_ago in range(1, 30):
        create_order(create_user(), [(mug, 2)], placed_at=at_noon(today - datetime.timedelta(days=days_ago)))
    refresh_all()

    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(reverse("admin:index"))

    assert response.context["dashboard"]["figures"][1]["orders"] == (
        1 + sum(1 for days_ago in range(1, 30) if (today - datetime.timedelta(days=days_ago)).month == today.month)
    )
    assert len(many) == len(few) <= 20
