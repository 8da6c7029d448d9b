"""Writes of orders: human numbers, the status state machine, shipments, notes.

Nothing here has an effect beyond the order's own rows. The operations that change an order's status
with everything they imply (money, stock, coupon, mail) live in apps.fulfilment.services, the only
caller of transition_order (tests/test_architecture.py holds that rule).
"""

from django.db import connection, transaction
from django.db.models.functions import Now
from django.utils import timezone

from apps.accounts.services import verify_email
from apps.notifications.events import Event
from apps.notifications.services import notify

from .exceptions import IllegalTransition, OrderError
from .guest_access import access_url
from .models import Order, OrderNote, OrderShipment, OrderShipmentItem, OrderStatus, OrderStatusHistory

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


def transition_order(*, order, to_status, user=None, notes=""):
    """Move an order, whose row the caller has locked, to `to_status` if the state machine allows it,
    recording who did it and why. The instance gets the new status."""
    if not can_transition(order, to_status):
        raise IllegalTransition(order=order, to_status=to_status)
    previous = order.status
    order.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.CANCELLED:
        order.cancelled_at = timezone.now()
        fields.append("cancelled_at")
    order.save(update_fields=fields)
    OrderStatusHistory.objects.create(
        order=order, previous_status=previous, status=to_status, notes=notes, created_by=user
    )
    return order


def record_step(*, order, notes, user=None):
    """A history row for a step that keeps the order's status (a partial shipment, a partial refund)."""
    return OrderStatusHistory.objects.create(
        order=order, previous_status=order.status, status=order.status, notes=notes, created_by=user
    )


def create_shipment(*, order, carrier, lines, tracking_number="", tracking_url="", estimated_delivery=None):
    """A parcel in transit with `carrier` (a shipping.Carrier) holding `lines`: [(order_item, quantity), ...]."""
    shipment = OrderShipment.objects.create(
        order=order,
        carrier=carrier.name,
        shipping_carrier=carrier,
        tracking_number=tracking_number,
        tracking_url=tracking_url,
        estimated_delivery=estimated_delivery,
        status=OrderShipment.Status.IN_TRANSIT,
        shipped_at=timezone.now(),
    )
    OrderShipmentItem.objects.bulk_create(
        OrderShipmentItem(shipment=shipment, order_item=item, quantity=quantity) for item, quantity in lines
    )
    return shipment


def follow_tracking(shipment):
    """The shipment takes the status of its latest tracking event (by when it happened, so events
    arriving out of order do not move it back). Returns whether it is now delivered."""
    latest = shipment.tracking_events.order_by("-occurred_at", "-created_at").first()
    if latest is not None and latest.status != shipment.status:
        shipment.status = latest.status
        shipment.delivered_at = latest.occurred_at if latest.status == OrderShipment.Status.DELIVERED else None
        shipment.save(update_fields=["status", "delivered_at", "updated_at"])
    return shipment.status == OrderShipment.Status.DELIVERED


def mark_shipments_delivered(*, order):
    """Every parcel of the order reached the customer."""
    return order.shipments.exclude(status=OrderShipment.Status.DELIVERED).update(
        status=OrderShipment.Status.DELIVERED, delivered_at=Now(), updated_at=Now()
    )


def add_order_note(*, order, author, body, is_customer_visible=False):
    """A staff note on the order, or a message the customer sees on the order page."""
    body = body.strip()
    if not body:
        raise OrderError("A note cannot be empty.", code="empty_note", fields={"body": body})
    return OrderNote.objects.create(order=order, author=author, body=body, is_customer_visible=is_customer_visible)


# Guests -----------------------------------------------------------------------------------------


def send_order_link(*, order_number, email):
    """Mail the signed link to an order if `order_number` was placed with `email`; otherwise do nothing.

    The caller answers the same either way (the mail leaves after commit, from a worker), so nobody
    learns whether an order exists by asking.
    """
    order = Order.objects.filter(order_number=order_number.strip(), customer_email__iexact=email.strip()).first()
    if order is None:
        return
    notify(
        event=Event.ORDER_LINK,
        user=order.user,
        email=order.customer_email,
        context={
            "title": f"Your order {order.order_number}",
            "body": f"Follow order {order.order_number}, download its invoice or ask for a return with this link:",
            "link": access_url(order),
            "data": {"order_id": str(order.pk), "order_number": order.order_number},
            "order": order,
        },
    )


@transaction.atomic
def verify_email_and_claim_orders(*, token):
    """Confirm an account's address with its mailed token and bring in the guest orders placed with it.
    Returns (user, number of orders claimed); raises accounts' InvalidToken like verify_email."""
    user = verify_email(token=token)
    return user, claim_guest_orders(user=user)


@transaction.atomic
def claim_guest_orders(*, user):
    """Bring the guest orders placed with `user`'s email into the account, once the address is verified
    (a verified address proves the orders are theirs). Returns how many joined."""
    if not user.email_verified:
        return 0
    return Order.objects.filter(user__isnull=True, customer_email__iexact=user.email).update(user=user)
