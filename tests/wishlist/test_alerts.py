"""Wishlist alerts: back in stock and price drop, once per crossing, as the shopper chose."""

from decimal import Decimal

import pytest
from django.core import mail

from apps.catalog.models import Product, ProductVariant
from apps.inventory.services import adjust_stock, receive_stock
from apps.notifications.events import Event
from apps.notifications.models import Channel, DeliveryLog, Notification
from apps.notifications.services import set_preference
from apps.wishlist.services import add_to_wishlist
from apps.wishlist.tasks import send_wishlist_alerts
from tests.factories import create_product, create_user, create_variant, create_warehouse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ada():
    return create_user("ada@example.com", first_name="Ada")


@pytest.fixture
def warehouse():
    return create_warehouse()


def alerts():
    return list(Notification.objects.order_by("created_at").values_list("user__email", "kind", "title"))


def test_a_saved_product_back_in_stock_alerts_once(ada, warehouse):
    lamp = create_product(name="Desk Lamp", slug="desk-lamp")
    add_to_wishlist(user=ada, product=lamp)
    assert send_wishlist_alerts.delay().get() == 0

    receive_stock(warehouse=warehouse, product=lamp, quantity=5)
    assert send_wishlist_alerts.delay().get() == 1
    assert send_wishlist_alerts.delay().get() == 0

    assert alerts() == [("ada@example.com", "back_in_stock", "Desk Lamp is back in stock")]
    assert [(m.to, m.subject) for m in mail.outbox] == [(["ada@example.com"], "Desk Lamp is back in stock")]
    assert "http://localhost:8000/p/desk-lamp/" in mail.outbox[0].body
    assert DeliveryLog.objects.get().status == "sent"


def test_each_new_crossing_alerts_again(ada, warehouse):
    lamp = create_product(name="Desk Lamp")
    add_to_wishlist(user=ada, product=lamp)
    receive_stock(warehouse=warehouse, product=lamp, quantity=1)
    send_wishlist_alerts.delay()

    adjust_stock(warehouse=warehouse, product=lamp, delta=-1, reason="Broken")
    assert send_wishlist_alerts.delay().get() == 0
    receive_stock(warehouse=warehouse, product=lamp, quantity=2)
    assert send_wishlist_alerts.delay().get() == 1

    assert [kind for _, kind, _ in alerts()] == ["back_in_stock", "back_in_stock"]


def test_a_product_in_stock_when_saved_does_not_alert(ada, warehouse):
    lamp = create_product(name="Desk Lamp")
    receive_stock(warehouse=warehouse, product=lamp, quantity=3)
    add_to_wishlist(user=ada, product=lamp)
    receive_stock(warehouse=warehouse, product=lamp, quantity=3)

    assert send_wishlist_alerts.delay().get() == 0
    assert alerts() == []


def test_a_lower_price_alerts_once_with_the_old_and_new_price(ada):
    lamp = create_product(name="Desk Lamp", price="129.00", track_inventory=False)
    add_to_wishlist(user=ada, product=lamp)

    Product.objects.filter(pk=lamp.pk).update(price=Decimal("99.00"))
    assert send_wishlist_alerts.delay().get() == 1
    assert send_wishlist_alerts.delay().get() == 0
    Product.objects.filter(pk=lamp.pk).update(price=Decimal("109.00"))
    assert send_wishlist_alerts.delay().get() == 0

    assert alerts() == [("ada@example.com", "price_drop", "Desk Lamp now costs 99.00 USD")]
    notification = Notification.objects.get()
    assert notification.body == "Desk Lamp from your wishlist now costs 99.00 USD (was 129.00 USD)."
    assert notification.data["old_price"] == "129.00"
    assert mail.outbox[0].body.endswith(
        "Now 99.00 USD (was 129.00 USD).\n\nhttp://localhost:8000/p/" + lamp.slug + "/\n"
    )


def test_a_saved_variant_follows_its_own_stock_and_price(ada, warehouse):
    shirt = create_product(name="Crew T-shirt", price="20.00")
    medium = create_variant(shirt, name="M", price="20.00")
    create_variant(shirt, name="L", price="20.00")
    add_to_wishlist(user=ada, product=shirt, variant=medium)

    receive_stock(warehouse=warehouse, product=shirt, variant=medium, quantity=2)
    ProductVariant.objects.filter(pk=medium.pk).update(price=Decimal("15.00"))
    assert send_wishlist_alerts.delay().get() == 2

    assert [title for _, _, title in alerts()] == [
        "Crew T-shirt (M) is back in stock",
        "Crew T-shirt (M) now costs 15.00 USD",
    ]


def test_an_alert_switched_off_by_email_is_only_shown_in_the_shop(ada, warehouse):
    lamp = create_product(name="Desk Lamp")
    add_to_wishlist(user=ada, product=lamp)
    set_preference(user=ada, event=Event.BACK_IN_STOCK, channel=Channel.EMAIL, enabled=False)

    receive_stock(warehouse=warehouse, product=lamp, quantity=5)
    send_wishlist_alerts.delay()

    assert [kind for _, kind, _ in alerts()] == ["back_in_stock"]
    assert mail.outbox == []
    assert DeliveryLog.objects.count() == 0


def test_the_check_runs_every_fifteen_minutes(periodic_tasks):
    check = periodic_tasks["Send wishlist alerts"]

    assert (check.task, check.interval.every, check.interval.period) == ("wishlist.send_alerts", 900, "seconds")
