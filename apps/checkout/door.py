"""The checkout door: at most settings.CHECKOUT_CONCURRENCY checkouts in flight across every process.

PostgreSQL gets slower, not faster, when more transactions fight for the same stock rows than it has
cores to run them: lock holders get descheduled and everyone queues behind them. So checkouts beyond
the limit wait here, before they open a transaction, and go in as slots free up.

The slots are a Redis sorted set of holders scored by when they entered; a holder that died is
dropped once its lease (CHECKOUT_SLOT_LEASE seconds) is over. The door fails open: when Redis is
unreachable, or a checkout has waited CHECKOUT_SLOT_WAIT seconds, it goes in anyway, since a slower
checkout is better than a refused one. A checkout that has to wait first gives its database
connection back (outside a transaction), so a thousand waiting clients hold no connections.
Entering again from the same thread (a caller that already holds a slot) costs nothing.
"""

import logging
import random
import threading
import time
import uuid
from contextlib import contextmanager

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

SLOTS_KEY = "checkout:slots"
# Drop the holders whose lease ran out, then enter when fewer than the limit are left.
ENTER = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
    return 1
end
return 0
"""

_held = threading.local()
_client = None


def _redis():
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    return _client


def _enter(token) -> bool:
    """Wait for a slot; True once holding one, False when going in without one (fail open)."""
    enter = _redis().register_script(ENTER)
    limit, lease = settings.CHECKOUT_CONCURRENCY, settings.CHECKOUT_SLOT_LEASE
    deadline = time.monotonic() + settings.CHECKOUT_SLOT_WAIT
    pause = 0.002
    while not enter(keys=[SLOTS_KEY], args=[time.time(), limit, lease, token]):
        if time.monotonic() > deadline:
            logger.warning("Checkout went in without a slot after waiting %ss", settings.CHECKOUT_SLOT_WAIT)
            return False
        if not connection.in_atomic_block:
            connection.close()  # a no-op once closed
        time.sleep(random.uniform(0.5, 1.5) * pause)
        pause = min(pause * 1.5, 0.05)
    return True


@contextmanager
def checkout_slot():
    """Hold one of the checkout slots for the duration of the block."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    token = uuid.uuid4().hex
    try:
        holding = _enter(token)
    except redis.RedisError:
        logger.warning("Checkout door open: Redis did not answer", exc_info=True)
        holding = False
    _held.depth = 1
    try:
        yield
    finally:
        _held.depth = 0
        if holding:
            try:
                _redis().zrem(SLOTS_KEY, token)
            except redis.RedisError:
                logger.warning("Checkout slot left to expire: Redis did not answer", exc_info=True)
