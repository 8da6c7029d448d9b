"""What a coupon or promotion takes off a subtotal: the one formula both kinds of offer share."""

from decimal import Decimal

from apps.core.money import to_money
from apps.promotions.models import DiscountType

ZERO = Decimal("0.00")


def discount_amount(offer, subtotal: Decimal) -> Decimal:
    """The amount `offer` (a Coupon or a Promotion) takes off `subtotal`, never more than the subtotal.

    Free shipping takes nothing off the goods: pricing zeroes the shipping instead.
    """
    if offer.discount_type == DiscountType.PERCENTAGE:
        amount = to_money(subtotal * offer.discount_value / 100)
        if offer.max_discount_amount is not None:
            amount = min(amount, offer.max_discount_amount)
    elif offer.discount_type == DiscountType.FIXED_AMOUNT:
        amount = to_money(offer.discount_value)
    else:
        amount = ZERO
    return min(amount, subtotal)
