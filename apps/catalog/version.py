"""The catalog version: one Redis counter that every shared cache of catalog pages is keyed on.

Whatever changes what a shopper sees in the catalog (a price, a stock state, a publication, a review,
a category) bumps it once its transaction commits, so the next request reads a new key and the old
entries simply expire. A missing counter (Redis flushed or restarted) starts again from the clock in
milliseconds, never from a number an old entry could still be keyed on.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_catalog_version() -> None:
    """Call it inside the change's transaction: the bump runs after COMMIT (nothing on rollback)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the counter is gone: any fresh start is newer than every key in use
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)


def _fresh_start() -> int:
    return int(time.time() * 1000)
