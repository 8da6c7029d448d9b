"""Writes of returns (RMA): request, approve or reject, receive the goods, refund them.

    requested ─► approved ─► received ─► refunded
        └──────► rejected

Each step locks the return request, checks the arrow above (IllegalReturnTransition otherwise) and
appends a ReturnStatusHistory row. Returns sit above payments (see tests/test_architecture.py): the
money goes back through apps.payments.services.refund_payment.

Refund rule: each returned unit is worth its unit_price, less its share of the order's discount
(discount × returned value / order subtotal, rounded to the cent, never more than the value).
Shipping and tax are not refunded.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from apps.core.db import retry_on_conflict
from apps.inventory.services import restock as restock_goods
from apps.invoicing.services import issue_credit_note
from apps.notifications.events import Event
from apps.notifications.services import notify, site_url
from apps.orders.amounts import refund_value
from apps.orders.models import Order, OrderItem, OrderStatus
from apps.payments.models import PaymentStatus
from apps.payments.services import ensure_refund_within_limit, refund_payment

from .exceptions import IllegalReturnTransition, ReturnError, ReturnNotAllowed
from .models import ReturnItem, ReturnRequest, ReturnStatus, ReturnStatusHistory
from .selectors import returnable_quantities

S = ReturnStatus
TRANSITIONS = {
    S.REQUESTED: {S.APPROVED, S.REJECTED},
    S.APPROVED: {S.RECEIVED},
    S.RECEIVED: {S.REFUNDED},
    S.REJECTED: set(),
    S.REFUNDED: set(),
    S.CLOSED: set(),
}


def next_rma_number():
    """RMA-<year>-<6 digits> from rma_number_seq."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('rma_number_seq')")
        (number,) = cursor.fetchone()
    return f"RMA-{timezone.now().year}-{number:06d}"


def delivered_at(order):
    """When the order reached the customer: its shipments' delivery time, else the moment its status
    last became delivered; None if it never did."""
    shipped = order.shipments.filter(delivered_at__isnull=False).order_by("-delivered_at").first()
    if shipped is not None:
        return shipped.delivered_at
    change = order.status_history.filter(status=OrderStatus.DELIVERED).order_by("-created_at").first()
    return change.created_at if change else None


def _check_returnable(order, user):
    if user is not None and order.user_id != user.pk and not user.is_staff:
        raise ReturnNotAllowed("You can only return your own orders.", code="not_owner")
    if order.status != OrderStatus.DELIVERED:
        raise ReturnNotAllowed(
            f"Order {order.order_number} is {order.get_status_display().lower()}: "
            "only delivered orders can be returned.",
            code="not_delivered",
        )
    window = timedelta(days=settings.RETURN_WINDOW_DAYS)
    delivered = delivered_at(order)
    if delivered is None or timezone.now() > delivered + window:
        raise ReturnNotAllowed(
            f"Returns are accepted within {settings.RETURN_WINDOW_DAYS} days of delivery; "
            f"order {order.order_number} is past that.",
            code="return_window_closed",
        )


def _check_items(order, items):
    """items: [(order_item, quantity, reason)]; refused unless each line is of this order, listed once,
    and asks for at least one unit and no more than are left to return."""
    if not items:
        raise ReturnError("Choose at least one item to return.", fields={"items": []})
    left = returnable_quantities(order)
    seen = set()
    for order_item, quantity, _ in items:
        if order_item.order_id != order.pk or order_item.pk in seen:
            raise ReturnError(
                f"“{order_item.product_name}” is not a line of order {order.order_number} or is listed twice.",
                fields={"items": str(order_item.pk)},
            )
        seen.add(order_item.pk)
        if not 1 <= quantity <= left[order_item.pk]:
            raise ReturnError(
                f"You can return between 1 and {left[order_item.pk]} of “{order_item.product_name}”.",
                fields={"quantity": quantity},
            )


def _record(return_request, status, user, notes=""):
    ReturnStatusHistory.objects.create(return_request=return_request, status=status, notes=notes, created_by=user)


@retry_on_conflict()
def request_return(*, order, user, items, reason, customer_notes=""):
    """Ask to send goods of a delivered order back, within RETURN_WINDOW_DAYS of delivery.

    items: [(order_item, quantity, reason), ...]. `user` None is a guest who opened the order's signed
    link (apps.orders.guest_access), which only the order's email address receives. The order row is
    locked, so two simultaneous requests cannot together ask for more units than were bought. Returns
    the ReturnRequest.
    """
    reason = reason.strip()
    if not reason:
        raise ReturnError("Say why the goods are coming back.", fields={"reason": reason})
    order = Order.objects.select_for_update().get(pk=order.pk)
    _check_returnable(order, user)
    _check_items(order, items)
    return_request = ReturnRequest.objects.create(
        rma_number=next_rma_number(),
        order=order,
        user=order.user,
        reason=reason,
        customer_notes=customer_notes.strip(),
    )
    ReturnItem.objects.bulk_create(
        ReturnItem(return_request=return_request, order_item=order_item, quantity=quantity, reason=item_reason)
        for order_item, quantity, item_reason in items
    )
    _record(return_request, S.REQUESTED, user, reason)
    return return_request


def _transition(return_request, to_status, user, notes="", **changes):
    """Lock the request, move it along an allowed arrow, apply `changes`, and record the step."""
    locked = ReturnRequest.objects.select_for_update().select_related("order").get(pk=return_request.pk)
    if to_status not in TRANSITIONS[locked.status]:
        raise IllegalReturnTransition(return_request=locked, to_status=to_status)
    locked.status = to_status
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *changes, "updated_at"])
    _record(locked, to_status, user, notes)
    return locked


def _tell_customer(return_request, event, body, **data):
    """Mail and notify the customer about their return's new step (after commit)."""
    order = return_request.order
    notify(
        event=event,
        user=order.user,
        email=order.customer_email,
        context={
            "title": f"Return {return_request.rma_number}: {event.label.lower()}",
            "body": body,
            "link": site_url("/account/returns/"),
            "data": {"return_id": str(return_request.pk), "rma_number": return_request.rma_number, **data},
            "return_request": return_request,
            "order": order,
        },
    )


@retry_on_conflict()
def approve_return(*, return_request, user, notes=""):
    """Staff accept the request: the customer may send the goods."""
    return_request = _transition(return_request, S.APPROVED, user, notes)
    _tell_customer(
        return_request,
        Event.RETURN_APPROVED,
        f"Your return {return_request.rma_number} for order {return_request.order.order_number} is approved. "
        "Please send the items back; we refund them once they arrive.",
    )
    return return_request


@retry_on_conflict()
def reject_return(*, return_request, user, reason):
    """Staff refuse the request, saying why (kept in staff notes and in the history)."""
    reason = reason.strip()
    if not reason:
        raise ReturnError("Say why the return is rejected.", fields={"reason": reason})
    return_request = _transition(return_request, S.REJECTED, user, reason, staff_notes=reason)
    _tell_customer(
        return_request,
        Event.RETURN_REJECTED,
        f"Your return {return_request.rma_number} for order {return_request.order.order_number} "
        f"was not accepted: {reason}",
    )
    return return_request


@retry_on_conflict()
def receive_return(*, return_request, warehouse, user, restock=None):
    """The goods are back: items marked restock go on the shelves of `warehouse`, and every returned
    unit counts in its order line's quantity_returned.

    restock=True or False decides for every item at the door (False: the goods are written off,
    e.g. damaged); None keeps each item's own choice.
    """
    notes = f"Received at {warehouse.code}" + {True: ", restocked", False: ", written off", None: ""}[restock]
    return_request = _transition(return_request, S.RECEIVED, user, notes, restock_warehouse=warehouse)
    if restock is not None:
        return_request.items.update(restock=restock, updated_at=timezone.now())
    for item in return_request.items.select_related("order_item__product", "order_item__variant"):
        line = item.order_item
        if item.restock:
            restock_goods(
                product=line.product,
                variant=line.variant,
                warehouse=warehouse,
                quantity=item.quantity,
                order=return_request.order,
                reason=f"Return {return_request.rma_number}",
                user=user,
            )
        OrderItem.objects.filter(pk=line.pk).update(
            quantity_returned=F("quantity_returned") + item.quantity, updated_at=timezone.now()
        )
    _tell_customer(
        return_request,
        Event.RETURN_RECEIVED,
        f"We received the items of your return {return_request.rma_number}. Your refund follows shortly.",
    )
    return return_request


def refund_amount(return_request):
    """What the returned items are worth to the customer (see the refund rule above)."""
    items = return_request.items.select_related("order_item")
    return refund_value(return_request.order, [(item.order_item, item.quantity) for item in items])


@retry_on_conflict()
def refund_return(*, return_request, user):
    """Pay the returned items' value back on the order's captured payment; links the Refund.

    Refused above settings.SUPPORT_REFUND_LIMIT for staff without payments.refund_above_limit.

    If the gateway declines, nothing of this step stays (the return stays received) and
    GatewayDeclined goes up to the caller.
    """
    locked = ReturnRequest.objects.select_for_update().select_related("order").get(pk=return_request.pk)
    if S.REFUNDED not in TRANSITIONS[locked.status]:
        raise IllegalReturnTransition(return_request=locked, to_status=S.REFUNDED)
    payment = (
        locked.order.payments.filter(status__in=[PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED])
        .order_by("created_at")
        .first()
    )
    if payment is None:
        raise ReturnError(f"Order {locked.order.order_number} has no captured payment to refund.", code="no_payment")
    amount = refund_amount(locked)
    ensure_refund_within_limit(user=user, amount=amount, currency=payment.currency)
    refund = refund_payment(payment=payment, amount=amount, reason=f"Return {locked.rma_number}", user=user)
    issue_credit_note(refund=refund)
    locked = _transition(
        locked, S.REFUNDED, user, f"Refunded {amount} {payment.currency}", refund=refund, refund_amount=amount
    )
    _tell_customer(
        locked,
        Event.RETURN_REFUNDED,
        f"We refunded {amount} {payment.currency} for your return {locked.rma_number}.",
        amount=str(amount),
        currency=payment.currency,
    )
    return locked
