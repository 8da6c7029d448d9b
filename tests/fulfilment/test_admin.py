"""The order console's actions: each runs its fulfilment service (history, ledger, refund, coupon), and
a refused one shows the service's message and changes nothing."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.fulfilment import services as fulfilment
from apps.inventory.models import StockLevel, StockMovement
from apps.orders.models import OrderStatus
from apps.payments.models import Refund
from tests.factories import create_coupon, create_staff
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orders_order_changelist")


@pytest.fixture
def staff(client):
    user = create_staff(email="ops@example.com", is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def mug():
    return stocked_product("25.00", on_hand=10, name="Mug")


@pytest.fixture
def ups():
    return create_carrier()


def act(client, action, orders, **form):
    """Choose `action` for `orders` in the list, sending the intermediate form's fields when given."""
    data = {"action": action, "_selected_action": [str(order.pk) for order in orders], **form}
    if form:
        data["apply"] = "1"
    return client.post(CHANGELIST, data, follow=True)


def said(response):
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def history_count(order):
    return order.status_history.count()


def test_confirming_a_pending_order_records_its_history_and_a_confirmed_one_is_refused(client, staff, mug):
    order = placed_order([(mug, 1)])
    order.status = OrderStatus.PENDING
    order.save(update_fields=["status"])
    already = placed_order([(mug, 1)])
    before = history_count(already)

    response = act(client, "confirm_orders", [order, already])

    assert sorted(said(response)) == [
        ("error", f"Cannot change order {already.order_number} from confirmed to confirmed."),
        ("success", f"{order.order_number}: confirmed."),
    ]
    last = order.status_history.last()
    assert (last.previous_status, last.status, last.created_by) == ("pending", "confirmed", staff)
    assert history_count(already) == before


def test_shipping_shows_a_form_then_ships_the_chosen_units_with_the_carrier_and_tracking(client, staff, mug, ups):
    order = fulfilment.start_processing(order=placed_order([(mug, 2)]))
    item = order.items.get()

    page = act(client, "ship_order", [order])
    assert page.status_code == 200
    assert f"Ship {order.order_number}" in page.content.decode()
    assert page.context["form"].fields[f"quantity_{item.pk}"].initial == 2

    response = act(
        client, "ship_order", [order], carrier=str(ups.pk), tracking_number="1Z999", **{f"quantity_{item.pk}": "1"}
    )

    assert said(response) == [("success", f"{order.order_number}: shipped with UPS 1Z999.")]
    shipment = order.shipments.get()
    assert list(shipment.items.values_list("order_item", "quantity")) == [(item.pk, 1)]
    assert list(
        StockMovement.objects.filter(order=order, movement_type="shipment").values_list("quantity", flat=True)
    ) == [1]
    assert order.payments.get().amount_captured == Decimal("27.50")  # one mug's share of 55.00
    order.refresh_from_db()
    assert order.status == OrderStatus.PROCESSING
    assert order.status_history.last().notes == "Partly shipped: 1 item(s) shipped with UPS, tracking 1Z999"


def test_shipping_an_order_that_is_not_processing_shows_why_and_ships_nothing(client, staff, mug, ups):
    order = placed_order([(mug, 2)])
    item = order.items.get()

    response = act(client, "ship_order", [order], carrier=str(ups.pk), **{f"quantity_{item.pk}": "2"})

    assert said(response) == [("error", f"Cannot change order {order.order_number} from confirmed to shipped.")]
    assert not order.shipments.exists()
    assert StockLevel.objects.get(product=mug).quantity_reserved == 2


def test_shipping_more_units_than_ordered_is_a_form_error(client, staff, mug, ups):
    order = fulfilment.start_processing(order=placed_order([(mug, 2)]))
    item = order.items.get()

    response = act(client, "ship_order", [order], carrier=str(ups.pk), **{f"quantity_{item.pk}": "3"})

    assert response.context["form"].errors == {f"quantity_{item.pk}": ["Ensure this value is less than or equal to 2."]}
    assert not order.shipments.exists()


def test_ship_and_refund_take_one_order_at_a_time(client, staff, mug):
    orders = [placed_order([(mug, 1)]), placed_order([(mug, 1)])]
    response = act(client, "ship_order", orders)
    assert said(response) == [("warning", "Ship one order at a time: choose exactly one.")]


def test_delivering_marks_the_order_and_parcels_delivered(client, staff, mug, ups):
    order = fulfilment.start_processing(order=placed_order([(mug, 1)]))
    fulfilment.ship(order=order, carrier=ups)

    response = act(client, "deliver_orders", [order])

    assert said(response) == [("success", f"{order.order_number}: delivered.")]
    assert list(order.shipments.values_list("status", flat=True)) == ["delivered"]


def test_cancelling_gives_the_coupon_use_back_and_a_shipped_order_is_refused(client, staff, mug, ups):
    coupon = create_coupon(value="10")
    order = placed_order([(mug, 1)], coupon=coupon)
    shipped = fulfilment.start_processing(order=placed_order([(mug, 1)]))
    fulfilment.ship(order=shipped, carrier=ups)
    before = history_count(shipped)

    form = act(client, "cancel_orders", [order, shipped])
    assert form.context["form"]["reason"].initial == "Cancelled by the shop"
    response = act(client, "cancel_orders", [order, shipped], reason="Out of stock at the supplier")

    assert sorted(said(response)) == [
        ("error", f"Cannot change order {shipped.order_number} from shipped to cancelled."),
        ("success", f"{order.order_number}: cancelled: stock, coupon and payment given back."),
    ]
    coupon.refresh_from_db()
    assert (coupon.times_used, coupon.usages.count()) == (0, 0)
    assert order.payments.get().status == "voided"
    assert order.status_history.last().notes == "Out of stock at the supplier"
    shipped.refresh_from_db()
    assert (shipped.status, history_count(shipped)) == (OrderStatus.SHIPPED, before)


@pytest.fixture
def delivered(mug, ups):
    order = fulfilment.start_processing(order=placed_order([(mug, 2)]))
    fulfilment.ship(order=order, carrier=ups)
    return fulfilment.deliver(order=order)


def test_a_partial_refund_with_restock_writes_the_refund_and_the_ledger(client, staff, mug, delivered):
    item = delivered.items.get()

    response = act(
        client,
        "refund_order",
        [delivered],
        amount="20.00",
        reason="Chipped",
        restock_items="on",
        **{f"quantity_{item.pk}": "1"},
    )

    assert said(response) == [("success", f"{delivered.order_number}: refunded 20.00 USD.")]
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.created_by) == (Decimal("20.00"), "Chipped", staff)
    assert list(
        StockMovement.objects.filter(order=delivered, movement_type="return").values_list("quantity", flat=True)
    ) == [1]
    assert StockLevel.objects.get(product=mug).quantity_on_hand == 9
    assert delivered.status_history.last().notes == "Refunded 20.00 USD: Chipped"


def test_refunding_more_than_was_paid_shows_why_and_refunds_nothing(client, staff, delivered):
    item = delivered.items.get()
    response = act(
        client, "refund_order", [delivered], amount="60.00", reason="Goodwill", **{f"quantity_{item.pk}": "0"}
    )

    assert said(response) == [
        (
            "error",
            f"A refund of order {delivered.order_number} is between 0.01 and 55.00 USD; 60.00 asked.",
        )
    ]
    assert not Refund.objects.exists()
    delivered.refresh_from_db()
    assert delivered.status == OrderStatus.DELIVERED
