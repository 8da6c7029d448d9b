"""Coupon validation: each refusal with its own message; redemption and its release."""

import datetime
from decimal import Decimal
from functools import partial

import pytest

from apps.promotions.exceptions import (
    CouponExpired,
    CouponInactive,
    CouponLimitReached,
    CouponMinimumNotMet,
    CouponNotFound,
    CouponNotStarted,
    CouponSignInRequired,
    CouponUserLimitReached,
)
from apps.promotions.models import Coupon, CouponUsage
from apps.promotions.services import redeem_coupon, release_coupon, validate_coupon
from tests.concurrency import count_errors, run_at_once, successes
from tests.factories import create_coupon, create_user
from tests.promotions.factories import create_order

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def test_a_code_is_found_whatever_its_letter_case():
    coupon = create_coupon(code="Summer10")
    assert validate_coupon(code="  sUMMER10 ", subtotal=Decimal("20.00")) == coupon


def test_an_unknown_code_is_refused():
    with pytest.raises(CouponNotFound, match=r'^The code "NOPE" is not valid\.$'):
        validate_coupon(code="NOPE", subtotal=Decimal("20.00"))


def test_an_inactive_code_is_refused():
    create_coupon(code="OLD", is_active=False)
    with pytest.raises(CouponInactive, match=r'^The code "OLD" is no longer active\.$'):
        validate_coupon(code="old", subtotal=Decimal("20.00"))


def test_a_code_before_its_start_says_when_it_starts():
    create_coupon(code="SOON", starts_at=at(2099, 12, 1))
    with pytest.raises(CouponNotStarted, match=r'^The code "SOON" starts on December 1, 2099\.$'):
        validate_coupon(code="SOON", subtotal=Decimal("20.00"))


def test_an_expired_code_says_when_it_expired():
    create_coupon(code="GONE", expires_at=at(2020, 3, 5))
    with pytest.raises(CouponExpired, match=r'^The code "GONE" expired on March 5, 2020\.$'):
        validate_coupon(code="GONE", subtotal=Decimal("20.00"))


def test_a_subtotal_under_the_minimum_says_how_much_more_to_add():
    create_coupon(code="BIG", min_order_amount=Decimal("50.00"))
    with pytest.raises(CouponMinimumNotMet) as refusal:
        validate_coupon(code="BIG", subtotal=Decimal("37.50"))
    assert refusal.value.message == 'Add $12.50 more to use the code "BIG" (minimum order $50.00).'


def test_a_subtotal_at_the_minimum_is_enough():
    coupon = create_coupon(code="BIG", min_order_amount=Decimal("50.00"))
    assert validate_coupon(code="BIG", subtotal=Decimal("50.00")) == coupon


def test_a_code_used_up_is_refused():
    create_coupon(code="FIRST5", usage_limit=5, times_used=5)
    with pytest.raises(CouponLimitReached, match=r'^The code "FIRST5" has reached its usage limit\.$'):
        validate_coupon(code="FIRST5", subtotal=Decimal("20.00"))


def test_a_per_user_code_needs_a_signed_in_shopper():
    create_coupon(code="ONCE", usage_limit_per_user=1)
    with pytest.raises(CouponSignInRequired, match=r'^Sign in to use the code "ONCE"\.$'):
        validate_coupon(code="ONCE", subtotal=Decimal("20.00"), user=None)


def test_a_shopper_who_used_up_their_share_is_refused():
    user = create_user()
    coupon = create_coupon(code="ONCE", usage_limit_per_user=1)
    redeem_coupon(coupon=coupon, user=user, order=create_order(user), discount_amount=Decimal("2.00"))
    with pytest.raises(CouponUserLimitReached) as refusal:
        validate_coupon(code="ONCE", subtotal=Decimal("20.00"), user=user)
    assert refusal.value.message == 'You have already used the code "ONCE" as many times as allowed.'
    assert validate_coupon(code="ONCE", subtotal=Decimal("20.00"), user=create_user()) == coupon


def test_redeeming_counts_the_use_and_records_who_and_how_much():
    user = create_user()
    coupon = create_coupon(code="TEN", usage_limit=3)
    order = create_order(user)
    usage = redeem_coupon(coupon=coupon, user=user, order=order, discount_amount=Decimal("4.20"))
    coupon.refresh_from_db()
    assert coupon.times_used == 1
    assert (usage.user, usage.order_id, usage.discount_amount) == (user, order.pk, Decimal("4.20"))


def test_redeeming_past_the_limit_is_refused_and_changes_nothing():
    coupon = create_coupon(code="LAST", usage_limit=1, times_used=1)
    with pytest.raises(CouponLimitReached):
        redeem_coupon(coupon=coupon, user=None, order=create_order(), discount_amount=Decimal("1.00"))
    coupon.refresh_from_db()
    assert coupon.times_used == 1
    assert CouponUsage.objects.count() == 0


def test_releasing_an_order_gives_its_use_back():
    coupon = create_coupon(code="BACK", usage_limit=1)
    order = create_order()
    redeem_coupon(coupon=coupon, user=None, order=order, discount_amount=Decimal("1.00"))
    assert release_coupon(order=order) == 1
    coupon.refresh_from_db()
    assert coupon.times_used == 0
    assert CouponUsage.objects.count() == 0
    assert validate_coupon(code="BACK", subtotal=Decimal("5.00")) == coupon


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_redemptions_of_a_five_use_coupon_redeem_exactly_five():
    coupon = create_coupon(code="RUSH", usage_limit=5)
    orders = [create_order() for _ in range(30)]

    outcomes = run_at_once(
        [
            partial(redeem_coupon, coupon=coupon, user=None, order=order, discount_amount=Decimal("1.00"))
            for order in orders
        ]
    )

    assert len(successes(outcomes)) == 5
    assert count_errors(outcomes, CouponLimitReached) == 25
    assert CouponUsage.objects.filter(coupon=coupon).count() == 5
    assert Coupon.objects.get(pk=coupon.pk).times_used == 5
