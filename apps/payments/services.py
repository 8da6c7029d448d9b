"""Writes of payments: authorise, capture, void and refund through the configured gateway.

Every gateway call leaves a PaymentTransaction row, successful or not. A gateway that refuses a
capture, void or refund raises GatewayDeclined once the service's transaction has committed (when the
service owns the outermost transaction), so the attempt stays on record.

These are money primitives: they never change an order. The order operations that move money
(ship captures, cancel voids or refunds, refund) are apps.fulfilment.services.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.money import to_money

from .exceptions import GatewayDeclined, PaymentError, PaymentStateError, RefundAboveLimit, RefundExceedsCaptured
from .gateways import Card, GatewayResult, get_gateway
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


def _transaction(payment, kind, amount, result) -> PaymentTransaction:
    """The (unsaved) record of one gateway call."""
    return PaymentTransaction(
        payment=payment,
        kind=kind,
        amount=amount,
        succeeded=result.succeeded,
        gateway_reference=result.reference,
        error_code=result.error_code,
        response=result.data,
    )


def _record(payment, kind, amount, result):
    record = _transaction(payment, kind, amount, result)
    record.save()
    return record


def _lock(payment):
    return Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)


def _require_status(payment, allowed, action):
    if payment.status not in allowed:
        raise PaymentStateError(f"Cannot {action} a payment that is {payment.get_status_display().lower()}.")


def _raise_if_declined(result):
    if not result.succeeded:
        raise GatewayDeclined(result.error_message or "The payment provider refused.", code=result.error_code or None)


# Charging before the order exists -----------------------------------------------------------------


@dataclass(frozen=True)
class CardToken:
    """A card kept at the gateway: its token and what may be shown of it."""

    reference: str
    brand: str
    last_four: str
    exp_month: int
    exp_year: int

    @classmethod
    def of(cls, method: PaymentMethod) -> "CardToken":
        return cls(method.token, method.card_brand, method.card_last_four, method.exp_month, method.exp_year)


@dataclass(frozen=True)
class Charge:
    """Money held (and perhaps taken) at the gateway before there is an order to pin it on."""

    gateway: str
    amount: object
    currency: str
    brand: str
    last_four: str
    authorization: GatewayResult
    capture: GatewayResult | None = None

    @property
    def succeeded(self):
        return self.authorization.succeeded and (self.capture is None or self.capture.succeeded)

    @property
    def refusal(self) -> GatewayResult:
        return self.capture if self.capture is not None and not self.capture.succeeded else self.authorization


def charge_card(
    *, amount, currency, card: Card | None = None, token: CardToken | None = None, idempotency_key=None, capture=False
) -> Charge:
    """Authorise `amount` on `card`, or on a kept card's `token` (and capture it with `capture`) at
    the gateway; writes nothing.

    Checkout calls this before its transaction so that no row is locked while the gateway answers;
    the gateway's idempotency key makes a repeated call hold the money once. A refused capture
    voids the authorisation it followed.
    """
    gateway = get_gateway()
    if token is not None:
        authorization = gateway.authorize_token(amount, currency, token.reference, idempotency_key=idempotency_key)
        brand, last_four = token.brand, token.last_four
    else:
        authorization = gateway.authorize(amount, currency, card, idempotency_key=idempotency_key)
        brand, last_four = card.brand, card.last_four
    captured = None
    if authorization.succeeded and capture:
        captured = gateway.capture(authorization.reference, amount)
        if not captured.succeeded:
            gateway.void(authorization.reference)
    return Charge(gateway.name, amount, currency, brand, last_four, authorization, captured)


def cancel_charge(*, charge: Charge):
    """Give back a successful Charge no order was written for: void it, or refund what was taken."""
    gateway = get_gateway()
    if charge.capture is not None:
        gateway.refund(charge.authorization.reference, charge.amount)
    else:
        gateway.void(charge.authorization.reference)


def record_charge(*, order, charge: Charge) -> Payment:
    """The order's Payment and its gateway transactions, from a Charge made before the order existed.

    Only the card's brand and last four digits are stored.
    """
    result = charge.authorization
    payment = Payment(
        order=order,
        amount=charge.amount,
        currency=charge.currency,
        gateway=charge.gateway,
        card_brand=charge.brand,
        card_last_four=charge.last_four if len(charge.last_four) == 4 else "",
    )
    if result.succeeded:
        payment.status = PaymentStatus.AUTHORIZED
        payment.gateway_reference = result.reference
        payment.authorized_at = timezone.now()
    else:
        payment.status = PaymentStatus.FAILED
        payment.failure_code = result.error_code
        payment.failure_message = result.error_message
    if charge.capture is not None and charge.capture.succeeded:
        payment.status = PaymentStatus.CAPTURED
        payment.amount_captured = charge.amount
        payment.captured_at = payment.authorized_at
    payment.save()
    kinds = [(Kind.AUTHORIZE, result)] + ([(Kind.CAPTURE, charge.capture)] if charge.capture is not None else [])
    PaymentTransaction.objects.bulk_create(_transaction(payment, kind, charge.amount, answer) for kind, answer in kinds)
    return payment


@transaction.atomic
def authorize_payment(*, order, card=None, payment_method=None):
    """Ask the gateway to hold the order's total on the card, or on the saved `payment_method`.

    Returns the Payment: `authorized`, or `failed` with the gateway's failure_code and failure_message
    (a declined card is an answer, not an error: the caller decides, e.g. release the order's stock).
    """
    token = CardToken.of(payment_method) if payment_method is not None else None
    charge = charge_card(amount=order.total, currency=order.currency, card=card, token=token)
    return record_charge(order=order, charge=charge)


@transaction.atomic
def pay_for_order(*, order, card=None, payment_method=None):
    """Authorise (a card, or a saved payment method), and capture at once when
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


def tokenize_card(*, card: Card) -> CardToken:
    """Keep `card` at the gateway (no row written); raises GatewayDeclined when the gateway refuses it."""
    result = get_gateway().tokenize(card)
    if not result.succeeded:
        raise GatewayDeclined(result.error_message or "The card could not be saved.", code=result.error_code or None)
    return CardToken(result.reference, card.brand or "card", card.last_four, card.exp_month, card.exp_year)


@transaction.atomic
def keep_payment_method(*, user, token: CardToken) -> PaymentMethod:
    """Store a kept card's token (encrypted), brand, last four and expiry; never the number. The first
    saved card becomes the default."""
    has_default = any(method.is_default for method in _lock_methods(user))
    return PaymentMethod.objects.create(
        user=user,
        gateway=get_gateway().name,
        token=token.reference,
        card_brand=token.brand,
        card_last_four=token.last_four,
        exp_month=token.exp_month,
        exp_year=token.exp_year,
        is_default=not has_default,
    )


def save_payment_method(*, user, card):
    """Keep `card` for later payments: the gateway call first, then the row, so no lock waits on the
    gateway. Raises GatewayDeclined when the gateway refuses the card."""
    return keep_payment_method(user=user, token=tokenize_card(card=card))


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
