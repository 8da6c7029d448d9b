"""The one place an order's money is worked out: subtotal, discounts, shipping, tax and total.

The cart page, the API and checkout all call `calculate_price_breakdown`, so what a shopper is
shown is what an order is charged. Every amount is a Decimal rounded half-up to the cent.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from apps.cart.selectors import CartContents, tax_rate_for
from apps.core.money import to_money
from apps.promotions.discounts import discount_amount
from apps.promotions.exceptions import CouponError
from apps.promotions.models import Coupon, DiscountType, Promotion
from apps.promotions.services import applicable_promotions, validate_coupon
from apps.shipping.models import ShippingMethod
from apps.shipping.selectors import shipping_price

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AppliedPromotion:
    """A promotion and what it saved: money off the goods, or for free shipping the shipping waived."""

    promotion: Promotion
    amount: Decimal

    @property
    def name(self) -> str:
        return self.promotion.name


@dataclass(frozen=True)
class PriceBreakdown:
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    tax: Decimal
    total: Decimal
    currency: str
    applied_promotions: tuple[AppliedPromotion, ...]
    coupon_code: str
    messages: tuple[str, ...]
    # What the coupon saved, goods or shipping: the amount checkout records with the redemption.
    coupon_discount: Decimal = ZERO


def calculate_price_breakdown(
    *,
    lines: Iterable,
    coupon: Coupon | None = None,
    promotions: Sequence[Promotion] = (),
    shipping_method: ShippingMethod | None = None,
    country_code: str = "",
    state: str = "",
    currency: str = "USD",
) -> PriceBreakdown:
    """Price `lines` (anything with `line_total`) with an already validated `coupon` and the
    `promotions` that apply, shipped by `shipping_method` to (country_code, state).

    A coupon does not combine with non-stackable promotions; the coupon the shopper typed wins.
    Discounts never exceed the subtotal; free shipping zeroes the shipping instead. Shipping tiers
    and free-above thresholds look at the subtotal before discounts.
    """
    subtotal = to_money(sum((line.line_total for line in lines), ZERO))
    messages = []
    if coupon is not None:
        for promotion in promotions:
            if not promotion.is_stackable:
                messages.append(f"{promotion.name} does not combine with a coupon code.")
        promotions = [promotion for promotion in promotions if promotion.is_stackable]

    # Each offer takes from what is left: of the subtotal (`remaining`) or of the shipping.
    remaining = subtotal
    shipping = shipping_price(method=shipping_method, subtotal=subtotal) if shipping_method else ZERO
    applied = []
    for promotion in promotions:
        saving, remaining, shipping = _apply(promotion, subtotal, remaining, shipping)
        applied.append(AppliedPromotion(promotion=promotion, amount=saving))
    coupon_discount = ZERO
    if coupon is not None:
        coupon_discount, remaining, shipping = _apply(coupon, subtotal, remaining, shipping)
    discount = subtotal - remaining

    tax = ZERO
    rate = tax_rate_for(country_code=country_code, state=state)
    if rate is not None:
        taxable = subtotal - discount + (shipping if rate.applies_to_shipping else ZERO)
        tax = to_money(taxable * rate.rate)

    return PriceBreakdown(
        subtotal=subtotal,
        discount=discount,
        shipping=shipping,
        tax=tax,
        total=subtotal - discount + tax + shipping,
        currency=currency,
        applied_promotions=tuple(applied),
        coupon_code=coupon.code if coupon else "",
        messages=tuple(messages),
        coupon_discount=coupon_discount,
    )


def _apply(offer, subtotal: Decimal, remaining: Decimal, shipping: Decimal):
    """(saving, remaining subtotal, shipping still charged) after `offer`: free shipping waives the
    shipping; any other discount is worked out on the subtotal and takes at most what is left."""
    if offer.discount_type == DiscountType.FREE_SHIPPING:
        return shipping, remaining, ZERO
    saving = min(discount_amount(offer, subtotal), remaining)
    return saving, remaining - saving, shipping


def price_cart(
    *,
    contents: CartContents,
    user=None,
    shipping_method: ShippingMethod | None = None,
    country_code: str = "",
    state: str = "",
) -> PriceBreakdown:
    """The cart page's price: its coupon if still valid (else a message why not) and the
    automatic promotions it earns."""
    coupon, messages = None, list(contents.messages)
    if contents.cart.coupon_id is not None:
        try:
            coupon = validate_coupon(code=contents.cart.coupon.code, subtotal=contents.subtotal, user=user)
        except CouponError as refusal:
            messages.append(refusal.message)
    breakdown = calculate_price_breakdown(
        lines=contents.lines,
        coupon=coupon,
        promotions=applicable_promotions(lines=contents.lines, user=user),
        shipping_method=shipping_method,
        country_code=country_code,
        state=state,
        currency=contents.cart.currency,
    )
    messages.extend(breakdown.messages)
    for line in contents.lines:
        messages.extend(line.warnings)
    return replace(breakdown, messages=tuple(messages))
