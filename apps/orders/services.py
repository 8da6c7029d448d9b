"""Writes of orders: human numbers, the status state machine and its side effects, shipments, notes.

Payments sit above orders (layer 5 over 4), so nothing here touches money: voiding or refunding a
payment when an order is cancelled is orchestrated by apps.payments.services (cancel_order_and_void,
fulfil_order), which call these services.
"""

from django.db import connection
from django.utils import timezone

from apps.core.db import retry_on_conflict
from apps.inventory.services import consume_reservations, release_reservations

from .exceptions import IllegalTransition, OrderError
from .models import Order, OrderNote, OrderShipment, OrderStatus, OrderStatusHistory

S = OrderStatus
TRANSITIONS = {
    S.PENDING: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.PROCESSING, S.CANCELLED, S.REFUNDED},
    S.PROCESSING: {S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED},
    S.DELIVERED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}


def next_order_number():
    """SF-<year>-<6 digits> from order_number_seq: unique, and no lock shared between checkouts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('order_number_seq')")
        (number,) = cursor.fetchone()
    return f"SF-{timezone.now().year}-{number:06d}"


def can_transition(order, to_status):
    return to_status in TRANSITIONS[order.status]


@retry_on_conflict()
def transition_order(*, order, to_status, user=None, notes=""):
    """Move an order to `to_status` if the state machine allows it, recording who did it and why.

    The order row is locked, so two people cancelling and shipping at once cannot both win.
    Cancelling gives the order's reserved stock back. Returns the order, refreshed; the instance
    passed in gets the new status too.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not can_transition(locked, to_status):
        raise IllegalTransition(order=locked, to_status=to_status)
    previous = locked.status
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.CANCELLED:
        locked.cancelled_at = timezone.now()
        fields.append("cancelled_at")
        release_reservations(order=locked, reason=notes or "Order cancelled", user=user)
    locked.save(update_fields=fields)
    OrderStatusHistory.objects.create(
        order=locked, previous_status=previous, status=to_status, notes=notes, created_by=user
    )
    order.status, order.cancelled_at = locked.status, locked.cancelled_at
    return locked


@retry_on_conflict()
def ship_order(*, order, carrier, tracking_number="", tracking_url="", estimated_delivery=None, user=None):
    """Hand the order to a carrier: a shipment, the reserved stock leaves the warehouse, status shipped."""
    order = transition_order(order=order, to_status=S.SHIPPED, user=user, notes=f"Shipped with {carrier}")
    consume_reservations(order=order, user=user)
    return OrderShipment.objects.create(
        order=order,
        carrier=carrier,
        tracking_number=tracking_number,
        tracking_url=tracking_url,
        estimated_delivery=estimated_delivery,
        status=OrderShipment.Status.IN_TRANSIT,
        shipped_at=timezone.now(),
    )


@retry_on_conflict()
def mark_delivered(*, order, user=None, notes=""):
    """The customer has the parcel: the order and its shipments are delivered."""
    order = transition_order(order=order, to_status=S.DELIVERED, user=user, notes=notes)
    order.shipments.exclude(status=OrderShipment.Status.DELIVERED).update(
        status=OrderShipment.Status.DELIVERED, delivered_at=timezone.now(), updated_at=timezone.now()
    )
    return order


def add_order_note(*, order, author, body, is_customer_visible=False):
    """A staff note on the order, or a message the customer sees on the order page."""
    body = body.strip()
    if not body:
        raise OrderError("A note cannot be empty.", code="empty_note", fields={"body": body})
    return OrderNote.objects.create(order=order, author=author, body=body, is_customer_visible=is_customer_visible)
