"""The order state machine, its history and its stock side effects."""

import re

import pytest

from apps.inventory.models import StockMovement
from apps.inventory.services import reserve_stock
from apps.orders.exceptions import IllegalTransition, OrderError
from apps.orders.models import OrderShipment, OrderStatus, OrderStatusHistory
from apps.orders.services import (
    TRANSITIONS,
    add_order_note,
    mark_delivered,
    next_order_number,
    ship_order,
    transition_order,
)
from tests.factories import create_product, create_staff, create_stock, create_warehouse
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db

LEGAL = sorted((source, target) for source, targets in TRANSITIONS.items() for target in targets)
ILLEGAL = sorted(
    (source, target)
    for source in OrderStatus.values
    for target in OrderStatus.values
    if target not in TRANSITIONS[source]
)


def test_order_numbers_carry_the_year_and_count_up():
    first, second = next_order_number(), next_order_number()

    assert re.fullmatch(r"SF-\d{4}-\d{6}", first)
    assert int(second[-6:]) == int(first[-6:]) + 1


def test_the_lifecycle_is_pending_confirmed_processing_shipped_delivered_with_cancel_and_refund_branches():
    assert (
        sorted(
            [
                ("pending", "confirmed"),
                ("confirmed", "processing"),
                ("processing", "shipped"),
                ("shipped", "delivered"),
                ("pending", "cancelled"),
                ("confirmed", "cancelled"),
                ("processing", "cancelled"),
                ("confirmed", "refunded"),
                ("processing", "refunded"),
                ("shipped", "refunded"),
                ("delivered", "refunded"),
            ]
        )
        == LEGAL
    )


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_a_legal_transition_changes_the_status_and_records_who_and_why(source, target):
    staff = create_staff()
    order = create_order(status=source)

    result = transition_order(order=order, to_status=target, user=staff, notes="Customer called")

    order.refresh_from_db()
    assert result.status == order.status == target
    history = OrderStatusHistory.objects.get(order=order)
    assert (history.previous_status, history.status, history.notes, history.created_by) == (
        source,
        target,
        "Customer called",
        staff,
    )


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_an_illegal_transition_is_refused_and_changes_nothing(source, target):
    order = create_order(status=source)

    with pytest.raises(IllegalTransition) as refused:
        transition_order(order=order, to_status=target)

    assert refused.value.message == f"Cannot change order {order.order_number} from {source} to {target}."
    order.refresh_from_db()
    assert order.status == source
    assert not OrderStatusHistory.objects.filter(order=order).exists()


def reserved_order(on_hand=10, quantity=3, status=OrderStatus.CONFIRMED):
    product = create_product()
    level = create_stock(product, create_warehouse(code="EU-1"), on_hand=on_hand)
    order = create_order(lines=[(product, quantity)], status=status)
    reserve_stock(order=order, lines=[(product, None, quantity)])
    return order, level


def test_cancelling_releases_the_reserved_stock_and_stamps_the_time():
    order, level = reserved_order(on_hand=10, quantity=3)

    transition_order(order=order, to_status=OrderStatus.CANCELLED, notes="Changed my mind")

    level.refresh_from_db()
    assert (level.quantity_on_hand, level.quantity_reserved) == (10, 0)
    release = StockMovement.objects.get(movement_type="release")
    assert (release.quantity, release.reserved_delta, release.reason, release.order) == (
        3,
        -3,
        "Changed my mind",
        order,
    )
    order.refresh_from_db()
    assert order.cancelled_at is not None


def test_shipping_creates_a_shipment_and_takes_the_units_off_hand():
    staff = create_staff()
    order, level = reserved_order(on_hand=10, quantity=3, status=OrderStatus.PROCESSING)

    shipment = ship_order(order=order, carrier="UPS", tracking_number="1Z999", user=staff)

    level.refresh_from_db()
    assert (level.quantity_on_hand, level.quantity_reserved) == (7, 0)
    assert (shipment.carrier, shipment.tracking_number, shipment.status) == ("UPS", "1Z999", "in_transit")
    assert shipment.shipped_at is not None
    order.refresh_from_db()
    assert order.status == "shipped"
    assert order.status_history.get().created_by == staff
    assert StockMovement.objects.filter(movement_type="shipment").values_list("on_hand_delta", flat=True).get() == -3


def test_an_order_that_is_not_processing_cannot_ship_and_keeps_its_stock():
    order, level = reserved_order(status=OrderStatus.PENDING)

    with pytest.raises(IllegalTransition, match="from pending to shipped"):
        ship_order(order=order, carrier="UPS")

    level.refresh_from_db()
    assert (level.quantity_on_hand, level.quantity_reserved) == (10, 3)
    assert not OrderShipment.objects.exists()


def test_delivery_marks_the_order_and_its_shipments_delivered():
    order, _ = reserved_order(status=OrderStatus.PROCESSING)
    shipment = ship_order(order=order, carrier="UPS")

    mark_delivered(order=order)

    shipment.refresh_from_db()
    order.refresh_from_db()
    assert (order.status, shipment.status) == ("delivered", "delivered")
    assert shipment.delivered_at is not None


def test_a_note_is_kept_with_its_author_and_visibility():
    staff = create_staff()
    order = create_order()

    note = add_order_note(order=order, author=staff, body="  Gift wrap, please.  ", is_customer_visible=True)

    assert (note.body, note.author, note.is_customer_visible) == ("Gift wrap, please.", staff, True)


def test_an_empty_note_is_refused():
    with pytest.raises(OrderError, match="A note cannot be empty."):
        add_order_note(order=create_order(), author=None, body="   ")
