"""The order state machine and its history, shipments and notes (their effects: tests/fulfilment)."""

import re

import pytest

from apps.orders.exceptions import IllegalTransition, OrderError
from apps.orders.models import OrderStatus, OrderStatusHistory
from apps.orders.selectors import shipped_quantities
from apps.orders.services import (
    TRANSITIONS,
    add_order_note,
    create_shipment,
    mark_shipments_delivered,
    next_order_number,
    transition_order,
)
from apps.shipping.models import Carrier
from tests.factories import create_product, create_staff
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


def test_cancelling_stamps_the_time():
    order = create_order(status=OrderStatus.CONFIRMED)
    transition_order(order=order, to_status=OrderStatus.CANCELLED)
    order.refresh_from_db()
    assert order.cancelled_at is not None


def test_a_shipment_holds_its_lines_until_every_parcel_is_delivered():
    product = create_product(price="4.00")
    order = create_order(lines=[(product, 3)], status=OrderStatus.PROCESSING)
    item = order.items.get()

    carrier = Carrier.objects.create(code="ups", name="UPS")
    shipment = create_shipment(order=order, carrier=carrier, lines=[(item, 2)], tracking_number="1Z999")
    assert (shipment.carrier, shipment.tracking_number, shipment.status) == ("UPS", "1Z999", "in_transit")
    assert shipped_quantities(order) == {item.pk: 2}

    assert mark_shipments_delivered(order=order) == 1
    shipment.refresh_from_db()
    assert (shipment.status, shipment.delivered_at is not None) == ("delivered", True)


def test_a_note_is_kept_with_its_author_and_visibility():
    staff = create_staff()
    order = create_order()

    note = add_order_note(order=order, author=staff, body="  Gift wrap, please.  ", is_customer_visible=True)

    assert (note.body, note.author, note.is_customer_visible) == ("Gift wrap, please.", staff, True)


def test_an_empty_note_is_refused():
    with pytest.raises(OrderError, match="A note cannot be empty."):
        add_order_note(order=create_order(), author=None, body="   ")
