"""Test data for coupon redemptions and promotions."""

import itertools
import uuid
from decimal import Decimal

from apps.orders.models import Order
from apps.promotions.models import DiscountType, Promotion, PromotionRule

_seq = itertools.count(1)


def create_order(user=None, total="10.00"):
    """A minimal placed order: coupon and promotion usages need one to point at."""
    return Order.objects.create(
        user=user,
        order_number=f"SF-TEST-{uuid.uuid4().hex[:12]}",
        subtotal=Decimal(total),
        total=Decimal(total),
        customer_email="buyer@example.com",
    )


def create_promotion(name=None, discount_type=DiscountType.PERCENTAGE, value="10", rules=(), **fields):
    """A running promotion; `rules` is a list of (rule_type, value)."""
    promotion = Promotion.objects.create(
        name=name or f"Promotion {next(_seq)}", discount_type=discount_type, discount_value=Decimal(value), **fields
    )
    for rule_type, rule_value in rules:
        PromotionRule.objects.create(promotion=promotion, rule_type=rule_type, value=str(rule_value))
    return promotion
