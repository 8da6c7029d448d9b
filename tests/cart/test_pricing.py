"""The price breakdown: discounts, shipping, tax and rounding, computed in one place."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from apps.cart.models import TaxRate
from apps.cart.pricing import calculate_price_breakdown, price_cart
from apps.cart.selectors import get_cart_contents
from apps.cart.services import add_item, apply_coupon_to_cart, get_or_create_guest_cart
from apps.promotions.models import Coupon, DiscountType, PromotionRule
from tests.factories import create_coupon, create_product, create_shipping_method
from tests.promotions.factories import create_promotion

pytestmark = pytest.mark.django_db


@dataclass
class Line:
    line_total: Decimal


def lines(*totals):
    return [Line(Decimal(total)) for total in totals]


def amounts(breakdown):
    return tuple(
        str(value)
        for value in (breakdown.subtotal, breakdown.discount, breakdown.shipping, breakdown.tax, breakdown.total)
    )


def tax(rate, country="US", state="", **fields):
    return TaxRate.objects.create(country_code=country, state=state, rate=Decimal(rate), **fields)


def test_without_offers_shipping_or_tax_the_total_is_the_subtotal():
    breakdown = calculate_price_breakdown(lines=lines("10.00", "5.25"))
    assert amounts(breakdown) == ("15.25", "0.00", "0.00", "0.00", "15.25")
    assert (breakdown.currency, breakdown.coupon_code, breakdown.applied_promotions) == ("USD", "", ())


def test_three_at_3_33_with_8_25_percent_tax_rounds_each_amount_half_up_to_the_cent():
    tax("0.0825", state="TX")
    breakdown = calculate_price_breakdown(lines=lines("9.99"), country_code="US", state="TX")
    # 9.99 × 0.0825 = 0.824175
    assert amounts(breakdown) == ("9.99", "0.00", "0.00", "0.82", "10.81")


def test_a_tax_of_exactly_half_a_cent_rounds_up():
    tax("0.0825")
    breakdown = calculate_price_breakdown(lines=lines("10.00"), country_code="US")
    # 10.00 × 0.0825 = 0.825: half-up gives 0.83 where banker's rounding would give 0.82.
    assert breakdown.tax == Decimal("0.83")


def test_the_state_rate_wins_over_the_country_rate():
    tax("0.05")
    tax("0.0725", state="CA")
    assert calculate_price_breakdown(lines=lines("100.00"), country_code="US", state="CA").tax == Decimal("7.25")
    assert calculate_price_breakdown(lines=lines("100.00"), country_code="US", state="NY").tax == Decimal("5.00")
    assert calculate_price_breakdown(lines=lines("100.00"), country_code="FR").tax == Decimal("0.00")


def test_tax_is_on_the_discounted_subtotal_plus_shipping_where_shipping_is_taxed():
    tax("0.10", country="DE", applies_to_shipping=True)
    tax("0.10", country="FR")
    coupon = create_coupon(discount_type=DiscountType.FIXED_AMOUNT, value="20.00")
    method = create_shipping_method(price="5.00", countries=["DE", "FR"])
    germany = calculate_price_breakdown(lines=lines("100.00"), coupon=coupon, shipping_method=method, country_code="DE")
    france = calculate_price_breakdown(lines=lines("100.00"), coupon=coupon, shipping_method=method, country_code="FR")
    assert amounts(germany) == ("100.00", "20.00", "5.00", "8.50", "93.50")
    assert amounts(france) == ("100.00", "20.00", "5.00", "8.00", "93.00")


def test_a_percentage_coupon_is_capped_by_its_maximum_discount():
    coupon = create_coupon(code="QUARTER", value="25", max_discount_amount=Decimal("10.00"))
    breakdown = calculate_price_breakdown(lines=lines("80.00"), coupon=coupon)
    assert amounts(breakdown) == ("80.00", "10.00", "0.00", "0.00", "70.00")
    assert (breakdown.coupon_code, breakdown.coupon_discount) == ("QUARTER", Decimal("10.00"))


def test_a_fixed_discount_never_exceeds_the_subtotal():
    coupon = create_coupon(discount_type=DiscountType.FIXED_AMOUNT, value="50.00")
    method = create_shipping_method(price="4.00")
    breakdown = calculate_price_breakdown(lines=lines("30.00"), coupon=coupon, shipping_method=method)
    assert amounts(breakdown) == ("30.00", "30.00", "4.00", "0.00", "4.00")


def test_free_shipping_zeroes_the_shipping_and_leaves_the_goods_alone():
    coupon = create_coupon(code="SHIPFREE", discount_type=DiscountType.FREE_SHIPPING, value="0")
    method = create_shipping_method(price="6.95")
    breakdown = calculate_price_breakdown(lines=lines("30.00"), coupon=coupon, shipping_method=method)
    assert amounts(breakdown) == ("30.00", "0.00", "0.00", "0.00", "30.00")
    assert breakdown.coupon_discount == Decimal("6.95")


def test_stackable_promotions_add_up_and_a_coupon_replaces_a_non_stackable_one():
    stackable = create_promotion("Loyalty", value="5", is_stackable=True)
    exclusive = create_promotion("Big sale", value="30")
    coupon = create_coupon(value="10")
    breakdown = calculate_price_breakdown(lines=lines("200.00"), coupon=coupon, promotions=[stackable, exclusive])
    assert amounts(breakdown) == ("200.00", "30.00", "0.00", "0.00", "170.00")
    assert [(a.name, a.amount) for a in breakdown.applied_promotions] == [("Loyalty", Decimal("10.00"))]
    assert breakdown.coupon_discount == Decimal("20.00")
    assert breakdown.messages == ("Big sale does not combine with a coupon code.",)


def test_the_cart_price_includes_the_promotions_it_earns_and_tells_why_a_coupon_no_longer_applies():
    cart = get_or_create_guest_cart()
    add_item(cart=cart, product=create_product(price="60.00", stock_quantity=5))
    create_promotion(
        "Spend 50 save 5",
        discount_type=DiscountType.FIXED_AMOUNT,
        value="5.00",
        rules=[(PromotionRule.RuleType.MIN_SUBTOTAL, "50")],
        is_stackable=True,
    )
    create_coupon(code="FIFTY", value="10", min_order_amount=Decimal("50.00"))
    apply_coupon_to_cart(cart=cart, code="FIFTY")
    method = create_shipping_method(price="5.00")

    breakdown = price_cart(contents=get_cart_contents(cart=cart), shipping_method=method, country_code="US")
    assert amounts(breakdown) == ("60.00", "11.00", "5.00", "0.00", "54.00")
    assert breakdown.coupon_code == "FIFTY"

    Coupon.objects.filter(code="FIFTY").update(is_active=False)
    breakdown = price_cart(contents=get_cart_contents(cart=cart), shipping_method=method, country_code="US")
    assert amounts(breakdown) == ("60.00", "5.00", "5.00", "0.00", "60.00")
    assert breakdown.messages == ('The code "FIFTY" is no longer active.',)
