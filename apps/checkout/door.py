"""The checkout doors: a bounded number of checkouts in each phase at once, across every process.

PostgreSQL gets slower, not faster, when more transactions fight for the same stock rows than it has
cores to run them: lock holders get descheduled and everyone queues behind them. So the order's
transaction goes through the WRITE door, at most settings.CHECKOUT_CONCURRENCY (about 2x the cores)
at once, and the reads and pricing before it through the wider CHECK door
(CHECKOUT_CHECK_CONCURRENCY), which keeps a crowd of clients from opening a connection each.
Checkouts beyond a limit wait their turn; the gateway's wait between the two is in neither.

The slots are a Redis sorted set of holders scored by when they entered; a holder that died is
dropped once its lease (CHECKOUT_SLOT_LEASE seconds) is over. Waiters queue in a second sorted set
scored by arrival, and a free slot goes to the longest waiting, so no checkout starves: a holder
leaving wakes the head of the queue (a Redis list it blocks on), others look again twice a second.
A door fails open: when Redis is unreachable, or a checkout has waited CHECKOUT_SLOT_WAIT seconds,
it goes in anyway, since a slower checkout is better than a refused one. A checkout that has to
wait first gives its database connection back (outside a transaction), so a thousand waiting
clients hold no connections. Entering a door again from the same thread costs nothing.
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

from apps.core.redis_circuit import GuardedRedis

logger = logging.getLogger(__name__)

CHECK, WRITE = "check", "write"
LIMITS = {CHECK: "CHECKOUT_CHECK_CONCURRENCY", WRITE: "CHECKOUT_CONCURRENCY"}
# Drop the holders whose lease ran out and the waiters who would have given up by now; join the
# queue; enter when a slot is free for this waiter's place in the queue.
ENTER = """
local now, limit, lease, wait = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - lease)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - wait)
redis.call('ZADD', KEYS[2], 'NX', now, ARGV[5])
local free = limit - redis.call('ZCARD', KEYS[1])
if free > 0 and redis.call('ZRANK', KEYS[2], ARGV[5]) < free then
    redis.call('ZREM', KEYS[2], ARGV[5])
    redis.call('ZADD', KEYS[1], now, ARGV[5])
    return 1
end
return 0
"""

# Leave, and wake the longest waiting checkout.
LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
local head = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
if head then
    redis.call('RPUSH', KEYS[3] .. head, 1)
    redis.call('EXPIRE', KEYS[3] .. head, 5)
end
return 0
"""
PATIENCE = 0.5  # seconds a waiter blocks before it looks at the queue again

_held = threading.local()
_client = None


def _redis():
    global _client
    if _client is None:
        # Through the Redis circuit (core.redis_circuit), so a frozen Redis costs one short wait per
        # cool-down, not one per checkout; the read timeout stays above a waiter's BLPOP (<= 0.6 s).
        _client = GuardedRedis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=0.5)
    return _client


def _keys(door):
    return [f"checkout:{door}:slots", f"checkout:{door}:queue", f"checkout:{door}:wake:"]


def _enter(door, token) -> bool:
    """Wait for a slot; True once holding one, False when going in without one (fail open)."""
    enter = _redis().register_script(ENTER)
    limit, lease, wait = getattr(settings, LIMITS[door]), settings.CHECKOUT_SLOT_LEASE, settings.CHECKOUT_SLOT_WAIT
    deadline = time.monotonic() + wait
    slots, queue, wake = _keys(door)
    while not enter(keys=[slots, queue], args=[time.time(), limit, lease, wait, token]):
        if time.monotonic() > deadline:
            _redis().zrem(queue, token)
            logger.warning("Checkout went through the %s door without a slot after waiting %ss", door, wait)
            return False
        if not connection.in_atomic_block:
            connection.close()  # a no-op once closed
        _redis().blpop([wake + token], timeout=random.uniform(0.8, 1.2) * PATIENCE)
    return True


@contextmanager
def checkout_slot(door=WRITE):
    """Hold one of the slots of `door` (CHECK or WRITE) for the duration of the block."""
    depth = getattr(_held, door, 0)
    if depth:
        setattr(_held, door, depth + 1)
        try:
            yield
        finally:
            setattr(_held, door, depth)
        return
    token = uuid.uuid4().hex
    try:
        holding = _enter(door, token)
    except redis.RedisError as error:
        logger.warning("Checkout door open: Redis did not answer (%s)", error)
        holding = False
    setattr(_held, door, 1)
    try:
        yield
    finally:
        setattr(_held, door, 0)
        if holding:
            try:
                _redis().register_script(LEAVE)(keys=_keys(door), args=[token])
            except redis.RedisError as error:
                logger.warning("Checkout slot left to expire: Redis did not answer (%s)", error)
