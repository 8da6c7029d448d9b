"""Order history, one order in full, cancelling, asking for a return, and the returns list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.fulfilment import services as fulfilment
from apps.orders.models import OrderStatus
from apps.payments.models import PaymentStatus
from apps.returns.models import ReturnRequest
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.factories import create_shipping_method, create_staff, create_user
from tests.fulfilment.factories import create_carrier
from tests.orders.factories import create_order
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    user = create_user("ada@example.com", first_name="Ada")
    client.force_login(user)
    return user


@pytest.fixture
def lamp():
    return create_stocked_product(name="Desk Lamp", price="25.00", on_hand=10)


def place(user, product, quantity=1):
    cart = create_filled_cart(product, quantity, user=user)
    return checkout(cart, method=create_shipping_method(price="5.00"), user=user, customer_email=user.email)


def test_the_order_history_lists_the_shoppers_orders_only(client, ada, lamp):
    mine = place(ada, lamp, 2)
    theirs = place(create_user(), lamp)

    content = client.get("/account/orders/").content.decode()

    assert mine.order_number in content
    assert theirs.order_number not in content
    assert '<span class="status status-confirmed">Confirmed</span>' in content
    assert "$55.00" in content


def test_the_order_history_costs_the_same_queries_for_2_or_12_orders(client, ada, lamp, django_assert_max_num_queries):
    for _ in range(2):
        create_order(user=ada, lines=[(lamp, 1)])
    with CaptureQueriesContext(connection) as two:
        assert client.get("/account/orders/").status_code == 200
    for _ in range(10):
        create_order(user=ada, lines=[(lamp, 1)])

    with django_assert_max_num_queries(len(two)):
        content = client.get("/account/orders/").content.decode()

    assert content.count("/account/orders/SF-") == 10
    assert "Page 1 of 2" in content


def test_the_order_page_shows_items_addresses_totals_card_and_status_timeline(client, ada, lamp):
    order = place(ada, lamp, 2)

    content = client.get(f"/account/orders/{order.order_number}/").content.decode()

    assert f"Order {order.order_number}" in content
    assert "Desk Lamp" in content
    assert "$50.00" in content and "$55.00 USD" in content
    assert "12 Analytical Row" in content
    assert "Visa ending in 4242" in content
    assert content.count("<li><strong>Confirmed</strong>") == 1
    assert "Cancel order" in content
    assert "Request a return" not in content


def test_another_users_order_is_not_found(client, ada, lamp):
    order = place(create_user(), lamp)

    assert client.get(f"/account/orders/{order.order_number}/").status_code == 404
    assert client.post(f"/account/orders/{order.order_number}/cancel/").status_code == 404
    assert client.get(f"/account/orders/{order.order_number}/return/").status_code == 404


def test_cancelling_a_confirmed_order_voids_its_payment(client, ada, lamp):
    order = place(ada, lamp)

    response = client.post(f"/account/orders/{order.order_number}/cancel/", follow=True)

    content = response.content.decode()
    assert f"Order {order.order_number} is cancelled. Any payment taken goes back to your card." in content
    assert "Cancel order" not in content
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.payments.get().status == PaymentStatus.VOIDED


def test_a_shipped_order_can_no_longer_be_cancelled(client, ada, lamp):
    order = place(ada, lamp)
    staff = create_staff()
    fulfilment.start_processing(order=order, user=staff)
    fulfilment.ship(
        order=order,
        carrier=create_carrier(tracking_url_template="https://ups.example/{tracking_number}"),
        tracking_number="1Z999",
    )

    page = client.get(f"/account/orders/{order.order_number}/").content.decode()
    response = client.post(f"/account/orders/{order.order_number}/cancel/", follow=True)

    assert "Cancel order" not in page
    assert '<a href="https://ups.example/1Z999" rel="noopener" target="_blank">1Z999</a>' in page
    assert f"Order {order.order_number} is shipped and can no longer be cancelled." in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_a_delivered_order_offers_a_return_and_the_request_is_listed(client, ada, lamp):
    order = create_delivered_order(ada, lamp, 3)
    item = order.items.get()

    page = client.get(f"/account/orders/{order.order_number}/").content.decode()
    form = client.get(f"/account/orders/{order.order_number}/return/").content.decode()
    response = client.post(
        f"/account/orders/{order.order_number}/return/",
        {f"quantity_{item.pk}": "2", "reason": "Too bright"},
        follow=True,
    )

    assert "Request a return" in page
    assert "Up to 3" in form
    return_request = ReturnRequest.objects.get(order=order)
    content = response.content.decode()
    assert f"Return {return_request.rma_number} was requested." in content
    assert '<span class="status status-return-requested">Requested</span>' in content
    assert "2 × Desk Lamp" in content
    assert [(line.quantity, line.reason) for line in return_request.items.all()] == [(2, "Too bright")]


def test_asking_to_return_more_than_was_bought_shows_a_form_error(client, ada, lamp):
    order = create_delivered_order(ada, lamp, 2)
    item = order.items.get()

    response = client.post(
        f"/account/orders/{order.order_number}/return/", {f"quantity_{item.pk}": "5", "reason": "Too bright"}
    )

    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 2." in response.content.decode()
    assert ReturnRequest.objects.exists() is False


def test_asking_to_return_nothing_shows_the_services_message(client, ada, lamp):
    order = create_delivered_order(ada, lamp, 2)
    item = order.items.get()

    response = client.post(
        f"/account/orders/{order.order_number}/return/", {f"quantity_{item.pk}": "0", "reason": "Too bright"}
    )

    assert response.status_code == 400
    assert "Choose at least one item to return." in response.content.decode()


def test_an_order_not_yet_delivered_has_no_return_form(client, ada, lamp):
    order = place(ada, lamp)

    response = client.get(f"/account/orders/{order.order_number}/return/", follow=True)

    assert f"Order {order.order_number} has nothing that can be returned." in response.content.decode()


def test_the_returns_page_without_returns_says_how_to_ask(client, ada):
    content = client.get("/account/returns/").content.decode()

    assert "You have no returns." in content
