"""The catalog version: one Redis counter that every shared cache of catalog pages is keyed on.

Whatever changes what a shopper sees in the catalog (a price, a stock state, a publication, a review,
a category) bumps it once its transaction commits, so the next request reads a new key and the old
entries simply expire. A missing counter (Redis flushed or restarted) starts again from the clock in
milliseconds, never from a number an old entry could still be keyed on.

Within a web request the version is read once (the shared page cache and the search results are
keyed on the same one, for one round trip); outside requests every read goes to Redis.
"""

import threading
import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"

_request = threading.local()  # the version read in this thread's request, while one runs


def catalog_version() -> int:
    remembered = getattr(_request, "version", None)
    if remembered is not None:
        return remembered
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)
        version = cache.get(VERSION_KEY)
    if getattr(_request, "running", False):
        _request.version = version
    return version


def remember_during_request(**kwargs) -> None:
    """request_started: the request's first read is kept for the rest of it."""
    _request.running, _request.version = True, None


def forget_after_request(**kwargs) -> None:
    """request_finished: the next read goes to Redis again."""
    _request.running, _request.version = False, None


def bump_catalog_version() -> None:
    """Call it inside the change's transaction: the bump runs after COMMIT (nothing on rollback)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    _request.version = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the counter is gone: any fresh start is newer than every key in use
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)


def _fresh_start() -> int:
    return int(time.time() * 1000)
