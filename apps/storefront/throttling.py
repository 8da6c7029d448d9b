"""Counters in the cache that cap how often one client or one email may do something (per hour)."""

import hashlib

from django.core.cache import cache

HOUR = 60 * 60


def _key(scope, identity):
    # Hashed: the cache holds no email addresses.
    return f"throttle:{scope}:{hashlib.sha256(identity.lower().encode()).hexdigest()}"


def allow(scope, identities, *, limit, window=HOUR):
    """Count one attempt against every identity; True while none has gone over `limit` in its window.

    cache.add starts a window only for a key that has none, and incr is atomic in Redis, so
    simultaneous requests are all counted. With Redis away incr answers None (django-redis's
    IGNORE_EXCEPTIONS): the limit fails open, like the others.
    """
    allowed = True
    for identity in identities:
        key = _key(scope, identity)
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
        allowed = (count is None or count <= limit) and allowed
    return allowed
