"""The circuit breaker of a Redis server (apps.core.redis_circuit), on a private redis-server frozen
or stopped mid-test: one failed call opens it, calls then fail at once, and after the cool-down a
single PING decides whether Redis is called again. The Celery publish of the outbox goes through it
too, so a frozen broker delays at most one request of a process."""

import logging
import threading
import time

import pytest
import redis

from apps.core.models import OutboxTask
from apps.core.outbox import enqueue
from apps.core.redis_circuit import GuardedRedis, RedisUnavailable, circuit_for_url
from apps.notifications.tasks import send_email

TIMEOUT = 0.25


@pytest.fixture
def client(private_redis):
    return GuardedRedis.from_url(private_redis.url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)


def _timed(call):
    started = time.monotonic()
    try:
        call()
    except redis.RedisError as error:
        return type(error), time.monotonic() - started
    return None, time.monotonic() - started


def test_a_frozen_redis_costs_one_timeout_then_every_call_fails_at_once(client, private_redis, settings, caplog):
    settings.REDIS_CIRCUIT_COOLDOWN = 600
    client.set("menu", "lamps")
    private_redis.freeze()

    with caplog.at_level(logging.WARNING, logger="apps.core.redis_circuit"):
        error, first = _timed(lambda: client.get("menu"))
        later = [_timed(lambda: client.get("menu")) for _ in range(20)]
        pipelined = _timed(lambda: client.pipeline().set("a", 1).set("b", 2).execute())

    assert error is redis.TimeoutError and TIMEOUT <= first < 2 * TIMEOUT
    assert {error for error, _ in later} == {RedisUnavailable}
    assert sum(seconds for _, seconds in later) < 0.05
    assert pipelined[0] is RedisUnavailable
    assert caplog.messages == [
        f"Redis at 127.0.0.1:{private_redis.port} failed (TimeoutError: Timeout reading from socket): "
        "not called for 600 s, then probed"
    ]


def test_after_the_cooldown_a_probe_that_gets_an_answer_closes_the_circuit(client, private_redis, settings, caplog):
    settings.REDIS_CIRCUIT_COOLDOWN = 600
    client.set("menu", "lamps")
    private_redis.stop()
    assert _timed(lambda: client.get("menu"))[0] is redis.ConnectionError
    private_redis.start()
    assert _timed(lambda: client.get("menu"))[0] is RedisUnavailable  # back, but the cool-down runs

    settings.REDIS_CIRCUIT_COOLDOWN = 0
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="apps.core.redis_circuit"):
        assert client.set("menu", "lamps, desks") is True
    assert client.get("menu") == b"lamps, desks"
    assert not circuit_for_url(private_redis.url).is_open
    assert caplog.messages == [f"Redis at 127.0.0.1:{private_redis.port} answers again: circuit closed"]


def test_while_redis_stays_frozen_one_caller_probes_and_the_others_fail_at_once(
    client, private_redis, settings, caplog
):
    settings.REDIS_CIRCUIT_COOLDOWN = 0.5
    client.get("menu")
    private_redis.freeze()
    _timed(lambda: client.get("menu"))
    time.sleep(0.5)  # the cool-down is over; the probe that fails starts another
    results = []
    callers = [threading.Thread(target=lambda: results.append(_timed(lambda: client.get("menu")))) for _ in range(8)]

    with caplog.at_level(logging.INFO, logger="apps.core.redis_circuit"):
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()

    assert {error for error, _ in results} == {RedisUnavailable}
    assert max(seconds for _, seconds in results) < 2 * TIMEOUT  # the probe's PING timed out, no more
    probes = [message for message in caplog.messages if "still fails" in message]
    assert len(probes) == 1
    assert circuit_for_url(private_redis.url).is_open


@pytest.mark.django_db
def test_a_frozen_broker_delays_one_publish_then_tasks_go_to_the_outbox_at_once(
    private_redis, settings, django_capture_on_commit_callbacks
):
    settings.REDIS_CIRCUIT_COOLDOWN = 600
    private_redis.freeze()

    def place_order_mail():
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(send_email, "mail-id")

    first = _timed(place_order_mail)[1]
    later = [_timed(place_order_mail)[1] for _ in range(5)]

    assert first < 3  # kombu's own timeouts (1 s, one retry): the publish that opened the circuit
    assert max(later) < 0.1
    assert OutboxTask.objects.count() == 6
