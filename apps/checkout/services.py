"""The cart-to-order transaction: check everything, price, write the order, hold stock, redeem the
coupon, take the payment, empty the cart, all or nothing.

Choices made here (issue #5):

- A refused payment rolls everything back: no order, no held stock, no used coupon, no payment row;
  the cart stays as it was so the shopper can try another card. The refusal reaches the caller as
  PaymentDeclined with the gateway's message and failure code, and is logged (never the card number),
  which is where operations see failed attempts.
- Payment is the last step that can refuse, so nothing after a successful authorisation undoes it.
- An authorised (or, with PAYMENT_CAPTURE_ON_CHECKOUT, captured) order is `confirmed` at once; the
  money is captured as it ships (apps.fulfilment). An order that costs nothing (a 100 % coupon,
  free shipping) has no payment and is confirmed with the note "Nothing to pay".
- Idempotency: a key is scoped to its owner (the user, or the guest's cart) so one shopper's key
  never finds another's order. Requests with the same key queue on a transaction-level advisory
  lock; the first places the order and every later one gets that same order back, whatever its cart
  holds by then. A request whose payment was refused left nothing behind, so its key is free again.
"""

import hashlib
import hmac
import json
import logging
import uuid
from dataclasses import asdict, is_dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection

from apps.cart.pricing import PriceBreakdown, calculate_price_breakdown
from apps.cart.selectors import CartContents, get_cart_contents
from apps.cart.services import clear_cart
from apps.core.db import retry_on_conflict
from apps.core.models import AddressType
from apps.inventory.exceptions import OutOfStock as InventoryOutOfStock
from apps.inventory.services import reserve_stock
from apps.orders.models import Order, OrderAddress, OrderItem, OrderStatus, OrderStatusHistory
from apps.orders.services import next_order_number
from apps.payments.exceptions import GatewayDeclined, PaymentMethodNotFound
from apps.payments.models import PaymentStatus
from apps.payments.selectors import own_payment_method
from apps.payments.services import pay_for_order, save_payment_method
from apps.promotions.exceptions import CouponError
from apps.promotions.services import applicable_promotions, record_promotion_usage, redeem_coupon, validate_coupon
from apps.shipping.exceptions import ShippingMethodUnavailable
from apps.shipping.selectors import get_method_for_address

from .addresses import CheckoutAddress, clean_addresses
from .emails import notify_order_placed
from .exceptions import (
    CartChanged,
    CheckoutError,
    CouponRejected,
    EmptyCart,
    IdempotencyKeyReused,
    InvalidEmail,
    InvalidIdempotencyKey,
    OutOfStock,
    PaymentDeclined,
    SavedCardNotFound,
    ShippingUnavailable,
)

logger = logging.getLogger(__name__)


@retry_on_conflict()
def place_order(
    *,
    cart,
    customer_email,
    shipping_address,
    billing_address=None,
    shipping_method_id,
    card=None,
    payment_method_id=None,
    save_card=False,
    user=None,
    idempotency_key=None,
) -> Order:
    """Turn `cart` into a confirmed, paid-for (authorised) order and return it.

    Addresses are CheckoutAddress values or dicts with the fields of an order address (see
    address_from_saved for the address book); billing defaults to shipping. The order is paid with
    `card`, or with the signed-in shopper's saved card `payment_method_id`; `save_card` keeps `card`
    for later (tokenised by the gateway: apps.payments.services.save_payment_method). Raises a CheckoutError
    subclass, with `fields` naming the bad input, and then nothing at all was written.
    """
    user = user if user is not None and user.is_authenticated else None
    _check_owner(cart, user)
    key = _scoped_key(idempotency_key, cart=cart, user=user)
    fingerprint = _request_fingerprint(
        customer_email=customer_email,
        shipping_address=shipping_address,
        billing_address=billing_address,
        shipping_method_id=shipping_method_id,
        card=card,
    )
    if key is not None:
        _lock_key(key)
        existing = Order.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _replayed(existing, fingerprint, idempotency_key)

    customer_email = _clean_email(customer_email)
    payment_method = _saved_card(payment_method_id, user) if payment_method_id is not None else None
    if card is None and payment_method is None:
        raise CheckoutError("Enter a card or choose a saved one.", code="card_required", fields={"card": "required"})
    shipping_address, billing_address = clean_addresses(shipping=shipping_address, billing=billing_address)
    contents = _checked_contents(cart)
    method = _shipping_method(shipping_method_id, shipping_address)
    coupon = _valid_coupon(cart, contents.subtotal, user)
    breakdown = calculate_price_breakdown(
        lines=contents.lines,
        coupon=coupon,
        promotions=applicable_promotions(lines=contents.lines, user=user),
        shipping_method=method,
        country_code=shipping_address.country_code,
        state=shipping_address.state,
        currency=cart.currency,
    )

    order = _create_order(
        contents=contents,
        breakdown=breakdown,
        customer_email=customer_email,
        shipping_address=shipping_address,
        billing_address=billing_address,
        method=method,
        user=user,
        idempotency_key=key,
        idempotency_fingerprint=fingerprint if key is not None else "",
    )
    _reserve(order, contents)
    _redeem(order, breakdown, coupon, user)
    if save_card and user is not None and payment_method is None:
        payment_method = _save_card(card, user)
    paid = _pay(order, card, payment_method)
    OrderStatusHistory.objects.create(
        order=order, previous_status=OrderStatus.PENDING, status=OrderStatus.CONFIRMED, notes=paid, created_by=user
    )
    clear_cart(cart=cart)
    notify_order_placed(order=order)
    return order


# Who may check out, and the idempotency key ------------------------------------------------------


def _check_owner(cart, user):
    if cart.user_id is not None and (user is None or cart.user_id != user.pk):
        raise CheckoutError("This cart belongs to another account.", code="cart_not_yours", fields={"cart": "owner"})


# A client's key is stored as `<owner's 32 hex digits>:<key>` in orders.idempotency_key.
IDEMPOTENCY_KEY_MAX_LENGTH = Order._meta.get_field("idempotency_key").max_length - 33


def _scoped_key(key, *, cart, user) -> str | None:
    """`<owner>:<key>`, the owner being the user or, for a guest, the cart."""
    if key is None:
        return None
    owner = (user.pk if user else cart.pk).hex
    longest = IDEMPOTENCY_KEY_MAX_LENGTH
    key = str(key).strip()
    if not 0 < len(key) <= longest:
        raise InvalidIdempotencyKey(
            f"An idempotency key has 1 to {longest} characters.", fields={"idempotency_key": key[:longest]}
        )
    return f"{owner}:{key}"


def _request_fingerprint(**inputs) -> str:
    """A keyed hash of what the shopper sent (the card number never stored, not even hashed bare)."""

    def plain(value):
        if is_dataclass(value):
            return plain(asdict(value))
        if isinstance(value, dict):
            return {name: plain(item) for name, item in value.items()}
        return value

    canonical = json.dumps(plain(inputs), sort_keys=True, default=str)
    return hmac.new(settings.SECRET_KEY.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def _replayed(order, fingerprint, key):
    """The order this key placed, if the request is the same one; orders from before fingerprints
    were kept match any request."""
    if order.idempotency_fingerprint and order.idempotency_fingerprint != fingerprint:
        message = f"The Idempotency-Key “{key}” was already used for a different checkout request."
        raise IdempotencyKeyReused(message, fields={"idempotency_key": [message]})
    return order


def _lock_key(key):
    """Queue behind any transaction placing an order with the same key, until it commits or rolls back.

    hashtext() may give two keys the same number; they then merely wait for each other.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


# Validation: everything is checked before the first write ---------------------------------------


def _clean_email(email) -> str:
    email = str(email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        valid = False
    else:
        valid = len(email) <= Order._meta.get_field("customer_email").max_length
    if not valid:
        raise InvalidEmail(
            f"“{email}” is not a valid email address." if email else "Enter your email address.",
            fields={"customer_email": "Enter a valid email address."},
        )
    return email


def _checked_contents(cart) -> CartContents:
    """The cart's lines, refused when empty, short of stock, or changed since the shopper saw them."""
    contents = get_cart_contents(cart=cart)
    if not contents.lines and not contents.messages:
        raise EmptyCart("Your cart is empty.", fields={"cart": "empty"})
    short = [line for line in contents.lines if not line.in_stock]
    if short:
        raise OutOfStock(
            " ".join(f"Only {line.available} of “{line.name}” available; {line.quantity} requested." for line in short),
            fields={"products": [str(line.product.pk) for line in short]},
        )
    changed = [*contents.messages, *(warning for line in contents.lines for warning in line.warnings)]
    if changed:
        raise CartChanged(
            " ".join(changed) + " Please review your cart before placing the order.", fields={"cart": changed}
        )
    return contents


def _shipping_method(method_id, address: CheckoutAddress):
    try:
        return get_method_for_address(
            method_id=uuid.UUID(str(method_id)), country_code=address.country_code, state=address.state
        )
    except (ValueError, ShippingMethodUnavailable):
        raise ShippingUnavailable(
            "This shipping method does not deliver to the chosen address.",
            fields={"shipping_method_id": str(method_id)},
        ) from None


def _coupon_refused(refusal: CouponError, code: str) -> CouponRejected:
    return CouponRejected(refusal.message, code=refusal.code, fields={"coupon_code": code})


def _valid_coupon(cart, subtotal, user):
    if cart.coupon_id is None:
        return None
    try:
        return validate_coupon(code=cart.coupon.code, subtotal=subtotal, user=user)
    except CouponError as refusal:
        raise _coupon_refused(refusal, cart.coupon.code) from refusal


# Writing the order ----------------------------------------------------------------------------


def _create_order(
    *,
    contents,
    breakdown: PriceBreakdown,
    customer_email,
    shipping_address,
    billing_address,
    method,
    user,
    idempotency_key,
    idempotency_fingerprint,
) -> Order:
    """The order with its line, address and first status snapshots.

    It is written confirmed: a refused payment rolls it back, so no one ever sees it pending, and
    the history still tells both steps (placed, then confirmed by the payment: see place_order).

    The amounts are the breakdown's; the database's deferred totals trigger recomputes the subtotal
    from the lines at commit and arrives at the same figures.
    """
    order = Order.objects.create(
        order_number=next_order_number(),
        user=user,
        status=OrderStatus.CONFIRMED,
        currency=breakdown.currency,
        subtotal=breakdown.subtotal,
        discount=breakdown.discount,
        shipping=breakdown.shipping,
        tax=breakdown.tax,
        total=breakdown.total,
        customer_email=customer_email,
        customer_phone=shipping_address.phone,
        coupon_code=breakdown.coupon_code,
        shipping_method=method,
        shipping_method_name=method.name,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=idempotency_fingerprint,
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product=line.product,
            variant=line.variant,
            product_name=line.product.name,
            variant_name=line.variant.name if line.variant else "",
            sku=(line.variant or line.product).sku,
            image_url=line.image.url if line.image else "",
            quantity=line.quantity,
            unit_price=line.unit_price,
            subtotal=line.line_total,
        )
        for line in contents.lines
    )
    OrderAddress.objects.bulk_create(
        [
            OrderAddress(order=order, address_type=AddressType.SHIPPING, **shipping_address.as_dict()),
            OrderAddress(order=order, address_type=AddressType.BILLING, **billing_address.as_dict()),
        ]
    )
    OrderStatusHistory.objects.create(
        order=order, previous_status="", status=OrderStatus.PENDING, notes="Order placed", created_by=user
    )
    return order


def _reserve(order, contents):
    """Hold the stock of every line whose product counts its stock; a shortfall names the product."""
    lines = [(line.product, line.variant, line.quantity) for line in contents.lines if line.product.track_inventory]
    try:
        reserve_stock(order=order, lines=lines)
    except InventoryOutOfStock as shortage:
        raise OutOfStock(shortage.message, fields={"products": [shortage.fields["product"]]}) from shortage


def _redeem(order, breakdown: PriceBreakdown, coupon, user):
    """Count the coupon's use (its limits are enforced under a row lock here) and the promotions'."""
    if coupon is not None:
        try:
            redeem_coupon(coupon=coupon, user=user, order=order, discount_amount=breakdown.coupon_discount)
        except CouponError as refusal:
            raise _coupon_refused(refusal, coupon.code) from refusal
    for applied in breakdown.applied_promotions:
        record_promotion_usage(promotion=applied.promotion, order=order, discount_amount=applied.amount)


def _saved_card(payment_method_id, user):
    if user is None:
        raise SavedCardNotFound("Sign in to pay with a saved card.", fields={"payment_method_id": "sign_in"})
    try:
        return own_payment_method(user=user, payment_method_id=uuid.UUID(str(payment_method_id)))
    except (ValueError, PaymentMethodNotFound):
        raise SavedCardNotFound("No such saved card.", fields={"payment_method_id": str(payment_method_id)}) from None


def _save_card(card, user):
    """Keep the card for later; the payment then goes through its token. A card the gateway will not
    keep is declined like a card it will not charge."""
    try:
        return save_payment_method(user=user, card=card)
    except GatewayDeclined as refusal:
        logger.warning("Checkout card refused when saving it (%s)", refusal.code)
        raise PaymentDeclined(refusal.message, code=refusal.code, fields={"card": refusal.code}) from refusal


def _pay(order, card, payment_method) -> str:
    """Take the payment (nothing to take for a free order); the status note of the confirmation.

    Raises PaymentDeclined when the card is refused, which rolls the whole checkout back.
    """
    if order.total == 0:
        return "Nothing to pay"
    try:
        payment = pay_for_order(order=order, card=None if payment_method else card, payment_method=payment_method)
    except GatewayDeclined as refusal:
        code, message = refusal.code, refusal.message
    else:
        if payment.status == PaymentStatus.CAPTURED:
            return "Payment captured"
        if payment.status == PaymentStatus.AUTHORIZED:
            return "Payment authorised"
        code, message = payment.failure_code, payment.failure_message
    logger.warning("Checkout payment refused (%s) for %s %s", code, order.total, order.currency)
    raise PaymentDeclined(message or "Your payment was refused.", code=code or None, fields={"card": code})
