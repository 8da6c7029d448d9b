"""A guest follows their order: lookup by number and email, the mailed signed link, tracking, a return,
and the order joining the account they open later with the same address."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.accounts.services import register_user
from apps.orders.guest_access import access_token, access_url
from apps.orders.models import Order
from apps.returns.models import ReturnRequest
from tests.checkout.factories import create_stocked_product
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db

LINK_SENT = (
    "If an order with that number was placed with that email address, we have just emailed it a link to the order."
)


def linked_path(message):
    return re.search(r"https?://[^/\s]+(/orders/track/\S+/)", message.body).group(1)


@pytest.fixture
def guest_order(django_capture_on_commit_callbacks):
    lamp = create_stocked_product(name="Desk Lamp", price="25.00", on_hand=10)
    with django_capture_on_commit_callbacks(execute=True):
        order = create_delivered_order(None, lamp, 2, email="grace@example.com")
    mail.outbox.clear()
    return order


def look_up(client, order_number, email, captured):
    with captured(execute=True):
        return client.post("/orders/lookup/", {"order_number": order_number, "email": email}, follow=True)


def test_the_lookup_answers_the_same_and_mails_the_link_only_to_the_orders_address(
    client, guest_order, django_capture_on_commit_callbacks
):
    wrong_email = look_up(client, guest_order.order_number, "mallory@example.com", django_capture_on_commit_callbacks)
    no_such_order = look_up(client, "SF-2026-999999", "grace@example.com", django_capture_on_commit_callbacks)
    assert mail.outbox == []

    found = look_up(client, guest_order.order_number, "Grace@Example.com", django_capture_on_commit_callbacks)

    for response in (wrong_email, no_such_order, found):
        assert response.status_code == 200
        assert LINK_SENT in response.content.decode()
    assert [message.to for message in mail.outbox] == [["grace@example.com"]]
    assert mail.outbox[0].subject == f"Your order {guest_order.order_number}"


def test_the_link_shows_the_tracking_and_takes_a_return_then_the_order_joins_the_new_account(
    client, guest_order, django_capture_on_commit_callbacks
):
    look_up(client, guest_order.order_number, "grace@example.com", django_capture_on_commit_callbacks)
    path = linked_path(mail.outbox[0])

    page = client.get(path).content.decode()
    assert f"Order {guest_order.order_number}" in page
    assert '<span class="status status-delivered">Delivered</span>' in page
    assert "Desk Lamp" in page and "$55.00 USD" in page
    assert "Request a return" in page

    lamp_line = guest_order.items.get()
    returned = client.post(f"{path}return/", {f"quantity_{lamp_line.pk}": 1, "reason": "Too bright"}, follow=True)
    return_request = ReturnRequest.objects.get(order=guest_order)
    assert f"Return {return_request.rma_number} was requested." in returned.content.decode()
    assert (return_request.user, return_request.reason, return_request.items.get().quantity) == (None, "Too bright", 1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"first_name": "Grace", "email": "grace@example.com", "password": "an unusual passphrase"},
        )
    verify_path = re.search(r"https?://[^/\s]+(/accounts/verify-email/\S+)", mail.outbox[-1].body).group(1)
    verified = client.get(verify_path, follow=True).content.decode()

    assert "Thank you: grace@example.com is verified. 1 order placed with it joined your account." in verified
    assert Order.objects.get(pk=guest_order.pk).user.email == "grace@example.com"
    assert guest_order.order_number in client.get("/account/orders/").content.decode()


def test_the_order_placed_mail_of_a_guest_carries_the_signed_link(django_capture_on_commit_callbacks):
    lamp = create_stocked_product(name="Desk Lamp", price="25.00", on_hand=10)
    with django_capture_on_commit_callbacks(execute=True):
        order = create_delivered_order(None, lamp, 1, email="grace@example.com")

    placed = next(message for message in mail.outbox if message.subject == f"Your ShopFlow order {order.order_number}")
    assert f"Follow your order: {access_url(order)}" in placed.body


def test_a_forged_or_expired_link_is_a_404(client, guest_order, settings):
    token = access_token(guest_order)
    assert client.get(f"/orders/track/{token}x/").status_code == 404
    settings.GUEST_ORDER_LINK_MAX_AGE = -1
    assert client.get(f"/orders/track/{token}/").status_code == 404


def test_lookups_are_limited_per_email_and_per_client_address(
    client, guest_order, settings, django_capture_on_commit_callbacks
):
    settings.GUEST_ORDER_LOOKUPS_PER_HOUR = 2
    captured = django_capture_on_commit_callbacks
    for _ in range(2):
        assert look_up(client, "SF-2026-999999", "grace@example.com", captured).status_code == 200

    refused = look_up(client, guest_order.order_number, "grace@example.com", captured)

    assert refused.status_code == 429
    assert "Too many lookups from here or for this email address." in refused.content.decode()
    assert mail.outbox == []
    cache.clear()
    assert look_up(client, guest_order.order_number, "grace@example.com", captured).status_code == 200


def test_a_lookup_with_a_bad_email_is_a_form_error(client):
    response = client.post("/orders/lookup/", {"order_number": "SF-2026-000001", "email": "not an email"})

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_verifying_through_the_api_claims_the_guest_orders_too(guest_order, django_capture_on_commit_callbacks):
    api = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        register_user(email="GRACE@example.com", password="an unusual passphrase")
    token = re.search(r"/accounts/verify-email/(\S+)/", mail.outbox[-1].body).group(1)

    response = api.post("/api/v1/auth/verify-email/", {"token": token})

    assert response.status_code == 200
    assert response.json()["email_verified"] is True
    assert Order.objects.get(pk=guest_order.pk).user.email == "GRACE@example.com"
    assert api.post("/api/v1/auth/verify-email/", {"token": token}).json()["error"]["fields"] == {
        "token": ["Invalid or expired."]
    }


def test_the_lookup_request_does_the_same_work_whether_or_not_the_order_exists(client, guest_order):
    """The search for the order runs after the answer (in a task): the request's own queries do not
    depend on the order existing, so its timing cannot tell either."""

    def request_queries(order_number):
        with CaptureQueriesContext(connection) as queries:
            client.post("/orders/lookup/", {"order_number": order_number, "email": "grace@example.com"})
        return [query["sql"] for query in queries]

    found, missing = request_queries(guest_order.order_number), request_queries("SF-2026-999999")

    assert found == missing
    assert not any("orders" in sql for sql in found)
