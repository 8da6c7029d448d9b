"""The checkout door lets a bounded number of checkouts in at once, never more, and never refuses one."""

import threading
import time

import pytest
import redis

from apps.checkout import door
from tests.concurrency import run_at_once

pytestmark = pytest.mark.concurrency


@pytest.fixture(autouse=True)
def empty_door(settings):
    settings.CHECKOUT_CONCURRENCY = 2
    client = door._redis()
    client.delete(*door._keys(door.WRITE))
    yield
    client.delete(*door._keys(door.WRITE))


def test_twelve_checkouts_at_once_go_through_two_at_a_time():
    inside, most = [], []
    guard = threading.Lock()

    def checkout():
        with door.checkout_slot():
            with guard:
                inside.append(1)
                most.append(len(inside))
            time.sleep(0.05)
            with guard:
                inside.pop()

    outcomes = run_at_once([checkout] * 12)

    assert [o.error for o in outcomes] == [None] * 12
    assert max(most) == 2
    slots, queue, *_ = door._keys(door.WRITE)
    assert door._redis().zcard(slots) == door._redis().zcard(queue) == 0  # every slot given back


def test_a_slot_held_by_a_checkout_that_died_is_given_to_another_after_its_lease(settings):
    settings.CHECKOUT_CONCURRENCY = 1
    settings.CHECKOUT_SLOT_LEASE = 0.2
    door._redis().zadd(door._keys(door.WRITE)[0], {"crashed-process": time.time()})

    started = time.monotonic()
    with door.checkout_slot():
        waited = time.monotonic() - started

    assert 0.1 < waited < 2


def test_a_checkout_that_waited_its_patience_out_keeps_waiting_for_a_slot(settings, caplog):
    """At 1,000 clients, long waiters going in at once exhausted PostgreSQL's connections."""
    settings.CHECKOUT_CONCURRENCY = 1
    settings.CHECKOUT_SLOT_WAIT = 0.1
    holder_left = threading.Event()
    waited = []

    def holder():
        with door.checkout_slot():
            time.sleep(1.0)
            holder_left.set()

    def waiter():
        time.sleep(0.2)
        with door.checkout_slot():
            waited.append(holder_left.is_set())

    outcomes = run_at_once([holder, waiter])

    assert [o.error for o in outcomes] == [None, None]
    assert waited == [True]  # it went in only once the holder had left
    assert "has waited 0.1s for the write door and keeps its place" in caplog.text


def test_a_waiter_that_stopped_looking_loses_its_place():
    slots, queue, _, seen = door._keys(door.WRITE)
    door._redis().zadd(queue, {"dead-waiter": time.time() - 60})
    door._redis().zadd(seen, {"dead-waiter": time.time() - 60})

    started = time.monotonic()
    with door.checkout_slot():
        waited = time.monotonic() - started

    assert waited < 0.5
    assert door._redis().zscore(queue, "dead-waiter") is None


def test_the_door_opens_when_redis_does_not_answer(monkeypatch, caplog):
    monkeypatch.setattr(door, "_client", redis.Redis(port=1, socket_connect_timeout=0.2))
    ran = []

    with door.checkout_slot():
        ran.append("checkout")

    assert ran == ["checkout"]
    assert "Checkout door open: Redis did not answer" in caplog.text


def test_a_waiter_far_back_blocks_on_redis_within_the_socket_timeout():
    """A waiter far back blocks up to 1.2 x SLOWEST seconds; a shorter socket timeout would fail the door open."""
    assert door._redis().connection_pool.connection_kwargs["socket_timeout"] > 1.2 * door.SLOWEST


def test_checks_go_in_only_while_few_wait_to_write(settings):
    """Else a crowd passes the checks and waits to write far back, without its connections."""
    settings.CHECKOUT_CHECK_CONCURRENCY, settings.CHECKOUT_WAITING_CONNECTIONS = 4, 5  # at most 1 waiting to write
    client = door._redis()
    client.delete(*door._keys(door.CHECK))
    _, write_queue, _, write_seen = door._keys(door.WRITE)
    client.zadd(write_queue, {"writer": time.time()})
    client.zadd(write_seen, {"writer": time.time()})
    threading.Timer(0.6, client.zrem, args=[write_queue, "writer"]).start()

    started = time.monotonic()
    with door.checkout_slot(door.CHECK):
        waited = time.monotonic() - started

    client.delete(*door._keys(door.CHECK))
    assert 0.5 < waited < 3
