"""Redis is optional for selling: with it stopped or frozen (SIGSTOP) mid-test, browsing, the cart,
signing in and checkout still work, each page within a second: the first failed call opens the
circuit of that Redis (apps.core.redis_circuit) and no page after it waits on Redis. The order's
confirmation waits in the outbox until the broker is back, then leaves once. A private
redis-server (tests/core/conftest.py) is used, so the shared one is never touched."""

import logging
import time
import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.core.models import OutboxTask
from apps.core.outbox import flush_outbox
from apps.notifications.events import Event
from apps.notifications.models import DeliveryLog
from apps.orders.models import Order
from tests.celery_workers import mails_in, running_worker
from tests.checkout.factories import ADDRESS, GOOD_CARD, create_stocked_product
from tests.factories import create_category, create_shipping_method, create_user
from tests.ops.workers import database_url, wait_for
from tests.payments.conftest import NEXT_YEAR

PASSWORD = "correct horse battery"
# The first request waits one cache timeout (CACHE_SOCKET_TIMEOUT, 0.25 s); the others none.
SLOWEST_REQUEST_SECONDS = 1.0


@pytest.fixture
def shop():
    create_category(name="Lamps", slug="lamps")
    return {
        "lamp": create_stocked_product(on_hand=5, price="25.00", name="Desk Lamp", slug="desk-lamp"),
        "method": create_shipping_method(name="Standard", price="5.00"),
        "user": create_user(email="ada@example.com", password=PASSWORD),
    }


@pytest.fixture
def long_cooldown(settings):
    """No probe during the outage; `end()` makes the cool-down over, as if its time had passed."""

    class Cooldown:
        def end(self):
            settings.REDIS_CIRCUIT_COOLDOWN = 0

    settings.REDIS_CIRCUIT_COOLDOWN = 600
    return Cooldown()


def _timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    assert time.monotonic() - started < SLOWEST_REQUEST_SECONDS
    return response


def _page(client, path, data=None):
    response = _timed(client.get, path, data)
    assert response.status_code == 200
    return response.content.decode()


def _sell(client, shop, capture):
    """Browse, sign in, add to cart and check out; every step answers in time with its content."""
    assert 'href="/c/lamps/"' in _page(client, "/")  # the menu, from the database
    assert "Desk Lamp" in _page(client, "/search/", {"q": "lamp"})
    assert "$25.00" in _page(client, "/p/desk-lamp/")
    login = _timed(client.post, "/accounts/login/", {"email": "ada@example.com", "password": PASSWORD})
    assert (login.status_code, login["Location"]) == (302, "/account/")
    assert _timed(client.post, "/p/desk-lamp/", {"quantity": 1}).status_code == 302
    assert "Desk Lamp" in _page(client, "/cart/")
    form = {
        "email": "ada@example.com",
        "shipping_choice": "new",
        "billing_choice": "same",
        "shipping_method": str(shop["method"].pk),
        "idempotency_key": str(uuid.uuid4()),
        "card-number": GOOD_CARD,
        "card-exp_month": "12",
        "card-exp_year": str(NEXT_YEAR),
        "card-cvc": "314",
        "place": "1",
        **{f"shipping-{name}": value for name, value in ADDRESS.items()},
    }
    with capture(execute=True):
        placed = _timed(client.post, "/checkout/", form)
    assert placed.status_code == 302, placed.content.decode()[:500]
    order = Order.objects.get()
    assert order.order_number in _page(client, placed["Location"])
    return order


def _circuit_openings(caplog, server):
    opened = f"Redis at 127.0.0.1:{server.port} failed"
    return [record.getMessage() for record in caplog.records if record.getMessage().startswith(opened)]


@pytest.mark.django_db
def test_with_redis_stopped_the_shop_sells_and_the_confirmation_waits_in_the_outbox(
    client, shop, private_redis, long_cooldown, django_capture_on_commit_callbacks, caplog
):
    assert client.get("/").status_code == 200  # Redis up: the menu is cached
    private_redis.stop()

    with caplog.at_level(logging.WARNING, logger="apps.core.redis_circuit"):
        order = _sell(client, shop, django_capture_on_commit_callbacks)

    assert len(_circuit_openings(caplog, private_redis)) == 1  # one failed call, none after it
    [kept] = OutboxTask.objects.all()
    confirmation = DeliveryLog.objects.get(kind=Event.ORDER_PLACED, recipient=order.customer_email)
    assert (kept.task_name, kept.args) == ("notifications.send_email", [str(confirmation.pk)])
    assert flush_outbox() == 0  # still down, and not even tried: kept
    long_cooldown.end()
    assert flush_outbox() == 0  # probed: still down
    private_redis.start()
    assert flush_outbox() == 1
    assert not OutboxTask.objects.exists()
    assert private_redis.queued_messages() == 1


@pytest.mark.django_db(transaction=True)
def test_with_redis_frozen_the_shop_sells_without_waiting_and_the_confirmation_leaves_once_it_is_back(
    client, shop, private_redis, long_cooldown, django_capture_on_commit_callbacks, caplog, tmp_path
):
    assert client.get("/").status_code == 200
    cache.clear()
    private_redis.freeze()

    with caplog.at_level(logging.WARNING, logger="apps.core.redis_circuit"):
        order = _sell(client, shop, django_capture_on_commit_callbacks)

    [opening] = _circuit_openings(caplog, private_redis)
    assert "TimeoutError" in opening
    confirmation = DeliveryLog.objects.get(kind=Event.ORDER_PLACED, recipient=order.customer_email)
    assert OutboxTask.objects.get().args == [str(confirmation.pk)]
    private_redis.thaw()
    long_cooldown.end()
    assert flush_outbox() == 1
    assert flush_outbox() == 0

    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    worker_env = {
        "DATABASE_URL": database_url(),
        "REDIS_URL": private_redis.url,
        "CELERY_BROKER_URL": private_redis.url,
        "TEST_MAILBOX_DIR": str(mailbox),
    }
    with running_worker("notifications", f"mail-{uuid.uuid4().hex[:8]}", env=worker_env):
        wait_for(lambda: DeliveryLog.objects.get(pk=confirmation.pk).status == DeliveryLog.Status.SENT, "the mail")
    assert mails_in(mailbox) == [("ada@example.com", f"Your ShopFlow order {order.order_number}")]
    assert DeliveryLog.objects.get(pk=confirmation.pk).attempts == 1


@pytest.mark.django_db
@pytest.mark.parametrize("outage", ["stop", "freeze"])
def test_with_redis_away_the_api_signs_in_and_checks_out_within_a_second_each(
    shop, private_redis, long_cooldown, django_capture_on_commit_callbacks, caplog, outage
):
    api = APIClient()
    credentials = {"email": "ada@example.com", "password": PASSWORD}
    lamp = {"product": str(shop["lamp"].pk), "quantity": 1}
    # Redis up: the API's code is loaded, and one lamp is in the cart.
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api.post('/api/v1/auth/login/', credentials).json()['access']}")
    assert api.post("/api/v1/cart/items/", lamp).status_code == 201
    getattr(private_redis, outage)()

    caplog.set_level(logging.WARNING, logger="apps.core.redis_circuit")
    signed_in = _timed(api.post, "/api/v1/auth/login/", credentials)
    assert signed_in.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {signed_in.json()['access']}")
    assert _timed(api.post, "/api/v1/cart/items/", lamp).status_code == 201
    payment = {"method": "card", "card_number": GOOD_CARD, "exp_month": 12, "exp_year": NEXT_YEAR, "cvc": "314"}
    order = {"shipping_address": ADDRESS, "shipping_method": str(shop["method"].pk), "payment": payment}
    with django_capture_on_commit_callbacks(execute=True):
        placed = _timed(api.post, "/api/v1/checkout/", order, format="json")

    assert len(_circuit_openings(caplog, private_redis)) == 1
    assert placed.status_code == 201, placed.content.decode()[:500]
    assert (placed.json()["customer_email"], placed.json()["total"]) == ("ada@example.com", "55.00")
    assert OutboxTask.objects.get().task_name == "notifications.send_email"


@pytest.mark.django_db
def test_with_redis_stopped_a_guest_order_lookup_answers_and_its_mail_waits_in_the_outbox(
    client, private_redis, long_cooldown, django_capture_on_commit_callbacks
):
    assert client.get("/orders/lookup/").status_code == 200  # Redis up, the page's code loaded
    private_redis.stop()
    lookup = {"order_number": "SF-2026-000123", "email": "ada@example.com"}

    with django_capture_on_commit_callbacks(execute=True):
        response = _timed(client.post, "/orders/lookup/", lookup)

    assert (response.status_code, response["Location"]) == (302, "/orders/lookup/")
    assert "we have just emailed it a link to the order" in _page(client, "/orders/lookup/")
    kept = OutboxTask.objects.get()
    assert (kept.task_name, kept.args) == ("orders.send_order_link", ["SF-2026-000123", "ada@example.com"])


@pytest.mark.django_db
def test_with_redis_stopped_catalog_pages_are_private_and_never_answered_304(client, shop, private_redis):
    """No catalog version to key or revalidate on: a browser's copy could be of anything."""
    shared = client.get("/p/desk-lamp/")
    assert (shared["Cache-Control"], shared["ETag"][:2]) == ("public, no-cache", '"v')
    private_redis.stop()

    response = client.get("/p/desk-lamp/", HTTP_IF_NONE_MATCH=shared["ETag"])
    again = client.get("/p/desk-lamp/", HTTP_IF_NONE_MATCH='"vNone"')

    assert (response.status_code, response["Cache-Control"], response.has_header("ETag")) == (200, "private", False)
    assert "Desk Lamp" in response.content.decode()
    assert again.status_code == 200
