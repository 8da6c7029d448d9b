"""The checkout doors: a bounded number of checkouts in each phase at once, across every process.

PostgreSQL gets slower, not faster, when more transactions fight for the same stock rows than it has
cores to run them: lock holders get descheduled and everyone queues behind them. So the order's
transaction goes through the WRITE door, at most settings.CHECKOUT_CONCURRENCY (about 2x the cores)
at once, and the reads and pricing before it through the wider CHECK door
(CHECKOUT_CHECK_CONCURRENCY), which keeps a crowd of clients from opening a connection each, and
lets checks in only while few wait at the WRITE door (see _onward).
Checkouts beyond a limit wait their turn; the gateway's wait between the two is in neither.

The slots are a Redis sorted set of holders scored by when they entered; a holder that died is
dropped once its lease (CHECKOUT_SLOT_LEASE seconds) is over. Waiters queue in a second sorted set
scored by arrival, and a free slot goes to the longest waiting, so no checkout starves: a holder
leaving wakes the head of the queue (a Redis list it blocks on), others look again from twice a
second near the front to every SLOWEST seconds far back, and a waiter that stopped looking (its
process died) is dropped from the queue after STALE seconds.
A door fails open when Redis is unreachable, since a slower checkout is better than a refused one.
A long wait never does: a checkout that has waited CHECKOUT_SLOT_WAIT seconds is logged and keeps
its place, because letting a crowd of long waiters in at once is what exhausted PostgreSQL's
connections at 1,000 clients (issue #17). A checkout that has to wait far back in the queue (beyond
CHECKOUT_WAITING_CONNECTIONS waiters) gives its database connection back (outside a transaction),
so a thousand waiting clients hold no connections; one near the front keeps it, since a new
connection is a new PostgreSQL backend that parses every stored function and trigger again.
Entering a door again from the same thread costs nothing; entering and leaving cost one Redis
round trip each.
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
# Drop the holders whose lease ran out and the waiters who stopped looking; join the queue (or
# note that this waiter still looks); enter when a slot is free for this waiter's place in it.
# With a bound (ARGV[6] >= 0) it also waits while more than that wait at the next door (KEYS[4]).
# Answers 0 once in, else how many wait ahead of this waiter, itself included.
ENTER = """
local now, limit, lease, stale = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - lease)
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - stale)
if #gone > 0 then
    redis.call('ZREM', KEYS[2], unpack(gone))
    redis.call('ZREM', KEYS[3], unpack(gone))
end
redis.call('ZADD', KEYS[2], 'NX', now, ARGV[5])
local free = limit - redis.call('ZCARD', KEYS[1])
local place = redis.call('ZRANK', KEYS[2], ARGV[5])
local onward = tonumber(ARGV[6]) < 0 or redis.call('ZCARD', KEYS[4]) < tonumber(ARGV[6])
if free > 0 and place < free and onward then
    redis.call('ZREM', KEYS[2], ARGV[5])
    redis.call('ZREM', KEYS[3], ARGV[5])
    redis.call('ZADD', KEYS[1], now, ARGV[5])
    return 0
end
redis.call('ZADD', KEYS[3], now, ARGV[5])
return place + 1
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
# Seconds a waiter blocks before it looks at the queue again: PATIENCE near the front, longer
# further back (in proportion to how many wait ahead per slot, at most SLOWEST), so a crowd of a
# thousand does not keep Redis and its own processes busy asking (issue #17).
PATIENCE = 0.5
SLOWEST = 5.0
STALE = 3 * SLOWEST  # seconds without looking after which a waiter is taken for dead

_held = threading.local()
_client = None


def _redis():
    global _client
    if _client is None:
        # Through the Redis circuit (core.redis_circuit), so a frozen Redis costs one wait per
        # cool-down, not one per checkout; the socket waits longer than the longest BLPOP, or a
        # waiter far back would time out.
        _client = GuardedRedis.from_url(
            settings.REDIS_URL, socket_timeout=SLOWEST * 1.2 + 1, socket_connect_timeout=0.5
        )
    return _client


def _keys(door):
    return [f"checkout:{door}:slots", f"checkout:{door}:queue", f"checkout:{door}:wake:", f"checkout:{door}:seen"]


def _enter(door, token) -> bool:
    """Wait for a slot, however long it takes (see the module's docstring); True once holding one."""
    enter = _redis().register_script(ENTER)
    limit, lease = getattr(settings, LIMITS[door]), settings.CHECKOUT_SLOT_LEASE
    patient_until = time.monotonic() + settings.CHECKOUT_SLOT_WAIT
    slots, queue, wake, seen = _keys(door)
    onward_queue, onward_bound = _onward(door)
    while place := enter(
        keys=[slots, queue, seen, onward_queue], args=[time.time(), limit, lease, STALE, token, onward_bound]
    ):
        if patient_until is not None and time.monotonic() > patient_until:
            patient_until = None
            logger.warning(
                "A checkout has waited %ss for the %s door and keeps its place", settings.CHECKOUT_SLOT_WAIT, door
            )
        if place > settings.CHECKOUT_WAITING_CONNECTIONS and not connection.in_atomic_block:
            # Far back in a crowd: a connection kept idle that long would count against
            # PostgreSQL's max_connections. Near the front, reopening one costs more than the wait.
            connection.close()  # a no-op once closed
        patience = min(max(PATIENCE * place / limit, PATIENCE), SLOWEST)
        _redis().blpop([wake + token], timeout=random.uniform(0.8, 1.2) * patience)
    return True


def _onward(door):
    """The queue a checkout through `door` goes on to, and how long it may be for one to go in.

    A check goes in only while few wait to write, so that the WRITE queue stays short enough for
    its waiters to keep their connections: otherwise a crowd went through the checks, closed its
    connections in a long WRITE queue, and each then opened a cold one inside a WRITE slot.
    """
    if door != CHECK:
        return _keys(WRITE)[1], -1
    return _keys(WRITE)[1], max(settings.CHECKOUT_WAITING_CONNECTIONS - settings.CHECKOUT_CHECK_CONCURRENCY, 1)


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
                _redis().register_script(LEAVE)(keys=_keys(door)[:3], args=[token])
            except redis.RedisError as error:
                logger.warning("Checkout slot left to expire: Redis did not answer (%s)", error)
