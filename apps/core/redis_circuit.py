"""A circuit breaker per Redis server, per process: Redis away costs one wait, not one per call.

A frozen Redis (SIGSTOP, a full network buffer) makes every call wait out its socket timeout, and a
page makes several (the menu, the catalog version, the shared page, the throttles). So after a
call to a server fails on the connection (refused, reset, timed out) the circuit of that server
opens: for REDIS_CIRCUIT_COOLDOWN seconds every call raises RedisUnavailable at once. Then one
caller probes it with a PING on a fresh connection with the cache's short timeouts
(CACHE_SOCKET_TIMEOUT), while the others keep failing fast: a PONG closes the circuit and the
caller goes on, anything else opens it for another cool-down. The probe is never the guarded call
itself, so a caller with long timeouts (kombu's publish waits seconds) never pays them as a probe.

RedisUnavailable is a redis ConnectionError, so every caller that already survives an outage
handles it the same way: django-redis with IGNORE_EXCEPTIONS (a miss, a dropped write), the
throttles failing open, the outbox keeping the task, a door failing open.

Use it through:
- GuardedRedis, a redis.Redis whose commands and pipelines go through the circuit of its server.
  The cache's client class (CACHES OPTIONS REDIS_CLIENT_CLASS), so everything that reads the cache
  is guarded: shared pages, throttles (django-ratelimit, DRF), heartbeats, menus. A module with a
  client of its own makes it with `GuardedRedis.from_url(url, ...)`.
- circuit_for_url(url).guard() around calls of other clients to that server (apps.core.outbox
  wraps kombu's publish in it).

Hand-made rather than pybreaker: pybreaker holds one lock across every guarded call (all Redis
traffic of a threaded worker would queue behind the slowest call) and lets the next guarded call
be the probe.
"""

import functools
import logging
import threading
import time
from contextlib import contextmanager

import redis
from django.conf import settings
from kombu.exceptions import OperationalError
from redis.client import Pipeline

logger = logging.getLogger(__name__)

# What a call raises when the server is stopped (refused), frozen (timeout) or unreachable.
OUTAGE_ERRORS = (redis.ConnectionError, redis.TimeoutError, OperationalError, OSError)


class RedisUnavailable(redis.ConnectionError):
    """Redis was not called: its circuit is open after a failure."""


class Circuit:
    def __init__(self, server, pool):
        self.server = server
        self._connection_class = pool.connection_class
        self._connection_kwargs = dict(pool.connection_kwargs)
        self._lock = threading.Lock()
        self._opened_at = None  # time.monotonic() of the last failure while open; None when closed
        self._probing = False

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    @contextmanager
    def guard(self):
        """Run the block against Redis, or raise RedisUnavailable without calling it."""
        if self._opened_at is not None and not self._probe_succeeds():
            raise RedisUnavailable(f"Redis at {self.server} is not called for a while after a failure")
        try:
            yield
        except RedisUnavailable:
            raise
        except OUTAGE_ERRORS as error:
            self._open(error)
            raise

    def _open(self, error):
        with self._lock:
            was_closed = self._opened_at is None
            self._opened_at = time.monotonic()
        if was_closed:
            logger.warning(
                "Redis at %s failed (%s: %s): not called for %s s, then probed",
                self.server, type(error).__name__, error, settings.REDIS_CIRCUIT_COOLDOWN,
            )  # fmt: skip

    def _probe_succeeds(self) -> bool:
        """After the cool-down, one caller PINGs; True when that caller got a PONG."""
        with self._lock:
            if self._opened_at is None:  # another caller's probe closed it meanwhile
                return True
            if self._probing or time.monotonic() < self._opened_at + settings.REDIS_CIRCUIT_COOLDOWN:
                return False
            self._probing = True
        try:
            self._ping()
        except Exception as error:  # noqa: BLE001 - whatever stops the PING keeps the circuit open
            with self._lock:
                self._opened_at, self._probing = time.monotonic(), False
            logger.info("Redis at %s still fails (%s): probed again after the cool-down", self.server, error)
            return False
        with self._lock:
            self._opened_at, self._probing = None, False
        logger.warning("Redis at %s answers again: circuit closed", self.server)
        return True

    def _ping(self):
        timeout = settings.CACHE_SOCKET_TIMEOUT
        kwargs = {**self._connection_kwargs, "socket_timeout": timeout, "socket_connect_timeout": timeout}
        pool = redis.ConnectionPool(connection_class=self._connection_class, **kwargs)
        try:
            redis.Redis(connection_pool=pool).ping()
        finally:
            pool.disconnect()


_circuits: dict[str, Circuit] = {}
_circuits_lock = threading.Lock()


def circuit_for(pool) -> Circuit:
    """The circuit of the server `pool` (a redis ConnectionPool) connects to."""
    kwargs = pool.connection_kwargs
    server = kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
    circuit = _circuits.get(server)
    if circuit is None:
        with _circuits_lock:
            circuit = _circuits.setdefault(server, Circuit(server, pool))
    return circuit


@functools.cache
def circuit_for_url(url: str) -> Circuit:
    return circuit_for(redis.ConnectionPool.from_url(url))


class GuardedRedis(redis.Redis):
    """A Redis client whose every command and pipeline goes through its server's circuit."""

    def execute_command(self, *args, **options):
        with circuit_for(self.connection_pool).guard():
            return super().execute_command(*args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        return GuardedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)


class GuardedPipeline(Pipeline):
    def execute(self, raise_on_error=True):
        with circuit_for(self.connection_pool).guard():
            return super().execute(raise_on_error)
