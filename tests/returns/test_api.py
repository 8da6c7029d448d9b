import pytest
from rest_framework.test import APIClient

from apps.cart.services import add_item, get_or_create_user_cart
from apps.orders.models import OrderStatus
from apps.returns.models import ReturnRequest
from apps.returns.services import request_return
from tests.checkout.factories import create_stocked_product
from tests.factories import create_product, create_user
from tests.orders.factories import create_order
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def _payload(order, quantity=1):
    line = order.items.get()
    return {
        "order": str(order.pk),
        "items": [{"order_item": str(line.pk), "quantity": quantity, "reason": "Too small"}],
        "reason": "Wrong size",
    }


def test_a_shopper_asks_to_return_goods_of_a_delivered_order(api):
    user = create_user()
    order = create_delivered_order(user, create_stocked_product(name="Tee"), 2)
    api.force_authenticate(user)
    response = api.post(f"{V1}/returns/", _payload(order))
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["order"]["order_number"], body["reason"]) == (
        "requested",
        order.order_number,
        "Wrong size",
    )
    assert [(item["product_name"], item["quantity"], item["reason"]) for item in body["items"]] == [
        ("Tee", 1, "Too small")
    ]
    assert [change["status"] for change in body["status_history"]] == ["requested"]
    listed = api.get(f"{V1}/returns/").json()["results"]
    assert [request["rma_number"] for request in listed] == [body["rma_number"]]
    assert api.get(f"{V1}/returns/{body['id']}/").json()["rma_number"] == body["rma_number"]


def test_returning_more_than_was_bought_answers_400(api):
    user = create_user()
    order = create_delivered_order(user, create_stocked_product(name="Tee"), 2)
    api.force_authenticate(user)
    response = api.post(f"{V1}/returns/", _payload(order, quantity=3))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "You can return between 1 and 2 of “Tee”."


def test_an_order_not_yet_delivered_cannot_be_returned(api):
    user = create_user()
    order = create_order(user=user, lines=[(create_product(), 1)], status=OrderStatus.CONFIRMED)
    api.force_authenticate(user)
    response = api.post(f"{V1}/returns/", _payload(order))
    assert (response.status_code, response.json()["error"]["code"]) == (400, "not_delivered")


def test_a_return_without_items_answers_400_naming_the_field(api):
    user = create_user()
    order = create_order(user=user)
    api.force_authenticate(user)
    response = api.post(f"{V1}/returns/", {"order": str(order.pk), "items": [], "reason": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"items": {"non_field_errors": ["This list may not be empty."]}}


def test_returns_need_a_signed_in_user(api):
    assert api.get(f"{V1}/returns/").status_code == 401


def test_one_shopper_can_neither_read_nor_change_another_shoppers_order_cart_line_or_return(api):
    owner, intruder = create_user(), create_user()
    order = create_delivered_order(owner, create_stocked_product(), 2)
    return_request = request_return(
        order=order, user=owner, items=[(order.items.get(), 1, "")], reason="Changed my mind"
    )
    cart_line = add_item(cart=get_or_create_user_cart(user=owner), product=create_stocked_product(), quantity=1)
    api.force_authenticate(intruder)

    assert api.get(f"{V1}/orders/{order.pk}/").status_code == 404
    assert api.post(f"{V1}/orders/{order.pk}/cancel/").status_code == 404
    assert api.get(f"{V1}/orders/").json()["count"] == 0
    assert api.patch(f"{V1}/cart/items/{cart_line.pk}/", {"quantity": 3}).status_code == 404
    assert api.delete(f"{V1}/cart/items/{cart_line.pk}/").status_code == 404
    assert api.get(f"{V1}/returns/{return_request.pk}/").status_code == 404
    assert api.get(f"{V1}/returns/").json()["count"] == 0
    stolen = api.post(f"{V1}/returns/", _payload(order))
    assert stolen.status_code == 400
    assert list(stolen.json()["error"]["fields"]) == ["order", "items"]

    order.refresh_from_db()
    cart_line.refresh_from_db()
    assert (order.status, cart_line.quantity, ReturnRequest.objects.count()) == (OrderStatus.DELIVERED, 1, 1)
