"""Test data for checkout: a stocked product, a filled cart, an address, and one call to place_order."""

from decimal import Decimal

from apps.cart.models import TaxRate
from apps.cart.services import add_item, apply_coupon_to_cart, get_or_create_guest_cart, get_or_create_user_cart
from apps.checkout.services import place_order
from tests import factories
from tests.factories import create_product, create_stock, create_warehouse
from tests.payments.conftest import card

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
INSUFFICIENT_FUNDS_CARD = "4000000000009995"

ADDRESS = {**factories.ADDRESS, "phone": "+1 217 555 0100"}


def create_stocked_product(on_hand=10, price="25.00", **fields):
    """A product with `on_hand` units in one warehouse (its stock_quantity follows by trigger)."""
    product = create_product(price=price, **fields)
    create_stock(product, warehouse=create_warehouse(), on_hand=on_hand)
    product.refresh_from_db()
    return product


def create_filled_cart(product, quantity=1, *, user=None, coupon=None):
    cart = get_or_create_user_cart(user=user) if user else get_or_create_guest_cart()
    add_item(cart=cart, product=product, quantity=quantity)
    if coupon is not None:
        apply_coupon_to_cart(cart=cart, code=coupon.code, user=user)
    cart.refresh_from_db()
    return cart


def create_illinois_tax(rate="0.0800"):
    return TaxRate.objects.create(country_code="US", state="IL", rate=Decimal(rate))


def checkout(cart, *, method, card_number=GOOD_CARD, **overrides):
    """place_order with valid details; pass what the test is about."""
    arguments = {
        "cart": cart,
        "customer_email": "ada@example.com",
        "shipping_address": ADDRESS,
        "shipping_method_id": method.pk,
        "card": card(card_number),
        **overrides,
    }
    return place_order(**arguments)
