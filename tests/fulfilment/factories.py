"""Test data for the order operations: stocked products, carriers and orders placed by checkout."""

from apps.cart.services import add_item, apply_coupon_to_cart, get_or_create_guest_cart, get_or_create_user_cart
from apps.inventory.services import receive_stock
from apps.shipping.models import Carrier
from tests.checkout.factories import checkout
from tests.factories import create_product, create_shipping_method, create_warehouse


def create_carrier(code="ups", name="UPS", **fields):
    fields.setdefault("tracking_url_template", "https://track.example/{tracking_number}")
    return Carrier.objects.get_or_create(code=code, defaults={"name": name, **fields})[0]


def stocked_product(price, on_hand=10, warehouse=None, **fields):
    """A product whose units were received through the ledger (so the ledger explains its stock)."""
    product = create_product(price=price, **fields)
    receive_stock(warehouse=warehouse or create_warehouse(), product=product, quantity=on_hand)
    return product


def placed_order(lines, *, user=None, coupon=None, shipping="5.00"):
    """An order placed through checkout for `lines` [(product, quantity)]: confirmed, its stock held,
    its coupon used and its total authorised on the card."""
    cart = get_or_create_user_cart(user=user) if user else get_or_create_guest_cart()
    for product, quantity in lines:
        add_item(cart=cart, product=product, quantity=quantity)
    if coupon is not None:
        apply_coupon_to_cart(cart=cart, code=coupon.code, user=user)
    cart.refresh_from_db()
    return checkout(cart, method=create_shipping_method(price=shipping), user=user)
