"""Low-stock alerts: staff hear once each time available units fall to the reorder point."""

import pytest
from django.core import mail

from apps.inventory.models import StockLevel
from apps.inventory.selectors import low_stock_levels
from apps.inventory.services import adjust_stock, receive_stock
from apps.inventory.tasks import check_low_stock
from apps.notifications.models import Notification
from tests.factories import create_product, create_staff, create_stock, create_user, create_warehouse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff():
    return [create_staff("ops@example.com"), create_staff("boss@example.com")]


def test_the_selector_lists_levels_whose_available_units_are_at_or_below_the_reorder_point():
    warehouse = create_warehouse()
    at_point = create_stock(create_product(), warehouse, on_hand=8, quantity_reserved=3, reorder_point=5)
    create_stock(create_product(), warehouse, on_hand=6, reorder_point=5)

    assert [(level.pk, level.available) for level in low_stock_levels()] == [(at_point.pk, 5)]


def test_staff_are_alerted_once_by_notification_and_an_email_each(staff):
    create_user("shopper@example.com")
    product, warehouse = create_product(name="Lamp"), create_warehouse(code="EU-1")
    level = create_stock(product, warehouse, on_hand=3, reorder_point=5, reorder_quantity=20)

    assert check_low_stock.delay().get() == 1
    assert check_low_stock.delay().get() == 0

    assert sorted(message.to[0] for message in mail.outbox) == ["boss@example.com", "ops@example.com"]
    assert {message.subject for message in mail.outbox} == {"Low stock: 1 item(s) at or below their reorder point"}
    assert {message.body for message in mail.outbox} == {
        "EU-1: Lamp — 3 available (reorder point 5, suggested order 20)\n"
    }
    assert sorted(Notification.objects.values_list("user__email", "kind")) == [
        ("boss@example.com", "low_stock_alert"),
        ("ops@example.com", "low_stock_alert"),
    ]
    level.refresh_from_db()
    assert level.low_stock_alerted_at is not None


def test_rising_above_the_point_rearms_the_alert_for_the_next_crossing(staff):
    product, warehouse = create_product(), create_warehouse()
    level = create_stock(product, warehouse, on_hand=5, reorder_point=5)
    check_low_stock.delay()

    receive_stock(warehouse=warehouse, product=product, quantity=1)
    level.refresh_from_db()
    assert level.low_stock_alerted_at is None
    check_low_stock.delay()
    assert len(mail.outbox) == 2  # one for each of the two staff members

    adjust_stock(warehouse=warehouse, product=product, delta=-1, reason="Broken")
    check_low_stock.delay()
    check_low_stock.delay()

    assert len(mail.outbox) == 4
    assert StockLevel.objects.get(pk=level.pk).low_stock_alerted_at is not None


def test_without_low_stock_nobody_is_alerted(staff):
    create_stock(create_product(), create_warehouse(), on_hand=10, reorder_point=5)

    assert check_low_stock.delay().get() == 0
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_the_check_runs_every_fifteen_minutes(periodic_tasks):
    check = periodic_tasks["Check low stock"]

    assert (check.task, check.interval.every, check.interval.period) == ("inventory.check_low_stock", 900, "seconds")
