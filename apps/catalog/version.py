"""The catalog version: one Redis counter that every shared cache of catalog pages is keyed on.

Whatever changes what a shopper sees in the catalog (a price, a stock state, a publication, a review,
a category) bumps it once its transaction commits, so the next request reads a new key and the old
entries simply expire. A missing counter (Redis flushed or restarted) starts again from the clock in
milliseconds, never from a number an old entry could still be keyed on.

Within one request the version is read from Redis once (the shared page, the category tree, the
menu and the listing fragment all ask): a request sees one consistent catalog, and pays one round
trip, or one timeout when Redis is frozen (the version is then None). Outside requests (tasks,
shells) every call reads Redis.
"""

import time

from asgiref.local import Local
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"

_request = Local()
_UNREAD = object()


def catalog_version() -> int | None:
    """The current version; None when Redis does not answer."""
    version = getattr(_request, "version", _UNREAD)
    if version is not _UNREAD:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)
        version = cache.get(VERSION_KEY)
    if getattr(_request, "serving", False):
        _request.version = version
    return version


def bump_catalog_version() -> None:
    """Call it inside the change's transaction: the bump runs after COMMIT (nothing on rollback)."""
    transaction.on_commit(_bump)


def request_started(**kwargs) -> None:
    """Hold the version read first for the rest of the request (connected to request_started)."""
    _request.serving, _request.version = True, _UNREAD


def request_finished(**kwargs) -> None:
    _request.serving, _request.version = False, _UNREAD


def _bump() -> None:
    _request.version = _UNREAD  # a request that changed the catalog reads the new version
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the counter is gone: any fresh start is newer than every key in use
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)


def _fresh_start() -> int:
    return int(time.time() * 1000)
