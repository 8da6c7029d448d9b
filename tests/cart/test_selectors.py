"""Reading a cart: live prices, price-change and stock warnings, lines that drop out."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cart.models import CartItem
from apps.cart.selectors import get_cart_contents
from apps.cart.services import add_item, get_or_create_guest_cart, read_cart
from apps.catalog.models import Product, ProductVariant
from tests.factories import create_image, create_product, create_variant

pytestmark = pytest.mark.django_db


def test_a_line_shows_the_live_price_and_warns_when_it_changed_since_it_was_added():
    cart = get_or_create_guest_cart()
    add_item(cart=cart, product=create_product("Mug", price="8.00", stock_quantity=5), quantity=2)
    Product.objects.filter(name="Mug").update(price=Decimal("9.50"))

    (line,) = get_cart_contents(cart=cart).lines

    assert (line.snapshot_price, line.unit_price, line.line_total) == (
        Decimal("8.00"),
        Decimal("9.50"),
        Decimal("19.00"),
    )
    assert line.price_changed
    assert line.warnings == ("The price of Mug has risen from $8.00 to $9.50.",)


def test_a_line_over_the_stock_left_warns_and_reports_its_maximum():
    cart = get_or_create_guest_cart()
    add_item(cart=cart, product=create_product("Lamp", stock_quantity=5), quantity=4)
    Product.objects.filter(name="Lamp").update(stock_quantity=2)

    (line,) = get_cart_contents(cart=cart).lines

    assert (line.in_stock, line.max_quantity) == (False, 2)
    assert line.warnings == ("Only 2 of Lamp in stock.",)


def test_a_line_without_inventory_tracking_has_no_maximum():
    cart = get_or_create_guest_cart()
    add_item(cart=cart, product=create_product("E-book", track_inventory=False), quantity=3)
    (line,) = get_cart_contents(cart=cart).lines
    assert (line.in_stock, line.max_quantity, line.warnings) == (True, None, ())


def test_deleted_and_inactive_products_and_variants_drop_out_with_a_message():
    cart = get_or_create_guest_cart()
    kept = create_product("Kept", stock_quantity=5)
    deleted = create_product("Deleted", stock_quantity=5)
    hidden = create_product("Hidden", stock_quantity=5)
    shirt = create_product("Shirt", stock_quantity=5)
    variant = create_variant(shirt, "Large", stock_quantity=5)
    for product, chosen in ((kept, None), (deleted, None), (hidden, None), (shirt, variant)):
        add_item(cart=cart, product=product, variant=chosen)
    deleted.mark_deleted()
    Product.objects.filter(pk=hidden.pk).update(is_active=False)
    ProductVariant.objects.filter(pk=variant.pk).update(is_active=False)

    contents = read_cart(cart=cart)

    assert [line.name for line in contents.lines] == ["Kept"]
    # The deleted product's line went when it was deleted (a database trigger); the deactivated
    # ones go when the cart is read, with a word to the shopper.
    assert contents.messages == (
        "Hidden is no longer available and was removed from your cart.",
        "Shirt is no longer available and was removed from your cart.",
    )
    assert CartItem.objects.filter(cart=cart).count() == 1


def test_reading_a_cart_takes_the_same_number_of_queries_whatever_its_size():
    def queries_for(line_count):
        cart = get_or_create_guest_cart()
        for _ in range(line_count):
            product = create_product(stock_quantity=5)
            create_image(product, is_primary=True)
            add_item(cart=cart, product=product)
        with CaptureQueriesContext(connection) as captured:
            contents = get_cart_contents(cart=cart)
            [line.image.url for line in contents.lines]
        return len(captured)

    assert queries_for(1) == queries_for(6) == 2


def test_the_primary_image_is_the_line_image():
    cart = get_or_create_guest_cart()
    product = create_product(stock_quantity=5)
    create_image(product, url="/static/img/side.jpg", sort_order=0)
    create_image(product, url="/static/img/front.jpg", is_primary=True, sort_order=1)
    add_item(cart=cart, product=product)
    (line,) = get_cart_contents(cart=cart).lines
    assert line.image.url == "/static/img/front.jpg"
