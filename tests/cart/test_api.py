from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from apps.cart.models import Cart
from apps.cart.services import add_item, get_or_create_guest_cart, get_or_create_user_cart
from tests.checkout.factories import create_stocked_product
from tests.factories import create_coupon, create_shipping_method, create_user

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def _add(api, product, quantity=1, **headers):
    return api.post(f"{V1}/cart/items/", {"product": str(product.pk), "quantity": quantity}, headers=headers)


def test_a_guests_first_item_issues_a_cart_token_in_header_and_body(api):
    product = create_stocked_product(price="25.00", name="Tee")
    response = _add(api, product, 2)
    assert response.status_code == 201
    token = response["X-Cart-Token"]
    assert response.json()["token"] == token
    assert [(line["product"]["name"], line["quantity"], line["line_total"]) for line in response.json()["lines"]] == [
        ("Tee", 2, "50.00")
    ]
    again = _add(api, product, 1, **{"X-Cart-Token": token})
    assert (again["X-Cart-Token"], again.json()["item_count"]) == (token, 3)
    body = api.get(f"{V1}/cart/", headers={"X-Cart-Token": token}).json()
    assert body["totals"] == {
        "subtotal": "75.00",
        "discount": "0.00",
        "shipping": "0.00",
        "tax": "0.00",
        "total": "75.00",
        "currency": "USD",
    }


def test_a_request_without_a_cart_reads_an_empty_one_and_creates_nothing(api):
    body = api.get(f"{V1}/cart/").json()
    assert (body["token"], body["lines"], body["totals"]["total"]) == (None, [], "0.00")
    assert not Cart.objects.exists()


def test_a_signed_in_shopper_uses_their_own_cart_without_a_token(api):
    user = create_user()
    api.force_authenticate(user)
    response = _add(api, create_stocked_product())
    assert (response.status_code, response.json()["token"], response.has_header("X-Cart-Token")) == (201, None, False)
    assert Cart.objects.get().user == user


def test_signing_in_with_a_guest_token_merges_the_guest_cart(api):
    product = create_stocked_product()
    token = _add(api, product, 2)["X-Cart-Token"]
    user = create_user()
    add_item(cart=get_or_create_user_cart(user=user), product=product, quantity=1)
    api.force_authenticate(user)
    body = api.get(f"{V1}/cart/", headers={"X-Cart-Token": token}).json()
    assert (body["token"], body["item_count"]) == (None, 3)
    assert Cart.objects.get().user == user


def test_asking_for_more_than_is_in_stock_answers_409(api):
    product = create_stocked_product(on_hand=2, name="Tee")
    response = _add(api, product, 3)
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "out_of_stock",
        "message": "Only 2 of Tee in stock.",
        "fields": {"quantity": 2},
    }


def test_adding_with_a_bad_quantity_answers_400_with_the_field(api):
    response = _add(api, create_stocked_product(), 0)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"quantity": ["Ensure this value is greater than or equal to 1."]}


def test_patch_changes_a_lines_quantity_and_zero_removes_it(api):
    user = create_user()
    api.force_authenticate(user)
    line = _add(api, create_stocked_product(price="10.00"), 1).json()["lines"][0]
    patched = api.patch(f"{V1}/cart/items/{line['id']}/", {"quantity": 4})
    assert (patched.status_code, patched.json()["totals"]["subtotal"]) == (200, "40.00")
    removed = api.patch(f"{V1}/cart/items/{line['id']}/", {"quantity": 0})
    assert removed.json()["lines"] == []


def test_delete_removes_a_line_and_an_unknown_line_answers_404(api):
    user = create_user()
    api.force_authenticate(user)
    line = _add(api, create_stocked_product(), 1).json()["lines"][0]
    assert api.delete(f"{V1}/cart/items/{line['id']}/").json()["lines"] == []
    assert api.delete(f"{V1}/cart/items/{line['id']}/").status_code == 404


def test_one_cannot_change_or_remove_a_line_of_someone_elses_cart(api):
    product = create_stocked_product()
    item = add_item(cart=get_or_create_user_cart(user=create_user()), product=product, quantity=1)
    guest_item = add_item(cart=get_or_create_guest_cart(), product=product, quantity=1)
    api.force_authenticate(create_user())
    _add(api, product)
    for line in (item, guest_item):
        assert api.patch(f"{V1}/cart/items/{line.pk}/", {"quantity": 5}).status_code == 404
        assert api.delete(f"{V1}/cart/items/{line.pk}/").status_code == 404
        line.refresh_from_db()
        assert line.quantity == 1


def test_a_coupon_is_applied_and_removed(api):
    api.force_authenticate(create_user())
    _add(api, create_stocked_product(price="50.00"), 2)
    create_coupon("SAVE10", value="10")
    applied = api.post(f"{V1}/cart/coupon/", {"code": "SAVE10"})
    assert (applied.status_code, applied.json()["coupon_code"], applied.json()["totals"]["total"]) == (
        200,
        "SAVE10",
        "90.00",
    )
    removed = api.delete(f"{V1}/cart/coupon/")
    assert (removed.json()["coupon_code"], removed.json()["totals"]["total"]) == ("", "100.00")


def test_an_unknown_coupon_answers_400_with_the_refusal(api):
    api.force_authenticate(create_user())
    _add(api, create_stocked_product())
    response = api.post(f"{V1}/cart/coupon/", {"code": "NOPE"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "coupon_not_found"
    assert response.json()["error"]["message"] == 'The code "NOPE" is not valid.'


def test_a_coupon_without_a_cart_answers_404(api):
    assert api.post(f"{V1}/cart/coupon/", {"code": "SAVE10"}).status_code == 404


def test_shipping_methods_are_priced_for_the_carts_subtotal(api):
    create_shipping_method("Standard", price="5.00", free_above=Decimal("40.00"))
    create_shipping_method("Express", price="15.00")
    create_shipping_method("Canada only", price="1.00", countries=("CA",))
    token = _add(api, create_stocked_product(price="50.00"))["X-Cart-Token"]
    response = api.get(f"{V1}/shipping-methods/", {"country": "us"}, headers={"X-Cart-Token": token})
    assert [(quote["name"], quote["price"]) for quote in response.json()] == [
        ("Standard", "0.00"),
        ("Express", "15.00"),
    ]


def test_shipping_methods_need_a_country(api):
    response = api.get(f"{V1}/shipping-methods/")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"country": ["This field is required."]}
