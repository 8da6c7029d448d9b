import pytest
from rest_framework.test import APIClient

from apps.orders.models import Order, OrderStatus
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.factories import create_product, create_shipping_method, create_staff, create_user
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def _placed_order(user, **product_fields):
    cart = create_filled_cart(create_stocked_product(**product_fields), 2, user=user)
    return checkout(cart, method=create_shipping_method(price="5.00"), user=user, customer_email=user.email)


def test_a_shopper_lists_only_their_own_orders_newest_first(api):
    user = create_user()
    product = create_product(price="10.00")
    older = create_order(user=user, lines=[(product, 2)])
    newer = create_order(user=user, lines=[(product, 1)])
    create_order(user=create_user(), lines=[(product, 1)])
    api.force_authenticate(user)
    results = api.get(f"{V1}/orders/").json()["results"]
    assert [(order["order_number"], order["item_count"], order["total"]) for order in results] == [
        (newer.order_number, 1, "10.00"),
        (older.order_number, 2, "20.00"),
    ]


def test_staff_see_every_order(api):
    create_order(user=create_user(), lines=[(create_product(), 3)])
    create_order(lines=[(create_product(), 1)])
    api.force_authenticate(create_staff())
    assert sorted(order["item_count"] for order in api.get(f"{V1}/orders/").json()["results"]) == [1, 3]


def test_staff_filter_the_order_list_by_status_and_customer(api):
    ada = create_order(user=create_user(email="ada@example.com"), lines=[(create_product(), 1)])
    create_order(user=create_user(email="bob@example.com"), lines=[(create_product(), 1)])
    Order.objects.filter(pk=ada.pk).update(status=OrderStatus.SHIPPED)
    api.force_authenticate(create_staff())

    by_status = api.get(f"{V1}/orders/", {"status": "shipped"}).json()["results"]
    by_email = api.get(f"{V1}/orders/", {"search": "ADA@"}).json()["results"]

    assert [order["order_number"] for order in by_status] == [ada.order_number]
    assert [order["order_number"] for order in by_email] == [ada.order_number]


def test_a_bad_staff_filter_answers_400_naming_it(api):
    api.force_authenticate(create_staff())

    response = api.get(f"{V1}/orders/", {"status": "lost"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


@pytest.mark.parametrize("rows", [3, 25])
def test_the_order_list_runs_the_same_queries_for_3_or_25_rows(api, rows, django_assert_max_num_queries):
    user = create_user()
    product = create_product()
    for _ in range(rows):
        create_order(user=user, lines=[(product, 1)])
    api.force_authenticate(user)
    with django_assert_max_num_queries(2):
        response = api.get(f"{V1}/orders/", {"page_size": 100})
    assert len(response.json()["results"]) == rows


def test_orders_need_a_signed_in_user(api):
    assert api.get(f"{V1}/orders/").status_code == 401


def test_the_order_detail_shows_lines_addresses_payment_and_history(api):
    user = create_user()
    order = _placed_order(user, name="Tee", price="25.00")
    api.force_authenticate(user)
    body = api.get(f"{V1}/orders/{order.pk}/").json()
    assert (body["order_number"], body["status"], body["total"]) == (order.order_number, "confirmed", "55.00")
    assert [(item["product_name"], item["quantity"], item["subtotal"]) for item in body["items"]] == [
        ("Tee", 2, "50.00")
    ]
    assert body["shipping_address"]["last_name"] == "Lovelace"
    assert [(payment["status"], payment["amount"]) for payment in body["payments"]] == [("authorized", "55.00")]
    assert [change["status"] for change in body["status_history"]] == ["pending", "confirmed"]


def test_someone_elses_order_answers_404(api):
    order = create_order(user=create_user())
    api.force_authenticate(create_user())
    response = api.get(f"{V1}/orders/{order.pk}/")
    assert (response.status_code, response.json()["error"]["message"]) == (404, "No such order.")


def test_cancelling_an_order_voids_its_payment(api):
    user = create_user()
    order = _placed_order(user)
    api.force_authenticate(user)
    response = api.post(f"{V1}/orders/{order.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert [payment["status"] for payment in response.json()["payments"]] == ["voided"]


def test_cancelling_an_order_twice_answers_409_illegal_transition(api):
    user = create_user()
    order = create_order(user=user, status=OrderStatus.CANCELLED)
    api.force_authenticate(user)
    response = api.post(f"{V1}/orders/{order.pk}/cancel/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert (
        response.json()["error"]["message"] == f"Cannot change order {order.order_number} from cancelled to cancelled."
    )


def test_one_cannot_cancel_someone_elses_order(api):
    order = create_order(user=create_user())
    api.force_authenticate(create_user())
    assert api.post(f"{V1}/orders/{order.pk}/cancel/").status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
