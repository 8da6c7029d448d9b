import pytest
from rest_framework.test import APIClient

from apps.orders.models import Order
from tests.checkout.factories import ADDRESS, DECLINED_CARD, GOOD_CARD, create_filled_cart, create_stocked_product
from tests.factories import create_address, create_shipping_method, create_user
from tests.payments.conftest import NEXT_YEAR

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def method():
    return create_shipping_method(price="5.00")


def _payload(method, card_number=GOOD_CARD, **overrides):
    return {
        "email": "ada@example.com",
        "shipping_address": dict(ADDRESS),
        "shipping_method": str(method.pk),
        "payment": {"method": "card", "card_number": card_number, "exp_month": 12, "exp_year": NEXT_YEAR, "cvc": "314"},
        **overrides,
    }


def _checkout(api, payload, **headers):
    return api.post(f"{V1}/checkout/", payload, headers=headers)


def test_a_guest_adds_an_item_gets_a_token_and_checks_out_with_it(api, method):
    product = create_stocked_product(price="25.00", name="Tee")
    token = api.post(f"{V1}/cart/items/", {"product": str(product.pk), "quantity": 2})["X-Cart-Token"]
    response = _checkout(api, _payload(method), **{"X-Cart-Token": token})
    assert response.status_code == 201
    order = response.json()
    assert (order["status"], order["total"], order["customer_email"]) == ("confirmed", "55.00", "ada@example.com")
    assert [(item["product_name"], item["quantity"]) for item in order["items"]] == [("Tee", 2)]
    assert order["shipping_address"]["city"] == "Springfield"
    assert order["billing_address"] == order["shipping_address"]
    assert api.get(f"{V1}/cart/", headers={"X-Cart-Token": token}).json()["lines"] == []


def test_the_same_idempotency_key_twice_returns_the_same_order(api, method):
    user = create_user()
    create_filled_cart(create_stocked_product(), 1, user=user)
    api.force_authenticate(user)
    first = _checkout(api, _payload(method), **{"Idempotency-Key": "attempt-1"})
    second = _checkout(api, _payload(method), **{"Idempotency-Key": "attempt-1"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert Order.objects.count() == 1


def test_a_signed_in_shopper_checks_out_to_a_saved_address_with_their_email(api, method):
    user = create_user(email="grace@example.com")
    create_filled_cart(create_stocked_product(), 1, user=user)
    saved = create_address(user, city="Arlington", state="VA")
    api.force_authenticate(user)
    payload = _payload(method, shipping_address_id=str(saved.pk))
    del payload["shipping_address"], payload["email"]
    response = _checkout(api, payload)
    assert response.status_code == 201
    assert (response.json()["customer_email"], response.json()["shipping_address"]["city"]) == (
        "grace@example.com",
        "Arlington",
    )
    assert Order.objects.get().user == user


def test_someone_elses_saved_address_is_refused(api, method):
    user = create_user()
    create_filled_cart(create_stocked_product(), 1, user=user)
    api.force_authenticate(user)
    payload = _payload(method, shipping_address_id=str(create_address(create_user()).pk))
    del payload["shipping_address"]
    response = _checkout(api, payload)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"shipping_address_id": ["No such saved address."]}


def test_a_declined_card_answers_402_and_places_nothing(api, method):
    cart = create_filled_cart(create_stocked_product())
    response = _checkout(api, _payload(method, card_number=DECLINED_CARD), **{"X-Cart-Token": cart.session_id})
    assert response.status_code == 402
    assert response.json()["error"] == {
        "code": "card_declined",
        "message": "Your card was declined.",
        "fields": {"payment": ["card_declined"]},
    }
    assert not Order.objects.exists()


def test_stock_that_ran_out_answers_409(api, method):
    product = create_stocked_product(on_hand=1)
    cart = create_filled_cart(product, 1)
    product.stock_quantity = 0
    product.save(update_fields=["stock_quantity"])
    response = _checkout(api, _payload(method), **{"X-Cart-Token": cart.session_id})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "out_of_stock")
    assert response.json()["error"]["fields"] == {"products": [str(product.pk)]}


def test_bad_input_answers_400_naming_the_fields(api, method):
    payload = _payload(method, email="nope")
    del payload["shipping_address"]["city"]
    payload["payment"]["exp_month"] = 13
    response = _checkout(api, payload)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "email": ["Enter a valid email address."],
        "shipping_address": {"city": ["This field is required."]},
        "payment": {"exp_month": ["Ensure this value is less than or equal to 12."]},
    }


def test_a_guest_must_give_an_email_and_an_address(api, method):
    payload = _payload(method)
    del payload["email"], payload["shipping_address"]
    response = _checkout(api, payload)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"email": ["This field is required."]}


def test_a_shipping_method_that_does_not_deliver_there_is_named_by_its_request_field(api):
    cart = create_filled_cart(create_stocked_product())
    canada = create_shipping_method(countries=("CA",))
    response = _checkout(api, _payload(canada), **{"X-Cart-Token": cart.session_id})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "shipping_unavailable"
    assert response.json()["error"]["fields"] == {"shipping_method": [str(canada.pk)]}


def test_checking_out_without_a_cart_answers_400(api, method):
    response = _checkout(api, _payload(method))
    assert (response.status_code, response.json()["error"]["message"]) == (400, "Your cart is empty.")


def test_the_same_idempotency_key_with_another_body_is_a_422_naming_the_key(api, method):
    user = create_user()
    create_filled_cart(create_stocked_product(), 1, user=user)
    api.force_authenticate(user)
    first = _checkout(api, _payload(method), **{"Idempotency-Key": "attempt-7"})
    other = _checkout(api, _payload(method, email="grace@example.com"), **{"Idempotency-Key": "attempt-7"})
    assert (first.status_code, other.status_code) == (201, 422)
    error = other.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert error["message"] == "The Idempotency-Key “attempt-7” was already used for a different checkout request."
    assert list(error["fields"]) == ["Idempotency-Key"]
    assert Order.objects.count() == 1
