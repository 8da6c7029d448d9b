"""Writes of payments: authorise, capture, void and refund through the configured gateway.

Every gateway call leaves a PaymentTransaction row, successful or not. A gateway that refuses a
capture, void or refund raises GatewayDeclined once the service's transaction has committed (when the
service owns the outermost transaction), so the attempt stays on record.

These are money primitives: they never change an order. The order operations that move money
(ship captures, cancel voids or refunds, refund) are apps.fulfilment.services.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.money import to_money

from .exceptions import (
    GatewayDeclined,
    PaymentError,
    PaymentStateError,
    RefundAboveLimit,
    RefundExceedsCaptured,
)
from .gateways import get_gateway
from .models import Payment, PaymentMethod, PaymentStatus, PaymentTransaction, Refund
from .selectors import own_payment_method

Kind = PaymentTransaction.Kind
CAPTURABLE = {
    PaymentStatus.AUTHORIZED,
    PaymentStatus.CAPTURED,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
}
REFUNDABLE = {PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED}


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
def authorize_payment(*, order, card=None, payment_method=None):
    """Ask the gateway to hold the order's total on the card, or on the saved `payment_method`.

    Returns the Payment: `authorized`, or `failed` with the gateway's failure_code and failure_message
    (a declined card is an answer, not an error: the caller decides, e.g. release the order's stock).
    Only the card's brand and last four digits are stored.
    """
    gateway = get_gateway()
    if payment_method is not None:
        brand, last_four = payment_method.card_brand, payment_method.card_last_four
    else:
        brand, last_four = card.brand, card.last_four
    payment = Payment.objects.create(
        order=order,
        amount=order.total,
        currency=order.currency,
        gateway=gateway.name,
        card_brand=brand,
        card_last_four=last_four if len(last_four) == 4 else "",
    )
    if payment_method is not None:
        result = gateway.authorize_token(payment.amount, payment.currency, payment_method.token)
    else:
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
def pay_for_order(*, order, card=None, payment_method=None):
    """Checkout's payment step: authorise (a card, or a saved payment method), and capture at once when
    PAYMENT_CAPTURE_ON_CHECKOUT is on (otherwise the money is captured as the order ships, by
    apps.fulfilment)."""
    payment = authorize_payment(order=order, card=card, payment_method=payment_method)
    if payment.status == PaymentStatus.AUTHORIZED and settings.PAYMENT_CAPTURE_ON_CHECKOUT:
        payment = capture_payment(payment=payment)
    return payment


def capture_payment(*, payment, amount=None):
    """Take `amount` of the authorisation (all that is left of it by default).

    A payment may be captured in several parts, e.g. one per shipment, never beyond what was
    authorised: the payment row is locked, so simultaneous captures cannot together exceed it.
    """
    with transaction.atomic():
        payment = _lock(payment)
        _require_status(payment, CAPTURABLE, "capture")
        left = payment.amount - payment.amount_captured
        amount = left if amount is None else to_money(amount)
        if not 0 < amount <= left:
            raise PaymentError(
                f"A capture must be between 0.01 and {left} {payment.currency}: "
                f"{payment.amount_captured} of {payment.amount} is already captured.",
                fields={"amount": amount},
            )
        result = get_gateway().capture(payment.gateway_reference, amount)
        _record(payment, Kind.CAPTURE, amount, result)
        if result.succeeded:
            payment.amount_captured += amount
            payment.status = _status_after_money_moved(payment)
            payment.captured_at = timezone.now()
            payment.save(update_fields=["status", "amount_captured", "captured_at", "updated_at"])
    _raise_if_declined(result)
    return payment


def _status_after_money_moved(payment):
    if payment.amount_refunded == 0:
        return PaymentStatus.CAPTURED
    return PaymentStatus.REFUNDED if payment.refundable_amount == 0 else PaymentStatus.PARTIALLY_REFUNDED


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


def ensure_refund_within_limit(*, user, amount, currency):
    """Refuse a refund larger than settings.SUPPORT_REFUND_LIMIT by staff without
    payments.refund_above_limit (Support refunds small amounts; larger ones need a manager)."""
    limit = settings.SUPPORT_REFUND_LIMIT
    if user is None:  # the shop's own refunds (tasks, cancellations by the system) have no ceiling
        return
    if to_money(amount) > limit and not user.has_perm("payments.refund_above_limit"):
        raise RefundAboveLimit(
            f"Refunding {to_money(amount)} {currency} needs a manager: you may refund up to {limit} {currency}.",
            fields={"amount": str(to_money(amount))},
        )


def refund_payment(*, payment, amount, reason, user):
    """Give back `amount` of a captured payment, with the reason and who did it.

    Never more than captured minus already refunded: the payment row is locked, so simultaneous
    refunds cannot together exceed it. Returns the Refund.
    """
    amount = to_money(amount)
    if amount <= 0:
        raise PaymentError("A refund must be more than zero.", fields={"amount": amount})
    with transaction.atomic():
        payment = _lock(payment)
        _require_status(payment, REFUNDABLE, "refund")
        if amount > payment.refundable_amount:
            raise RefundExceedsCaptured(
                f"Cannot refund {amount} {payment.currency}: only {payment.refundable_amount} {payment.currency} "
                "of this payment is left to refund.",
                fields={"amount": amount},
            )
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
            payment.amount_refunded += amount
            payment.status = _status_after_money_moved(payment)
            payment.save(update_fields=["amount_refunded", "status", "updated_at"])
    _raise_if_declined(result)
    return refund


# Saved cards ----------------------------------------------------------------------------------


def _lock_methods(user):
    """Lock the user's saved cards (in primary-key order), so two changes of the default never cross."""
    return list(PaymentMethod.objects.select_for_update().filter(user=user).order_by("pk"))


@transaction.atomic
def save_payment_method(*, user, card):
    """Keep `card` at the gateway for later payments and store its token (encrypted), brand, last four
    and expiry; never the number. The first saved card becomes the default. Raises GatewayDeclined when
    the gateway refuses the card."""
    result = get_gateway().tokenize(card)
    if not result.succeeded:
        raise GatewayDeclined(result.error_message or "The card could not be saved.", code=result.error_code or None)
    has_default = any(method.is_default for method in _lock_methods(user))
    return PaymentMethod.objects.create(
        user=user,
        gateway=get_gateway().name,
        token=result.reference,
        card_brand=card.brand or "card",
        card_last_four=card.last_four,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
        is_default=not has_default,
    )


@transaction.atomic
def set_default_payment_method(*, user, payment_method_id):
    method = own_payment_method(user=user, payment_method_id=payment_method_id)
    _lock_methods(user)
    # Two statements: the one-default unique index is checked row by row.
    PaymentMethod.objects.filter(user=user, is_default=True).exclude(pk=method.pk).update(is_default=False)
    PaymentMethod.objects.filter(pk=method.pk).update(is_default=True)
    method.is_default = True
    return method


@transaction.atomic
def delete_payment_method(*, user, payment_method_id):
    """Forget a saved card; when it was the default, the newest remaining card becomes the default."""
    method = own_payment_method(user=user, payment_method_id=payment_method_id)
    _lock_methods(user)
    method.delete()
    if method.is_default:
        newest = PaymentMethod.objects.filter(user=user).order_by("-created_at").first()
        if newest is not None:
            PaymentMethod.objects.filter(pk=newest.pk).update(is_default=True)
