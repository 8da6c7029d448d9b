"""Simultaneous checkouts: stock never oversold, coupons never over-redeemed, one order per key.

Real threads, each on its own database connection, released together by a barrier.
"""

from collections import Counter

import pytest

from apps.checkout.exceptions import CheckoutError
from apps.inventory.models import StockLevel
from apps.orders.models import Order
from apps.payments.models import Payment
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.concurrency import run_at_once, successes
from tests.factories import create_coupon, create_shipping_method

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def checkouts_at_once(calls):
    """(orders placed, refusals counted by (code, message)) of calls run at the same moment."""
    outcomes = run_at_once(calls)
    unexpected = [o.error for o in outcomes if o.error is not None and not isinstance(o.error, CheckoutError)]
    assert unexpected == []
    return successes(outcomes), Counter((o.error.code, o.error.message) for o in outcomes if o.error is not None)


def test_fifty_shoppers_buying_the_last_ten_units_get_ten_orders_and_forty_clean_refusals():
    product = create_stocked_product(on_hand=10, name="Last Lamp")
    method = create_shipping_method()
    carts = [create_filled_cart(product, 1) for _ in range(50)]

    orders, refusals = checkouts_at_once([lambda cart=cart: checkout(cart, method=method) for cart in carts])

    assert len(orders) == 10
    assert sum(refusals.values()) == 40
    assert {code for code, _ in refusals} == {"out_of_stock"}
    assert all("Last Lamp" in message for _, message in refusals)
    level = StockLevel.objects.get(product=product)
    product.refresh_from_db()
    assert (level.quantity_on_hand, level.quantity_reserved, product.stock_quantity) == (10, 10, 0)
    assert Order.objects.count() == 10


def test_ten_requests_with_the_same_idempotency_key_place_exactly_one_order():
    product = create_stocked_product(on_hand=10)
    method = create_shipping_method()
    cart = create_filled_cart(product, 2)

    orders, refusals = checkouts_at_once([lambda: checkout(cart, method=method, idempotency_key="double-click")] * 10)

    assert refusals == Counter()
    assert len({order.pk for order in orders}) == 1
    assert (Order.objects.count(), Payment.objects.count()) == (1, 1)
    assert StockLevel.objects.get(product=product).quantity_reserved == 2


def test_thirty_checkouts_with_a_coupon_limited_to_five_uses_let_exactly_five_use_it():
    product = create_stocked_product(on_hand=100)
    method = create_shipping_method()
    coupon = create_coupon(code="FIRST5", usage_limit=5)
    carts = [create_filled_cart(product, 1, coupon=coupon) for _ in range(30)]

    orders, refusals = checkouts_at_once([lambda cart=cart: checkout(cart, method=method) for cart in carts])

    coupon.refresh_from_db()
    assert len(orders) == 5
    assert refusals == Counter({("coupon_limit_reached", 'The code "FIRST5" has reached its usage limit.'): 25})
    assert coupon.times_used == 5
    assert Order.objects.filter(coupon_code="FIRST5").count() == 5
    assert StockLevel.objects.get(product=product).quantity_reserved == 5
