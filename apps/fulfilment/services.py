"""The order operations after checkout, each with every effect it implies, in one transaction.

    confirm ─► start_processing ─► ship (whole, or part after part) ─► deliver
       └──────────────┴──► cancel                refund (by amount or by items) from confirmed on

This module is the only caller of the order state machine (orders.services.transition_order): the
storefront, the API, the admin and the tasks call these functions, never a bare status change.
Every operation locks the order row first, so two people acting on one order queue; then, in this
order, stock levels, the coupon and payments (the lower services lock their rows themselves).
Money taken issues the order's invoice, money given back a credit note (apps.invoicing).
It records a status history row (a partial shipment keeps the status and says what left) and tells
the customer through notifications.notify, whose mail leaves once the transaction commits.
"""

from dataclasses import dataclass

from apps.core.db import retry_on_conflict
from apps.core.money import to_money
from apps.inventory.models import Warehouse
from apps.inventory.selectors import order_item_stock_flow
from apps.inventory.services import consume_reservations, release_reservations, restock
from apps.invoicing.services import issue_credit_note, issue_invoice
from apps.notifications.events import Event
from apps.notifications.services import notify
from apps.orders.amounts import refund_value, share_of_total
from apps.orders.exceptions import IllegalTransition
from apps.orders.models import Order, OrderStatus
from apps.orders.selectors import shipped_quantities
from apps.orders.services import (
    can_transition,
    create_shipment,
    mark_shipments_delivered,
    record_step,
    transition_order,
)
from apps.payments.models import PaymentStatus
from apps.payments.services import capture_payment, ensure_refund_within_limit, refund_payment, void_payment
from apps.promotions.services import release_coupon

from .exceptions import FulfilmentError, InvalidRefund, InvalidShipment

S = OrderStatus
# Payments still holding money the customer could be charged, or was.
LIVE_PAYMENTS = [
    PaymentStatus.AUTHORIZED,
    PaymentStatus.CAPTURED,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
]


@dataclass(frozen=True)
class Line:
    """Units of one order line that an operation ships or refunds."""

    order_item: object
    quantity: int


def _lock(order):
    return Order.objects.select_for_update().get(pk=order.pk)


def _tell(order, event, *, title, body, **data):
    notify(
        event=event,
        user=order.user,
        email=None if order.user_id else order.customer_email,
        context={"title": title, "body": body, "data": {"order_number": order.order_number, **data}},
    )


def _live_payments(order):
    return list(order.payments.filter(status__in=LIVE_PAYMENTS).order_by("created_at"))


# confirm, start processing, deliver -------------------------------------------------------------


@retry_on_conflict()
def confirm(*, order, user=None, notes=""):
    """A pending order is accepted by the shop."""
    order = _lock(order)
    transition_order(order=order, to_status=S.CONFIRMED, user=user, notes=notes)
    _tell(
        order,
        Event.ORDER_CONFIRMED,
        title=f"Order {order.order_number} is confirmed",
        body=f"We have your order {order.order_number} and are getting it ready.",
    )
    return order


@retry_on_conflict()
def start_processing(*, order, user=None, notes=""):
    """The warehouse starts picking a confirmed order. (No mail: nothing the customer must know.)"""
    order = _lock(order)
    return transition_order(order=order, to_status=S.PROCESSING, user=user, notes=notes or "Picking")


@retry_on_conflict()
def deliver(*, order, user=None, notes=""):
    """The customer has every parcel of a shipped order."""
    order = _lock(order)
    transition_order(order=order, to_status=S.DELIVERED, user=user, notes=notes)
    mark_shipments_delivered(order=order)
    _tell(
        order,
        Event.ORDER_DELIVERED,
        title=f"Order {order.order_number} was delivered",
        body=f"Your order {order.order_number} has arrived. Enjoy it!",
    )
    return order


# ship ---------------------------------------------------------------------------------------------


def _lines_to_ship(order, lines):
    """[(order_item, units)]: what is asked, checked against what is left to ship; everything left
    when nothing is asked. Also returns whether the order is then fully shipped."""
    items = {item.pk: item for item in order.items.select_related("product", "variant")}
    shipped = shipped_quantities(order)
    left = {pk: item.quantity - shipped.get(pk, 0) for pk, item in items.items()}
    if lines is None:
        lines = [Line(item, left[pk]) for pk, item in items.items() if left[pk] > 0]
    wanted = {}
    for line in lines:
        if line.order_item.pk not in items:
            raise InvalidShipment("Only items of this order can ship with it.", fields={"items": "order"})
        wanted[line.order_item.pk] = wanted.get(line.order_item.pk, 0) + line.quantity
    for pk, units in wanted.items():
        if not 0 < units <= left[pk]:
            raise InvalidShipment(
                f"Ship between 1 and {left[pk]} of “{items[pk].product_name}”; {units} asked.",
                fields={"items": {str(pk): units}},
            )
    if not wanted:
        raise InvalidShipment(f"Order {order.order_number} has nothing left to ship.", fields={"items": []})
    complete = all(wanted.get(pk, 0) == units for pk, units in left.items())
    return [(items[pk], units) for pk, units in wanted.items()], complete


def _capture_for(order, lines, complete):
    """Capture what the shipped items cost: the last shipment takes whatever is left authorised."""
    amount = None if complete else share_of_total(order, lines)
    for payment in _live_payments(order):
        left = payment.amount - payment.amount_captured
        if left <= 0 or amount == 0:
            continue
        part = left if amount is None else min(amount, left)
        capture_payment(payment=payment, amount=part)
        if amount is not None:
            amount -= part


def _tracking_url(carrier, tracking_number):
    template = carrier.tracking_url_template
    return template.replace("{tracking_number}", tracking_number) if template and tracking_number else ""


@retry_on_conflict()
def ship(*, order, carrier, tracking_number="", lines=None, estimated_delivery=None, user=None):
    """Hand items of a processing order to `carrier` (a shipping.Carrier): all that is left, or
    `lines` (Line values). Their held stock leaves the warehouse and what they cost is captured.
    The order is shipped once every unit is in a shipment; until then it stays processing.
    Returns the OrderShipment."""
    order = _lock(order)
    if order.status != S.PROCESSING:
        raise IllegalTransition(order=order, to_status=S.SHIPPED)
    if not carrier.is_active:
        raise InvalidShipment(f"{carrier.name} no longer ships for the shop.", fields={"carrier": carrier.code})
    lines, complete = _lines_to_ship(order, lines)
    shipment = create_shipment(
        order=order,
        carrier=carrier,
        lines=lines,
        tracking_number=tracking_number,
        tracking_url=_tracking_url(carrier, tracking_number),
        estimated_delivery=estimated_delivery,
    )
    consume_reservations(order=order, lines=[(item.product, item.variant, units) for item, units in lines], user=user)
    _capture_for(order, lines, complete)
    # The first money taken makes the sale: its invoice is for the whole order (later parcels reuse it).
    issue_invoice(order=order)
    units = sum(units for _, units in lines)
    notes = f"{units} item(s) shipped with {carrier.name}"
    if tracking_number:
        notes += f", tracking {tracking_number}"
    if complete:
        transition_order(order=order, to_status=S.SHIPPED, user=user, notes=notes)
    else:
        record_step(order=order, notes=f"Partly shipped: {notes}", user=user)
    _tell(
        order,
        Event.ORDER_SHIPPED,
        title=f"Order {order.order_number} is on its way",
        body=f"{notes}." + (f" Track it: {shipment.tracking_url}" if shipment.tracking_url else ""),
        carrier=carrier.name,
        tracking_number=tracking_number,
        tracking_url=shipment.tracking_url,
        complete=complete,
    )
    return shipment


# cancel -------------------------------------------------------------------------------------------


def _give_money_back(order, *, reason, user):
    """Void what was only authorised, refund what was captured."""
    for payment in _live_payments(order):
        if payment.status == PaymentStatus.AUTHORIZED and payment.amount_captured == 0:
            void_payment(payment=payment)
        elif payment.refundable_amount > 0:
            issue_credit_note(
                refund=refund_payment(payment=payment, amount=payment.refundable_amount, reason=reason, user=user)
            )


@retry_on_conflict()
def cancel(*, order, user=None, reason="Order cancelled"):
    """Call off an order nothing of which has shipped: its held stock and coupon use are given
    back, its authorisation voided or its captured money refunded."""
    order = _lock(order)
    if not can_transition(order, S.CANCELLED):
        raise IllegalTransition(order=order, to_status=S.CANCELLED)
    if order.shipments.exists():
        raise FulfilmentError(
            f"Part of order {order.order_number} has shipped: it cannot be cancelled; refund it instead.",
            code="already_shipped",
        )
    transition_order(order=order, to_status=S.CANCELLED, user=user, notes=reason)
    release_reservations(order=order, reason=reason, user=user)
    release_coupon(order=order)
    _give_money_back(order, reason=reason, user=user)
    _tell(
        order,
        Event.ORDER_CANCELLED,
        title=f"Order {order.order_number} is cancelled",
        body=f"Your order {order.order_number} is cancelled ({reason}). You are not charged for it.",
        reason=reason,
    )
    return order


# refund -------------------------------------------------------------------------------------------


def _restock_plan(order, lines):
    """[(order_item, units, warehouse id)]: the refunded units go back to the shelf they shipped
    from; never more units than shipped and not already put back (the ledger counts both)."""
    plan = []
    for item, units in lines:
        shipped, returned, warehouse_id = order_item_stock_flow(order=order, product=item.product, variant=item.variant)
        if units > shipped - returned:
            raise InvalidRefund(
                f"Only {shipped - returned} of “{item.product_name}” shipped and can go back into stock.",
                fields={"restock": {str(item.pk): units}},
            )
        plan.append((item, units, warehouse_id))
    return plan


def _restock(order, plan, *, reason, user):
    for item, units, warehouse_id in plan:
        restock(
            product=item.product,
            variant=item.variant,
            warehouse=Warehouse.objects.get(pk=warehouse_id),
            quantity=units,
            order=order,
            reason=f"Refund: {reason}",
            user=user,
        )


def _refund_lines(order, lines):
    items = {item.pk: item for item in order.items.select_related("product", "variant")}
    checked = []
    for line in lines:
        item = items.get(line.order_item.pk)
        if item is None:
            raise InvalidRefund("Only items of this order can be refunded with it.", fields={"items": "order"})
        if not 0 < line.quantity <= item.quantity:
            raise InvalidRefund(
                f"Refund between 1 and {item.quantity} of “{item.product_name}”.",
                fields={"items": {str(item.pk): line.quantity}},
            )
        checked.append((item, line.quantity))
    return checked


def _nothing_left_to_charge(payments):
    return all(p.refundable_amount == 0 and p.amount_captured == p.amount for p in payments)


@retry_on_conflict()
def refund(*, order, reason, amount=None, lines=None, restock_items=False, user=None):
    """Give money back on an order: `amount`, or the value of `lines` (Line values, at their price
    less their share of the discount), or, with neither, everything captured and not yet refunded.
    `restock_items` puts the lines' units back into stock. When nothing is left captured nor to be
    captured, the order is refunded and any stock still held for it is released.

    With a `user`, a refund above settings.SUPPORT_REFUND_LIMIT needs payments.refund_above_limit.
    Returns the Refund rows.
    """
    order = _lock(order)
    if not reason.strip():
        raise InvalidRefund("Say why the money goes back.", fields={"reason": reason})
    if order.status in (S.PENDING, S.CANCELLED, S.REFUNDED):
        raise IllegalTransition(order=order, to_status=S.REFUNDED)
    payments = _live_payments(order)
    refundable = sum((p.refundable_amount for p in payments), to_money(0))
    if refundable == 0:
        raise InvalidRefund(
            f"Nothing paid on order {order.order_number} is left to refund: money is taken as it ships.",
            fields={"amount": "0.00"},
        )
    lines = _refund_lines(order, lines or [])
    if restock_items and not lines:
        raise InvalidRefund("Choose the items to put back into stock.", fields={"restock": "items"})
    restock_plan = _restock_plan(order, lines) if restock_items else []
    if amount is None:
        amount = refund_value(order, lines) if lines else refundable
    amount = to_money(amount)
    if amount <= 0 or amount > refundable:
        raise InvalidRefund(
            f"A refund of order {order.order_number} is between 0.01 and {refundable} {order.currency}; "
            f"{amount} asked.",
            fields={"amount": str(amount)},
        )
    ensure_refund_within_limit(user=user, amount=amount, currency=order.currency)

    refunds, left = [], amount
    for payment in payments:
        part = min(left, payment.refundable_amount)
        if part > 0:
            refunds.append(refund_payment(payment=payment, amount=part, reason=reason, user=user))
            issue_credit_note(refund=refunds[-1])
            left -= part
    _restock(order, restock_plan, reason=reason, user=user)

    notes = f"Refunded {amount} {order.currency}: {reason}"
    if _nothing_left_to_charge(_live_payments(order)):
        transition_order(order=order, to_status=S.REFUNDED, user=user, notes=notes)
        release_reservations(order=order, reason="Order refunded", user=user)
    else:
        record_step(order=order, notes=notes, user=user)
    _tell(
        order,
        Event.ORDER_REFUNDED,
        title=f"{amount} {order.currency} refunded on order {order.order_number}",
        body=f"We have refunded {amount} {order.currency} on your order {order.order_number} ({reason}).",
        amount=str(amount),
        currency=order.currency,
    )
    return refunds
