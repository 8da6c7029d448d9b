"""The checkout page: placing an order, and refusals that keep the cart and what was typed."""

import uuid

import pytest

from apps.cart.models import CartItem
from apps.cart.services import add_item, get_or_create_user_cart
from apps.orders.models import Order
from apps.payments.models import Payment
from tests.checkout.factories import ADDRESS, DECLINED_CARD, GOOD_CARD, create_illinois_tax, create_stocked_product
from tests.factories import create_address, create_shipping_method, create_user
from tests.payments.conftest import NEXT_YEAR

pytestmark = pytest.mark.django_db

TEST_CARDS_HINT = "Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 declines"


@pytest.fixture
def lamp():
    return create_stocked_product(on_hand=3, price="25.00", name="Desk Lamp")


@pytest.fixture
def method():
    return create_shipping_method(name="Standard", price="5.00")


def form_data(method, *, card=GOOD_CARD, key=None, **overrides):
    data = {
        "email": "ada@example.com",
        "shipping_choice": "new",
        "billing_choice": "same",
        "shipping_method": str(method.pk),
        "idempotency_key": str(key or uuid.uuid4()),
        "card-number": card,
        "card-exp_month": "12",
        "card-exp_year": str(NEXT_YEAR),
        "card-cvc": "314",
        "place": "1",
        **{f"shipping-{name}": value for name, value in ADDRESS.items()},
    }
    data.update(overrides)
    return data


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(client):
    response = client.get("/checkout/")

    assert response.status_code == 302
    assert response.url == "/cart/"


def test_the_checkout_page_shows_the_form_the_test_card_hint_and_a_key(client, guest_cart, lamp):
    add_item(cart=guest_cart, product=lamp, quantity=1)

    content = client.get("/checkout/").content.decode()

    assert TEST_CARDS_HINT in content
    assert 'name="idempotency_key"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert '<label for="id_shipping-city">City</label>' in content


def test_showing_shipping_options_lists_the_methods_for_the_typed_address(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=1)
    data = form_data(method)
    del data["place"], data["shipping_method"]

    content = client.post("/checkout/", {**data, "update": "1"}).content.decode()

    assert f'value="{method.pk}" checked' in content
    assert "Standard — <strong>$5.00</strong>" in content
    assert "$30.00" in content
    assert "This field is required" not in content


def test_a_guest_places_an_order_and_sees_its_confirmation(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=2)

    response = client.post("/checkout/", form_data(method))

    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == f"/checkout/done/{order.order_number}/"
    assert (order.customer_email, order.total, order.status) == ("ada@example.com", 55, "confirmed")
    assert not CartItem.objects.exists()
    confirmation = client.get(response.url).content.decode()
    assert order.order_number in confirmation
    assert "Desk Lamp" in confirmation


def test_a_double_submit_returns_the_same_order(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=1)
    data = form_data(method)

    first = client.post("/checkout/", data)
    add_item(cart=guest_cart, product=lamp, quantity=1)  # the cart is filled again meanwhile
    second = client.post("/checkout/", data)

    assert first.url == second.url
    assert Order.objects.count() == 1


def test_the_confirmation_is_only_shown_to_the_browser_that_ordered(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=1)
    url = client.post("/checkout/", form_data(method)).url
    client.logout()  # a fresh session

    assert client.get(url).status_code == 404


def test_a_declined_card_keeps_the_cart_and_the_address(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=1)

    response = client.post("/checkout/", form_data(method, card=DECLINED_CARD))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Your order was not placed." in content
    assert "Your card was declined." in content
    assert 'value="12 Analytical Row"' in content
    assert 'value="ada@example.com"' in content
    assert DECLINED_CARD not in content and 'value="314"' not in content
    assert CartItem.objects.get().quantity == 1
    assert not Order.objects.exists() and not Payment.objects.exists()


def test_a_stock_conflict_explains_what_is_short(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=3)
    lamp.stock_levels.update(quantity_on_hand=1)

    response = client.post("/checkout/", form_data(method))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Only 1 of “Desk Lamp” available; 3 requested." in content
    assert CartItem.objects.get().quantity == 3


def test_missing_fields_are_shown_next_to_their_inputs(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=1)

    response = client.post("/checkout/", form_data(method, **{"shipping-city": "", "card-number": "12"}))

    content = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in content
    assert "Enter the card number as printed on the card." in content
    assert not Order.objects.exists()


def test_a_signed_in_shopper_ships_to_a_saved_address(client, lamp, method):
    user = create_user(email="grace@example.com")
    saved = create_address(user, address_line_1="1 Compiler Way")
    add_item(cart=get_or_create_user_cart(user=user), product=lamp, quantity=1)
    client.force_login(user)

    page = client.get("/checkout/").content.decode()
    assert "1 Compiler Way" in page
    assert 'value="grace@example.com"' in page

    data = form_data(method, shipping_choice=str(saved.pk), email="grace@example.com")
    for name in ADDRESS:
        data.pop(f"shipping-{name}")
    response = client.post("/checkout/", data)

    order = Order.objects.get()
    assert response.status_code == 302
    assert order.user == user
    assert order.addresses.get(address_type="shipping").address_line_1 == "1 Compiler Way"
    client.logout()
    client.force_login(user)  # the owner sees it from any browser
    assert client.get(response.url).status_code == 200


def test_the_card_expiry_starts_empty_and_must_be_chosen(client, guest_cart, lamp, method):
    add_item(cart=guest_cart, product=lamp, quantity=1)

    page = client.get("/checkout/").content.decode()
    response = client.post("/checkout/", form_data(method, **{"card-exp_month": "", "card-exp_year": ""}))

    assert '<option value="" selected>MM</option>' in page and '<option value="" selected>YYYY</option>' in page
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert not Order.objects.exists()


def test_the_country_is_a_select_of_the_countries_shipping_zones_serve(client, guest_cart, lamp, method):
    create_shipping_method(name="EU Standard", countries=("DE", "FR"))
    add_item(cart=guest_cart, product=lamp, quantity=1)

    page = client.get("/checkout/").content.decode()

    assert '<option value="DE">Germany</option>' in page and '<option value="FR">France</option>' in page
    assert '<option value="US" selected>United States</option>' in page
    assert 'value="GB"' not in page  # no zone ships to the United Kingdom
    assert '<optgroup label="United States">' in page and '<option value="IL">Illinois</option>' in page
    response = client.post("/checkout/", form_data(method, **{"shipping-country_code": "GB"}))
    assert "Select a valid choice. GB is not one of the available choices." in response.content.decode()
    us_without_state = client.post("/checkout/", form_data(method, **{"shipping-state": ""}))
    assert "Choose the state or region of this country." in us_without_state.content.decode()


def test_shipping_options_and_tax_follow_the_country_and_state_typed_so_far(client, guest_cart, lamp, method):
    create_illinois_tax("0.1000")
    add_item(cart=guest_cart, product=lamp, quantity=1)

    response = client.post(
        "/checkout/",
        {"shipping_choice": "new", "shipping-country_code": "US", "shipping-state": "IL", "shipping-city": "Spri"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert f'value="{method.pk}" checked' in content
    assert '<tr><td>Tax</td><td class="number">$2.50</td></tr>' in content  # 10 % of $25.00
    assert 'value="Spri"' in content  # what was typed stays


def test_the_method_chosen_in_the_cart_estimate_is_kept_at_checkout(client, guest_cart, lamp, method):
    express = create_shipping_method(name="Express", price="15.00")
    create_illinois_tax("0.1000")
    add_item(cart=guest_cart, product=lamp, quantity=1)

    cart_page = client.get("/cart/", {"country": "US", "state": "IL", "method": str(express.pk)}).content.decode()
    page = client.get("/checkout/").content.decode()

    assert f'value="{express.pk}" checked' in cart_page
    assert f'value="{express.pk}" checked' in page
    assert '<option value="IL" selected>Illinois</option>' in page
    assert '<tr class="grand"><td>Total</td><td class="number">$42.50</td></tr>' in page  # 25 + 15 + 2.50 tax


def test_saved_addresses_come_first_and_the_new_address_form_is_folded(client, lamp, method):
    user = create_user(email="grace@example.com")
    create_address(user, address_line_1="1 Compiler Way")
    add_item(cart=get_or_create_user_cart(user=user), product=lamp, quantity=1)
    client.force_login(user)

    page = client.get("/checkout/").content.decode()

    assert page.index("1 Compiler Way") < page.index('<details class="new-address">')
    assert f'value="{method.pk}" checked' in page  # options for the saved address at once
