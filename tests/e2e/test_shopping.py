"""Shopping in a real browser: search, choose, add to cart, coupon, check out."""

import pytest
from django.conf import settings
from django.test import Client

from tests.checkout.factories import create_stocked_product
from tests.factories import (
    create_category,
    create_coupon,
    create_image,
    create_product,
    create_shipping_method,
    create_stock,
    create_user,
    create_variant,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS = {
    "First name": "Ada",
    "Last name": "Lovelace",
    "Address": "12 Analytical Row",
    "City": "Springfield",
    "Postal code": "62701",
}


@pytest.fixture
def shop():
    """A category with a two-size shirt (one size sold out) and a kettle; one shipping method."""
    clothes = create_category("Clothes", slug="clothes")
    shirt = create_product(
        "Linen Shirt",
        slug="linen-shirt",
        price="30.00",
        category=clothes,
        is_featured=True,
        description="A light shirt for warm days.",
    )
    create_stock(shirt, variant=create_variant(shirt, "Small", price="30.00"), on_hand=0)
    create_stock(shirt, variant=create_variant(shirt, "Large", price="34.00"), on_hand=5)
    create_image(shirt, url="/static/img/logo.svg", alt_text="A white linen shirt", is_primary=True)
    create_stocked_product(name="Copper Kettle", slug="copper-kettle", price="40.00", category=clothes)
    create_shipping_method(name="Standard", price="5.00")
    return shirt


def fill_checkout(page, card_number):
    page.get_by_label("Email").fill("ada@example.com")
    for label, value in ADDRESS.items():
        page.get_by_label(label, exact=True).first.fill(value)
    page.get_by_label("State / region").first.select_option("IL")
    # The shipping options come as soon as the address is known, without a click.
    page.get_by_label("Standard").wait_for()
    page.get_by_label("Card number").fill(card_number)
    page.get_by_label("CVC").fill("314")
    page.get_by_label("Expiry month").select_option("12")
    page.get_by_label("Expiry year").select_option(index=2)


def add_kettle_to_cart(page):
    page.goto("/p/copper-kettle/")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_text("Added Copper Kettle to your cart.").wait_for()


def test_a_guest_searches_picks_a_size_and_checks_out(page, shop, screenshot):
    page.goto("/")
    screenshot(page, "home")
    page.get_by_label("Search products").fill("linen")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Linen Shirt").click()

    page.get_by_label("Large").check()
    assert page.locator("#product-price").inner_text() == "$34.00"
    screenshot(page, "product")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_text("Added Linen Shirt to your cart.").wait_for()

    page.get_by_role("link", name="Cart").click()
    assert page.get_by_text("Large", exact=True).is_visible()
    screenshot(page, "cart")
    page.get_by_role("link", name="Go to checkout").click()
    fill_checkout(page, "4242 4242 4242 4242")
    screenshot(page, "checkout")
    page.get_by_role("button", name="Place order").click()

    page.get_by_role("heading", name="Thank you for your order").wait_for()
    number = page.locator(".order-number").inner_text()
    assert number.startswith("SF-")
    screenshot(page, "confirmation")


def test_a_signed_in_shopper_applies_a_coupon_on_the_cart_page(page, live_server, shop):
    user = create_user(email="grace@example.com")
    create_coupon(code="TENOFF", value="10")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    add_kettle_to_cart(page)

    page.goto("/cart/")
    page.get_by_label("Coupon code").fill("TENOFF")
    page.get_by_role("button", name="Apply").click()

    page.get_by_text('The code "TENOFF" was applied.').wait_for()
    assert page.get_by_text("Discount (TENOFF)").is_visible()
    assert page.get_by_text("−$4.00").is_visible()


def test_a_declined_card_shows_its_message_and_keeps_the_cart(page, shop):
    add_kettle_to_cart(page)
    page.goto("/checkout/")
    fill_checkout(page, "4000 0000 0000 0002")

    page.get_by_role("button", name="Place order").click()

    page.get_by_text("Your order was not placed.").wait_for()
    assert page.get_by_text("Your card was declined.").is_visible()
    assert page.get_by_label("Address", exact=True).first.input_value() == "12 Analytical Row"
    page.goto("/cart/")
    assert page.get_by_role("link", name="Copper Kettle").is_visible()
