"""Every constraint of the promotion tables refuses a row written past Django's validation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.promotions.models import CouponUsage, DiscountType, Promotion, PromotionRule, PromotionUsage
from tests.factories import create_coupon
from tests.model_factories import create_order, refused_by, write

pytestmark = pytest.mark.django_db


def promotion(**fields):
    values = {"name": "Spring sale", "discount_type": DiscountType.PERCENTAGE, "discount_value": Decimal("10")}
    values.update(fields)
    return Promotion.objects.create(**values)


def coupon_used_twice_on_one_order(discount="1.00"):
    coupon, order = create_coupon(), create_order()
    CouponUsage.objects.create(coupon=coupon, order=order, discount_amount=Decimal(discount))
    CouponUsage.objects.create(coupon=coupon, order=order, discount_amount=Decimal(discount))


def promotion_used_twice_on_one_order():
    offer, order = promotion(), create_order()
    PromotionUsage.objects.create(promotion=offer, order=order, discount_amount=Decimal("1.00"))
    PromotionUsage.objects.create(promotion=offer, order=order, discount_amount=Decimal("1.00"))


def expiring_before_start(model_factory, end_field):
    start = timezone.now()
    return model_factory(starts_at=start, **{end_field: start - timedelta(days=1)})


VIOLATIONS = {
    "coupons_code_ci_key": lambda: (create_coupon(code="SUMMER"), create_coupon(code="summer")),
    "coupons_discount_type_check": lambda: write(create_coupon(), discount_type="bogo"),
    "coupons_discount_value_non_negative": lambda: create_coupon(discount_type=DiscountType.FIXED_AMOUNT, value="-1"),
    "coupons_percentage_range": lambda: create_coupon(discount_type=DiscountType.PERCENTAGE, value="100.01"),
    "coupons_within_usage_limit": lambda: write(create_coupon(usage_limit=1), times_used=2),
    "coupons_expiry_after_start": lambda: expiring_before_start(create_coupon, "expires_at"),
    "coupons_min_order_non_negative": lambda: create_coupon(min_order_amount=Decimal("-1")),
    "coupons_max_discount_positive": lambda: create_coupon(max_discount_amount=Decimal("0")),
    "coupon_usage_once_per_order": coupon_used_twice_on_one_order,
    "coupon_usage_discount_non_negative": lambda: CouponUsage.objects.create(
        coupon=create_coupon(), order=create_order(), discount_amount=Decimal("-1")
    ),
    "promotions_discount_type_check": lambda: promotion(discount_type="bogo"),
    "promotions_discount_value_non_negative": lambda: promotion(
        discount_type=DiscountType.FIXED_AMOUNT, discount_value=Decimal("-1")
    ),
    "promotions_percentage_range": lambda: promotion(discount_value=Decimal("0")),
    "promotions_end_after_start": lambda: expiring_before_start(promotion, "ends_at"),
    "promotion_rules_type_check": lambda: PromotionRule.objects.create(promotion=promotion(), rule_type="weekday"),
    "promotion_usage_once_per_order": promotion_used_twice_on_one_order,
    "promotion_usage_discount_non_negative": lambda: PromotionUsage.objects.create(
        promotion=promotion(), order=create_order(), discount_amount=Decimal("-1")
    ),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()


def test_percentages_from_just_above_zero_to_a_hundred_are_allowed():
    assert create_coupon(value="100").discount_value == Decimal("100")
    assert create_coupon(value="0.01").discount_value == Decimal("0.01")
