"""Writes of payments: authorise, capture, void and refund through the configured gateway, and the
two order operations that involve money (cancel with void/refund, ship with capture).

Every gateway call leaves a PaymentTransaction row, successful or not. A gateway that refuses a
capture, void or refund raises GatewayDeclined once the service's transaction has committed (when the
service owns the outermost transaction), so the attempt stays on record.

Orders sit below payments and never import them: cancelling a paid order goes through
cancel_order_and_void, shipping one through fulfil_order.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.money import to_money
from apps.inventory.models import Warehouse
from apps.inventory.services import restock as restock_goods
from apps.orders.models import OrderItem, OrderStatus
from apps.orders.services import can_transition, ship_order, transition_order

from .exceptions import GatewayDeclined, PaymentError, PaymentStateError, RefundAboveLimit, RefundExceedsCaptured
from .gateways import get_gateway
from .models import Payment, PaymentStatus, PaymentTransaction, Refund

Kind = PaymentTransaction.Kind


@dataclass(frozen=True)
class RestockLine:
    """Returned units of one order line, put back on the shelf of `warehouse` by a refund."""

    order_item: OrderItem
    quantity: int
    warehouse: Warehouse


def _record(payment, kind, amount, result):
    return PaymentTransaction.objects.create(
        payment=payment,
        kind=kind,
        amount=amount,
        succeeded=result.succeeded,
        gateway_reference=result.reference,
        error_code=result.error_code,
        response=result.data,
    )


def _lock(payment):
    return Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)


def _require_status(payment, allowed, action):
    if payment.status not in allowed:
        raise PaymentStateError(f"Cannot {action} a payment that is {payment.get_status_display().lower()}.")


def _raise_if_declined(result):
    if not result.succeeded:
        raise GatewayDeclined(result.error_message or "The payment provider refused.", code=result.error_code or None)


@transaction.atomic
def authorize_payment(*, order, card):
    """Ask the gateway to hold the order's total on the card.

    Returns the Payment: `authorized`, or `failed` with the gateway's failure_code and failure_message
    (a declined card is an answer, not an error: the caller decides, e.g. release the order's stock).
    Only the card's brand and last four digits are stored.
    """
    gateway = get_gateway()
    payment = Payment.objects.create(
        order=order,
        amount=order.total,
        currency=order.currency,
        gateway=gateway.name,
        card_brand=card.brand,
        card_last_four=card.last_four if len(card.last_four) == 4 else "",
    )
    result = gateway.authorize(payment.amount, payment.currency, card)
    _record(payment, Kind.AUTHORIZE, payment.amount, result)
    if result.succeeded:
        payment.status = PaymentStatus.AUTHORIZED
        payment.gateway_reference = result.reference
        payment.authorized_at = timezone.now()
    else:
        payment.status = PaymentStatus.FAILED
        payment.failure_code = result.error_code
        payment.failure_message = result.error_message
    payment.save()
    return payment


@transaction.atomic
def pay_for_order(*, order, card):
    """Checkout's payment step: authorise, and capture at once when PAYMENT_CAPTURE_ON_CHECKOUT is on
    (otherwise the money is captured when the order ships, by fulfil_order)."""
    payment = authorize_payment(order=order, card=card)
    if payment.status == PaymentStatus.AUTHORIZED and settings.PAYMENT_CAPTURE_ON_CHECKOUT:
        payment = capture_payment(payment=payment)
    return payment


def capture_payment(*, payment, amount=None):
    """Take the authorised amount (or part of it: the rest is released by the gateway)."""
    with transaction.atomic():
        payment = _lock(payment)
        _require_status(payment, {PaymentStatus.AUTHORIZED}, "capture")
        amount = payment.amount if amount is None else to_money(amount)
        if not 0 < amount <= payment.amount:
            raise PaymentError(
                f"A capture must be between 0.01 and {payment.amount} {payment.currency}.", fields={"amount": amount}
            )
        result = get_gateway().capture(payment.gateway_reference, amount)
        _record(payment, Kind.CAPTURE, amount, result)
        if result.succeeded:
            payment.status = PaymentStatus.CAPTURED
            payment.amount_captured = amount
            payment.captured_at = timezone.now()
            payment.save(update_fields=["status", "amount_captured", "captured_at", "updated_at"])
    _raise_if_declined(result)
    return payment


def void_payment(*, payment):
    """Drop an authorisation that was never captured; the customer is not charged."""
    with transaction.atomic():
        payment = _lock(payment)
        _require_status(payment, {PaymentStatus.AUTHORIZED}, "void")
        result = get_gateway().void(payment.gateway_reference)
        _record(payment, Kind.VOID, payment.amount, result)
        if result.succeeded:
            payment.status = PaymentStatus.VOIDED
            payment.save(update_fields=["status", "updated_at"])
    _raise_if_declined(result)
    return payment


def _validate_restock(payment, restock):
    for line in restock:
        if line.order_item.order_id != payment.order_id:
            raise PaymentError("Only goods of this payment's order can be restocked.", fields={"restock": "order"})
        if not 0 < line.quantity <= line.order_item.quantity:
            raise PaymentError(
                f"Restock between 1 and {line.order_item.quantity} of “{line.order_item.product_name}”.",
                fields={"restock": line.quantity},
            )


def _order_fully_refunded(order):
    captured = order.payments.filter(amount_captured__gt=0)
    return captured.exists() and all(p.amount_refunded == p.amount_captured for p in captured)


def ensure_refund_within_limit(*, user, amount, currency):
    """Refuse a refund larger than settings.SUPPORT_REFUND_LIMIT by staff without
    payments.refund_above_limit (Support refunds small amounts; larger ones need a manager)."""
    limit = settings.SUPPORT_REFUND_LIMIT
    if to_money(amount) > limit and not user.has_perm("payments.refund_above_limit"):
        raise RefundAboveLimit(
            f"Refunding {to_money(amount)} {currency} needs a manager: you may refund up to {limit} {currency}.",
            fields={"amount": to_money(amount)},
        )


def refund_payment(*, payment, amount, reason, user, restock=None):
    """Give back `amount` of a captured payment, with the reason and who did it.

    Never more than captured minus already refunded: the payment row is locked, so simultaneous
    refunds cannot together exceed it. When every captured payment of the order is refunded in full,
    the order becomes `refunded` (unless it was cancelled). `restock` is a list of RestockLine: the
    returned goods go back into stock. Returns the Refund.
    """
    amount = to_money(amount)
    if amount <= 0:
        raise PaymentError("A refund must be more than zero.", fields={"amount": amount})
    restock = list(restock or [])
    with transaction.atomic():
        payment = _lock(payment)
        _require_status(payment, {PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED}, "refund")
        if amount > payment.refundable_amount:
            raise RefundExceedsCaptured(
                f"Cannot refund {amount} {payment.currency}: only {payment.refundable_amount} {payment.currency} "
                "of this payment is left to refund.",
                fields={"amount": amount},
            )
        _validate_restock(payment, restock)
        result = get_gateway().refund(payment.gateway_reference, amount)
        _record(payment, Kind.REFUND, amount, result)
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            status=Refund.Status.SUCCEEDED if result.succeeded else Refund.Status.FAILED,
            reason=reason,
            gateway_reference=result.reference,
            created_by=user,
        )
        if result.succeeded:
            _apply_refund(payment, amount=amount, reason=reason, user=user, restock=restock)
    _raise_if_declined(result)
    return refund


def _apply_refund(payment, *, amount, reason, user, restock):
    payment.amount_refunded += amount
    payment.status = PaymentStatus.REFUNDED if payment.refundable_amount == 0 else PaymentStatus.PARTIALLY_REFUNDED
    payment.save(update_fields=["amount_refunded", "status", "updated_at"])
    order = payment.order
    for line in restock:
        restock_goods(
            product=line.order_item.product,
            variant=line.order_item.variant,
            warehouse=line.warehouse,
            quantity=line.quantity,
            order=order,
            reason=f"Refund: {reason}",
            user=user,
        )
    if can_transition(order, OrderStatus.REFUNDED) and _order_fully_refunded(order):
        transition_order(order=order, to_status=OrderStatus.REFUNDED, user=user, notes=reason)


@transaction.atomic
def cancel_order_and_void(*, order, user, reason="Order cancelled"):
    """Cancel an order and give its money back: authorisations are voided, captured amounts refunded.

    The order's reserved stock is released by the cancellation itself. All or nothing: if the gateway
    refuses, the order stays as it was.
    """
    order = transition_order(order=order, to_status=OrderStatus.CANCELLED, user=user, notes=reason)
    for payment in order.payments.filter(
        status__in=[PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED]
    ):
        if payment.status == PaymentStatus.AUTHORIZED:
            void_payment(payment=payment)
        else:
            refund_payment(payment=payment, amount=payment.refundable_amount, reason=reason, user=user)
    return order


@transaction.atomic
def fulfil_order(*, order, carrier, tracking_number="", tracking_url="", estimated_delivery=None, user=None):
    """Ship the order (its reserved stock leaves the warehouse) and capture its authorised payments.

    If a capture is refused, nothing ships. Returns the OrderShipment.
    """
    shipment = ship_order(
        order=order,
        carrier=carrier,
        tracking_number=tracking_number,
        tracking_url=tracking_url,
        estimated_delivery=estimated_delivery,
        user=user,
    )
    for payment in order.payments.filter(status=PaymentStatus.AUTHORIZED):
        capture_payment(payment=payment)
    return shipment
