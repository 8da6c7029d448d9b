"""Automatic promotions: every rule, stacking, and what a discount takes off."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from apps.promotions.discounts import discount_amount
from apps.promotions.models import DiscountType, PromotionRule, PromotionUsage
from apps.promotions.services import applicable_promotions, record_promotion_usage
from tests.factories import create_brand, create_category, create_coupon, create_product, create_user
from tests.promotions.factories import create_order, create_promotion

pytestmark = pytest.mark.django_db
Rule = PromotionRule.RuleType


@dataclass
class Line:
    product: object
    quantity: int
    line_total: Decimal


def line(product=None, quantity=1, total="10.00"):
    return Line(product=product or create_product(), quantity=quantity, line_total=Decimal(total))


def names(promotions):
    return [promotion.name for promotion in promotions]


def test_a_minimum_subtotal_rule_holds_from_that_subtotal():
    create_promotion("Spend 50", rules=[(Rule.MIN_SUBTOTAL, "50.00")])
    assert names(applicable_promotions(lines=[line(total="49.99")])) == []
    assert names(applicable_promotions(lines=[line(total="50.00")])) == ["Spend 50"]


def test_a_minimum_quantity_rule_counts_units_across_lines():
    create_promotion("Three or more", rules=[(Rule.MIN_QUANTITY, "3")])
    assert names(applicable_promotions(lines=[line(quantity=2)])) == []
    assert names(applicable_promotions(lines=[line(quantity=2), line(quantity=1)])) == ["Three or more"]


def test_a_category_rule_holds_for_a_product_of_a_subcategory():
    shoes = create_category("Shoes")
    trainers = create_category("Trainers", parent=shoes)
    create_promotion("Shoe week", rules=[(Rule.CATEGORY, shoes.pk)])
    assert names(applicable_promotions(lines=[line(create_product(category=trainers))])) == ["Shoe week"]
    assert names(applicable_promotions(lines=[line(create_product(category=create_category()))])) == []


def test_a_brand_rule_needs_a_product_of_that_brand():
    acme = create_brand("Acme")
    create_promotion("Acme days", rules=[(Rule.BRAND, acme.pk)])
    assert names(applicable_promotions(lines=[line(create_product())])) == []
    assert names(applicable_promotions(lines=[line(create_product(brand=acme))])) == ["Acme days"]


def test_a_product_rule_needs_that_product():
    kettle = create_product("Kettle")
    create_promotion("Kettle deal", rules=[(Rule.PRODUCT, kettle.pk)])
    assert names(applicable_promotions(lines=[line()])) == []
    assert names(applicable_promotions(lines=[line(kettle)])) == ["Kettle deal"]


def test_a_first_order_rule_holds_only_for_a_signed_in_shopper_without_orders():
    create_promotion("Welcome", rules=[(Rule.FIRST_ORDER, "")])
    newcomer, regular = create_user(), create_user()
    create_order(regular)
    assert names(applicable_promotions(lines=[line()], user=newcomer)) == ["Welcome"]
    assert names(applicable_promotions(lines=[line()], user=regular)) == []
    assert names(applicable_promotions(lines=[line()], user=None)) == []


def test_every_rule_of_a_promotion_must_hold():
    kettle = create_product("Kettle")
    create_promotion("Two kettles", rules=[(Rule.PRODUCT, kettle.pk), (Rule.MIN_QUANTITY, "2")])
    assert names(applicable_promotions(lines=[line(kettle)])) == []
    assert names(applicable_promotions(lines=[line(quantity=2)])) == []
    assert names(applicable_promotions(lines=[line(kettle, quantity=2)])) == ["Two kettles"]


def test_the_best_non_stackable_promotion_comes_with_every_stackable_one_by_priority():
    create_promotion("Small", value="5", priority=9)
    create_promotion("Large", value="20", priority=1)
    create_promotion("Extra", value="2", is_stackable=True, priority=5)
    create_promotion("Bonus", value="1", is_stackable=True, priority=0)
    assert names(applicable_promotions(lines=[line(total="100.00")])) == ["Extra", "Large", "Bonus"]


def test_an_inactive_or_ended_promotion_does_not_apply():
    create_promotion("Off", is_active=False)
    create_promotion("Future", starts_at="2099-01-01T00:00:00Z")
    assert applicable_promotions(lines=[line()]) == []


def test_a_percentage_is_capped_by_its_maximum():
    coupon = create_coupon(value="25", max_discount_amount=Decimal("10.00"))
    assert discount_amount(coupon, Decimal("30.00")) == Decimal("7.50")
    assert discount_amount(coupon, Decimal("80.00")) == Decimal("10.00")


def test_a_fixed_amount_never_takes_more_than_the_subtotal():
    coupon = create_coupon(discount_type=DiscountType.FIXED_AMOUNT, value="15.00")
    assert discount_amount(coupon, Decimal("40.00")) == Decimal("15.00")
    assert discount_amount(coupon, Decimal("9.99")) == Decimal("9.99")


def test_free_shipping_takes_nothing_off_the_goods():
    coupon = create_coupon(discount_type=DiscountType.FREE_SHIPPING, value="0")
    assert discount_amount(coupon, Decimal("40.00")) == Decimal("0.00")


def test_recording_a_promotion_usage_keeps_the_amount_against_the_order():
    promotion = create_promotion("Spring")
    order = create_order()
    record_promotion_usage(promotion=promotion, order=order.pk, discount_amount=Decimal("3.50"))
    usage = PromotionUsage.objects.get()
    assert (usage.promotion, usage.order, usage.discount_amount) == (promotion, order, Decimal("3.50"))
