"""The small demo shop in a real browser: a shopper on a phone filters by colour and size and buys
with a saved address; the product gallery follows the chosen colour."""

import re

import pytest

from apps.orders.models import Order
from tests.e2e.conftest import MOBILE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_phone_shopper_filters_by_colour_and_size_and_buys_with_a_saved_address(
    page, live_server, demo_shop, screenshot
):
    sign_in(page, live_server, demo_shop["grace@example.com"])
    page.set_viewport_size(MOBILE)
    page.goto("/c/hoodies/")
    assert not page.locator("#filters").is_visible()  # folded into the drawer on a phone
    columns = page.locator(".grid").evaluate("grid => getComputedStyle(grid).gridTemplateColumns.split(' ').length")
    assert columns == 2

    page.get_by_text("Filters and sorting").click()
    filters = page.locator("#filters")
    filters.get_by_role("checkbox", name=re.compile(r"^Navy\b")).check()
    filters.get_by_role("checkbox", name=re.compile(r"^M\b")).check()
    screenshot(page, "phone-filters")
    page.set_viewport_size(MOBILE)
    filters.get_by_role("button", name="Apply").click()

    assert page.locator(".result-count").inner_text() == "5 products"
    assert "attr_color=Navy" in page.url and "attr_size=M" in page.url
    screenshot(page, "phone-hoodies-navy-m")
    page.set_viewport_size(MOBILE)
    page.get_by_role("link", name="Zip Hoodie").click()

    page.get_by_label("M / Navy").check()
    assert "zip-hoodie-navy-800.jpg" in page.locator("#gallery-main").get_attribute("src")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_text("Added Zip Hoodie to your cart.").wait_for()
    page.goto("/checkout/")

    shipping = page.get_by_role("region", name="Shipping address")
    assert shipping.get_by_label("Grace Hopper, 1 Compiler Street, New York, 10001, US").is_checked()
    assert not page.get_by_label("First name").first.is_visible()  # the new-address form is folded
    page.get_by_role("radio", name=re.compile(r"^Standard —")).wait_for()  # New York: options straight away
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    assert page.locator("#card-brand").inner_text() == "Visa"
    page.get_by_label("Expiry month").select_option("12")
    page.get_by_label("Expiry year").select_option(index=2)
    page.get_by_label("CVC").fill("314")
    screenshot(page, "phone-checkout-saved-address")
    page.set_viewport_size(MOBILE)
    page.get_by_role("button", name="Place order").click()

    page.get_by_role("heading", name="Thank you for your order").wait_for()
    order = Order.objects.get(user=demo_shop["grace@example.com"], items__product_name="Zip Hoodie")
    assert order.items.get().variant_name == "M / Navy"
    assert order.addresses.get(address_type="shipping").address_line_1 == "1 Compiler Street"
    screenshot(page, "phone-order-placed")


def test_the_gallery_follows_the_chosen_colour(page, demo_shop, screenshot):
    page.goto("/p/classic-pullover-hoodie/")
    main = page.locator("#gallery-main")
    assert "classic-pullover-hoodie-black-800.jpg" in main.get_attribute("src")

    page.get_by_label("L / Navy").check()

    assert "classic-pullover-hoodie-navy-800.jpg" in main.get_attribute("src")
    assert "classic-pullover-hoodie-navy-400.webp 400w" in main.get_attribute("srcset")
    assert main.get_attribute("alt") == "Classic Pullover Hoodie in navy"
    # the navy picture really loads (a WebP from the srcset)
    page.wait_for_function(
        "() => { const img = document.getElementById('gallery-main');"
        " return img.complete && img.naturalWidth > 0 && img.currentSrc.includes('-navy-'); }"
    )
    screenshot(page, "gallery-navy")

    page.get_by_role("link", name="Classic Pullover Hoodie in black").click()
    assert "classic-pullover-hoodie-black-800.jpg" in main.get_attribute("src")


def test_the_search_box_suggests_while_typing_and_corrects_a_misspelling(page, demo_shop, screenshot):
    page.goto("/")
    page.get_by_label("Search products").press_sequentially("hood", delay=40)

    suggestions = page.get_by_role("listbox", name="Suggestions")
    suggestions.get_by_role("option", name="Zip Hoodie").wait_for()
    assert suggestions.get_by_role("option", name="Hoodies").is_visible()  # the category
    screenshot(page, "search-suggestions")

    page.goto("/search/?q=hoddie")
    assert page.get_by_text("Showing results for hoodie; search instead for hoddie").is_visible()
    assert page.locator(".result-count").inner_text() == "5 results"
    screenshot(page, "search-corrected")
