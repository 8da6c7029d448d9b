"""The cart-to-order transaction: check everything, price, write the order, hold stock, redeem the
coupon, take the payment, empty the cart, all or nothing.

Choices made here (issue #5):

- A refused payment rolls everything back: no order, no held stock, no used coupon, no payment row;
  the cart stays as it was so the shopper can try another card. The refusal reaches the caller as
  PaymentDeclined with the gateway's message and failure code, and is logged (never the card number),
  which is where operations see failed attempts.
- The card is charged before the order's transaction (issue #17: no stock row stays locked while
  the gateway answers), under a gateway idempotency key derived from the checkout's key and what
  is asked and charged, so a retried transaction or a repeated request never holds the money twice.
  A transaction that cannot write the order (stock gone meanwhile, coupon used up) voids the charge.
  A card to keep for later is tokenised there too, and its row written in the transaction.
- An authorised (or, with PAYMENT_CAPTURE_ON_CHECKOUT, captured) order is `confirmed` at once; the
  money is captured as it ships (apps.fulfilment). An order that costs nothing (a 100 % coupon,
  free shipping) has no payment and is confirmed with the note "Nothing to pay".
- Idempotency: a key is scoped to its owner (the user, or the guest's cart) so one shopper's key
  never finds another's order. Requests with the same key queue on a transaction-level advisory
  lock; the first places the order and every later one gets that same order back, whatever its cart
  holds by then, provided it asks the same (the same key with another request is refused, as the
  IETF Idempotency-Key draft answers 422). A request whose payment was refused left nothing behind,
  so its key is free again.
"""

import hashlib
import hmac
import json
import logging
import uuid
from dataclasses import asdict, dataclass, is_dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.utils import timezone

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
from apps.payments.models import PaymentMethod
from apps.payments.selectors import own_payment_method
from apps.payments.services import (
    CardToken,
    Charge,
    cancel_charge,
    charge_card,
    keep_payment_method,
    record_charge,
    tokenize_card,
)
from apps.promotions.exceptions import CouponError
from apps.promotions.services import applicable_promotions, record_promotion_usage, redeem_coupon, validate_coupon
from apps.shipping.exceptions import ShippingMethodUnavailable
from apps.shipping.selectors import get_method_for_address

from .addresses import CheckoutAddress, clean_addresses
from .door import CHECK, WRITE, checkout_slot
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


@dataclass(frozen=True)
class CheckedOrder:
    """Everything an order is written from, checked and priced before the transaction."""

    customer_email: str
    shipping_address: CheckoutAddress
    billing_address: CheckoutAddress
    contents: CartContents
    method: object
    coupon: object
    breakdown: PriceBreakdown
    saved_card: PaymentMethod | None


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
    for later. Raises a CheckoutError subclass, with `fields` naming the bad input, and then nothing
    at all was written.

    Three steps, so that no stock row is locked while anything outside the database answers (issue
    #17): check and price (reads only); charge the card at the gateway under an idempotency key;
    then one short transaction writes the order, holds the stock and redeems the coupon, retried on
    a deadlock with the same charge. If that transaction cannot write the order, the charge is
    voided. The checks and the transaction each go through a door (door.py) that bounds how many
    run at once; the gateway's wait is in neither, so a slow gateway holds no slot.
    """
    user = user if user is not None and user.is_authenticated else None
    asked = {
        "customer_email": customer_email,
        "shipping_address": shipping_address,
        "billing_address": billing_address,
        "shipping_method_id": shipping_method_id,
        "card": card,
        "payment_method_id": payment_method_id,
    }
    request = _Request(idempotency_key, _request_fingerprint(**asked))
    with checkout_slot(CHECK):
        _check_owner(cart, user)
        request.key = _scoped_key(idempotency_key, cart=cart, user=user)
        existing = _order_with_key(request)
        if existing is not None:
            return existing
        try:
            checked = _check(cart, user=user, **asked)
        except CheckoutError as refusal:
            # A request with the same key may have emptied the cart meanwhile: its order is the answer.
            return _existing_or_raise(request, refusal)
    try:
        kept = _card_to_keep(card, checked, user=user) if save_card else None
        charge = _charge(checked, card, kept, request=request)
    except CheckoutError as refusal:
        return _existing_or_raise(request, refusal)
    try:
        with checkout_slot(WRITE):
            order = _write_order(cart=cart, checked=checked, charge=charge, kept=kept, user=user, request=request)
    except BaseException:
        _cancel(charge)
        raise
    if charge is not None and request.key is not None and not _paid_by(order, charge):
        _cancel(charge)  # the key's order was placed by an earlier request, with another charge
    return order


@dataclass
class _Request:
    """What identifies a checkout request: the shopper's key (scoped to its owner once known) and a
    fingerprint of what was asked."""

    given_key: str | None
    fingerprint: str
    key: str | None = None


def _order_with_key(request: _Request) -> Order | None:
    """The order this request's key placed, provided it asked the same."""
    if request.key is None:
        return None
    order = Order.objects.filter(idempotency_key=request.key).first()
    if order is not None and order.idempotency_fingerprint and order.idempotency_fingerprint != request.fingerprint:
        # Orders from before fingerprints were kept match any request.
        message = f"The Idempotency-Key “{request.given_key}” was already used for a different checkout request."
        raise IdempotencyKeyReused(message, fields={"idempotency_key": [message]})
    return order


def _existing_or_raise(request: _Request, refusal: CheckoutError) -> Order:
    """The order a request with the same key placed, else the refusal goes on to the shopper."""
    existing = _order_with_key(request)
    if existing is None:
        raise refusal
    return existing


def _check(
    cart, *, user, customer_email, shipping_address, billing_address, shipping_method_id, card, payment_method_id
) -> CheckedOrder:
    """Every input checked and the order priced, before anything is written or locked."""
    customer_email = _clean_email(customer_email)
    saved_card = _saved_card(payment_method_id, user) if payment_method_id is not None else None
    if card is None and saved_card is None:
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
    return CheckedOrder(
        customer_email, shipping_address, billing_address, contents, method, coupon, breakdown, saved_card
    )


@retry_on_conflict()
def _write_order(
    *, cart, checked: CheckedOrder, charge: Charge | None, kept: CardToken | None, user, request: _Request
) -> Order:
    """The one transaction: the order, its stock, its coupon, its payment, the kept card, the empty cart.

    Retried on a deadlock as a whole; the charge was made before it, so a retry never pays again.
    """
    if request.key is not None:
        _lock_key(request.key)
        existing = _order_with_key(request)
        if existing is not None:
            return existing
    paid = "Nothing to pay" if charge is None else _paid_note(charge)
    order, items, addresses = _create_order(checked, user=user, request=request, paid=paid)
    if charge is not None:
        record_charge(order=order, charge=charge)
    if kept is not None:
        keep_payment_method(user=user, token=kept)
    clear_cart(cart=cart)
    notify_order_placed(order=order, items=items, addresses=addresses)
    # Last, so that the rows every checkout contends for (the stock of the products, the coupon)
    # stay locked only from here to COMMIT: one stored function call and the commit.
    _redeem(order, checked.breakdown, checked.coupon, user)
    _reserve(order, checked.contents)
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


def _create_order(checked: CheckedOrder, *, user, request: _Request, paid: str):
    """The order with its lines, address snapshots and status history; (order, items, addresses).

    It is written confirmed: its payment was authorised before, so no one ever sees it pending, and
    the history still tells both steps (placed, then confirmed by the payment `paid` notes: see
    place_order), written in one statement.

    The amounts are the breakdown's; the database's deferred totals trigger recomputes the subtotal
    from the lines at commit and arrives at the same figures.
    """
    breakdown, method, shipping_address = checked.breakdown, checked.method, checked.shipping_address
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
        customer_email=checked.customer_email,
        customer_phone=shipping_address.phone,
        coupon_code=breakdown.coupon_code,
        shipping_method=method,
        shipping_method_name=method.name,
        idempotency_key=request.key,
        idempotency_fingerprint=request.fingerprint if request.key is not None else "",
    )
    items = OrderItem.objects.bulk_create(
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
        for line in checked.contents.lines
    )
    addresses = OrderAddress.objects.bulk_create(
        [
            OrderAddress(order=order, address_type=AddressType.SHIPPING, **shipping_address.as_dict()),
            OrderAddress(order=order, address_type=AddressType.BILLING, **checked.billing_address.as_dict()),
        ]
    )
    placed_at = timezone.now()
    OrderStatusHistory.objects.bulk_create(
        [
            OrderStatusHistory(
                order=order,
                previous_status="",
                status=OrderStatus.PENDING,
                notes="Order placed",
                created_by=user,
                created_at=placed_at,
            ),
            # A microsecond later, so the history's order by time tells placed before confirmed.
            OrderStatusHistory(
                order=order,
                previous_status=OrderStatus.PENDING,
                status=OrderStatus.CONFIRMED,
                notes=paid,
                created_by=user,
                created_at=placed_at + timedelta(microseconds=1),
            ),
        ]
    )
    return order, items, addresses


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


def _saved_card(payment_method_id, user) -> PaymentMethod:
    if user is None:
        raise SavedCardNotFound("Sign in to pay with a saved card.", fields={"payment_method_id": "sign_in"})
    try:
        return own_payment_method(user=user, payment_method_id=uuid.UUID(str(payment_method_id)))
    except (ValueError, PaymentMethodNotFound):
        raise SavedCardNotFound("No such saved card.", fields={"payment_method_id": str(payment_method_id)}) from None


def _card_to_keep(card, checked: CheckedOrder, *, user) -> CardToken | None:
    """Tokenise the card the shopper asked to keep (a guest keeps nothing; a saved card is kept
    already). A card the gateway will not keep is declined like a card it will not charge."""
    if user is None or card is None or checked.saved_card is not None:
        return None
    try:
        return tokenize_card(card=card)
    except GatewayDeclined as refusal:
        logger.warning("Checkout card refused when saving it (%s)", refusal.code)
        raise PaymentDeclined(refusal.message, code=refusal.code, fields={"card": refusal.code}) from refusal


def _gateway_key(request: _Request, breakdown: PriceBreakdown) -> str:
    """The gateway's idempotency key: the checkout's own key with what was asked and what is charged
    (so the same request repeated is the same charge, and another card, address or total another
    one), or a fresh one for a request without a key."""
    if request.key is None:
        return f"checkout:{uuid.uuid4().hex}"
    charged = f"{request.fingerprint}|{breakdown.total}|{breakdown.currency}"
    return f"checkout:{request.key}:{hashlib.sha256(charged.encode()).hexdigest()[:24]}"


def _charge(checked: CheckedOrder, card, kept: CardToken | None, *, request: _Request) -> Charge | None:
    """Authorise (and with PAYMENT_CAPTURE_ON_CHECKOUT capture) the total on the card, the card just
    kept or the saved one; None when there is nothing to pay. A refusal raises PaymentDeclined
    before anything is written."""
    breakdown = checked.breakdown
    if breakdown.total == 0:
        return None
    token = kept or (CardToken.of(checked.saved_card) if checked.saved_card is not None else None)
    charge = charge_card(
        amount=breakdown.total,
        currency=breakdown.currency,
        card=None if token else card,
        token=token,
        idempotency_key=_gateway_key(request, breakdown),
        capture=settings.PAYMENT_CAPTURE_ON_CHECKOUT,
    )
    if not charge.succeeded:
        refusal = charge.refusal
        code, message = refusal.error_code, refusal.error_message
        logger.warning("Checkout payment refused (%s) for %s %s", code, breakdown.total, breakdown.currency)
        raise PaymentDeclined(message or "Your payment was refused.", code=code or None, fields={"card": code})
    return charge


def _paid_note(charge: Charge) -> str:
    """The status note of the confirmation by this charge."""
    return "Payment captured" if charge.capture is not None else "Payment authorised"


def _paid_by(order, charge: Charge) -> bool:
    return order.payments.filter(gateway_reference=charge.authorization.reference).exists()


def _cancel(charge: Charge | None):
    """Give back the charge of an order that was not written; logged, never raised over the cause."""
    if charge is None:
        return
    try:
        cancel_charge(charge=charge)
    except Exception:
        logger.exception("Could not void the charge %s of an unwritten order", charge.authorization.reference)
