"""Redis is optional for selling: with it stopped or frozen (SIGSTOP) mid-test, browsing, the cart,
signing in and checkout still work, and the order's confirmation task waits in the outbox until the
broker is back. A private redis-server is started for this, so the shared one is never touched."""

import os
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import cache

from apps.core.models import OutboxTask
from apps.core.outbox import flush_outbox
from apps.notifications.events import Event
from apps.notifications.models import DeliveryLog
from apps.orders.models import Order
from shopflow.celery import app as celery_app
from tests.checkout.factories import ADDRESS, GOOD_CARD, create_stocked_product
from tests.factories import create_category, create_shipping_method, create_user
from tests.payments.conftest import NEXT_YEAR

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
# Each request may wait on its cache calls (CACHE_SOCKET_TIMEOUT, 0.25 s each: the menu, the catalog
# version and the shared page) and one publish (~1 s). A circuit breaker would bring a frozen Redis
# down to the stopped case; until then a page answers within this bound, never a 500.
SLOWEST_REQUEST_SECONDS = 5.0


class PrivateRedis:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory, self.process = directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_timeout=0.2).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        """Stops the server; a second call (the fixture's, after a test stopped it) does nothing."""
        if self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def queued_messages(self):
        """Mails waiting on the broker (notifications.* tasks go to the notifications queue)."""
        return redis.Redis(port=self.port).llen("notifications")


def _forget_broker_connections():
    """Celery keeps its producer pool per app: drop it so the next publish uses broker_url as it is now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(tmp_path, settings):
    """The cache and the broker on a redis-server of this test's own, the broker really used."""
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = server.url, False
    _forget_broker_connections()
    try:
        yield server
    finally:
        # The shared broker comes back first, whatever happens to the private server.
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        _forget_broker_connections()
        server.stop()


@pytest.fixture
def shop():
    create_category(name="Lamps", slug="lamps")
    return {
        "lamp": create_stocked_product(on_hand=5, price="25.00", name="Desk Lamp", slug="desk-lamp"),
        "method": create_shipping_method(name="Standard", price="5.00"),
        "user": create_user(email="ada@example.com", password=PASSWORD),
    }


def _timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    assert time.monotonic() - started < SLOWEST_REQUEST_SECONDS
    return response


def _sell(client, shop, capture):
    """Browse, sign in, add to cart and check out; every step answers, none with a 5xx."""
    assert _timed(client.get, "/").status_code == 200
    assert _timed(client.get, "/search/", {"q": "lamp"}).status_code == 200
    assert _timed(client.get, "/p/desk-lamp/").status_code == 200
    login = _timed(client.post, "/accounts/login/", {"email": "ada@example.com", "password": PASSWORD})
    assert login.status_code == 302
    assert _timed(client.post, "/p/desk-lamp/", {"quantity": 1}).status_code == 302
    assert "Desk Lamp" in _timed(client.get, "/cart/").content.decode()
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
    return Order.objects.get()


def test_with_redis_stopped_the_shop_sells_and_the_confirmation_waits_in_the_outbox(
    client, shop, private_redis, django_capture_on_commit_callbacks
):
    assert client.get("/").status_code == 200  # Redis up: the menu is cached
    private_redis.stop()

    order = _sell(client, shop, django_capture_on_commit_callbacks)

    [kept] = OutboxTask.objects.all()
    confirmation = DeliveryLog.objects.get(kind=Event.ORDER_PLACED, recipient=order.customer_email)
    assert (kept.task_name, kept.args) == ("notifications.send_email", [str(confirmation.pk)])
    assert flush_outbox() == 0  # still down: kept
    private_redis.start()
    assert flush_outbox() == 1
    assert not OutboxTask.objects.exists()
    assert private_redis.queued_messages() == 1


def test_with_redis_frozen_the_shop_sells_without_hanging(
    client, shop, private_redis, django_capture_on_commit_callbacks
):
    assert client.get("/").status_code == 200
    cache.clear()
    private_redis.freeze()

    order = _sell(client, shop, django_capture_on_commit_callbacks)

    confirmation = DeliveryLog.objects.get(kind=Event.ORDER_PLACED, recipient=order.customer_email)
    assert OutboxTask.objects.get().args == [str(confirmation.pk)]
    private_redis.thaw()
    assert flush_outbox() == 1
    assert private_redis.queued_messages() == 1
