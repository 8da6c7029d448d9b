"""The cart page: lines, quantities, coupon, shipping estimate and totals."""

import pytest

from apps.cart.models import CartItem
from apps.cart.services import add_item, apply_coupon_to_cart
from tests.checkout.factories import create_illinois_tax, create_stocked_product
from tests.factories import create_coupon, create_image, create_shipping_method

pytestmark = pytest.mark.django_db


@pytest.fixture
def kettle():
    product = create_stocked_product(on_hand=5, price="40.00", name="Copper Kettle")
    create_image(product, is_primary=True)
    return product


def test_an_empty_cart_says_so(client):
    response = client.get("/cart/")

    assert response.status_code == 200
    assert "Your cart is empty." in response.content.decode()


def test_the_cart_lists_lines_and_totals(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=2)

    content = client.get("/cart/").content.decode()

    assert "Copper Kettle" in content
    assert "$80.00" in content
    assert 'href="/checkout/"' in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_changing_a_quantity_and_removing_a_line(client, guest_cart, kettle):
    item = add_item(cart=guest_cart, product=kettle, quantity=1)

    client.post(f"/cart/lines/{item.pk}/", {"quantity": "3"})
    assert CartItem.objects.get().quantity == 3

    response = client.post(f"/cart/lines/{item.pk}/", {"quantity": "9"}, follow=True)
    assert "Only 5 of Copper Kettle in stock." in response.content.decode()
    assert CartItem.objects.get().quantity == 3

    client.post(f"/cart/lines/{item.pk}/remove/")
    assert not CartItem.objects.exists()


def test_a_price_change_since_adding_is_pointed_out(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=1)
    kettle.price = "45.00"
    kettle.save(update_fields=["price"])

    content = client.get("/cart/").content.decode()

    assert "The price of Copper Kettle has risen from $40.00 to $45.00." in content


def test_applying_a_coupon_shows_the_discount(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=1)
    create_coupon(code="TENOFF", value="10")

    response = client.post("/cart/coupon/", {"code": "tenoff"}, follow=True)

    content = response.content.decode()
    assert "The code &quot;TENOFF&quot; was applied." in content
    assert "Discount (TENOFF)" in content
    assert "−$4.00" in content
    assert "$36.00" in content


def test_a_refused_coupon_shows_its_exact_message(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=1)
    create_coupon(code="BIGSPEND", value="10", min_order_amount="100.00")

    unknown = client.post("/cart/coupon/", {"code": "NOPE"}, follow=True).content.decode()
    short = client.post("/cart/coupon/", {"code": "BIGSPEND"}, follow=True).content.decode()

    assert "The code &quot;NOPE&quot; is not valid." in unknown
    assert "Add $60.00 more to use the code &quot;BIGSPEND&quot; (minimum order $100.00)." in short
    guest_cart.refresh_from_db()
    assert guest_cart.coupon is None


def test_removing_the_coupon(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=1)
    apply_coupon_to_cart(cart=guest_cart, code=create_coupon(code="TENOFF").code)

    content = client.post("/cart/coupon/remove/", follow=True).content.decode()

    assert "The coupon was removed." in content
    guest_cart.refresh_from_db()
    assert guest_cart.coupon is None


def test_the_shipping_estimate_lists_quotes_and_prices_the_cheapest_with_tax(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=1)
    create_shipping_method(name="Standard", price="5.00")
    create_shipping_method(name="Express", price="15.00")
    create_illinois_tax("0.1000")

    content = client.get("/cart/", {"country": "us", "state": "IL"}).content.decode()

    assert "Standard: <strong>$5.00</strong>" in content
    assert "Express: <strong>$15.00</strong>" in content
    assert "$4.00" in content  # tax on the goods
    assert "$49.00" in content  # 40 + 5 shipping + 4 tax


def test_a_bad_country_code_shows_a_form_error(client, guest_cart, kettle):
    add_item(cart=guest_cart, product=kettle, quantity=1)

    response = client.get("/cart/", {"country": "USA"})

    assert response.status_code == 200
    assert "Select a valid choice. USA is not one of the available choices." in response.content.decode()


@pytest.mark.parametrize("lines", [1, 8])
def test_the_cart_page_query_count_does_not_grow_with_the_lines(
    client, guest_cart, django_assert_max_num_queries, lines
):
    create_shipping_method()
    for _ in range(lines):
        product = create_stocked_product(on_hand=5)
        create_image(product, is_primary=True)
        add_item(cart=guest_cart, product=product, quantity=1)
    apply_coupon_to_cart(cart=guest_cart, code=create_coupon().code)
    client.get("/cart/")  # the header's menu is cached from here on

    with django_assert_max_num_queries(14):
        assert client.get("/cart/", {"country": "US"}).status_code == 200
