"""How often a stranger may make the shop send mail, open accounts or try cards.

Each action has a rate (settings.ACTION_RATE_LIMITS) counted separately per client address, per
visitor (account, browser session or API cart token) and per any further key the caller names (the
card's fingerprint, the address mailed). Counters live in the cache (django-ratelimit); when Redis
is away they fail open (RATELIMIT_FAIL_OPEN, with django-redis logging the ignored error): a lost
counter must not stop the shop from selling.
"""

import hashlib
import hmac

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from apps.core.exceptions import DomainError
from apps.core.http import client_ip


class RateLimited(DomainError):
    code = "throttled"
    http_status = 429


def fingerprint(value: str) -> str:
    """A keyed hash naming a card number or an email address without storing it."""
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _visitor(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        return f"session:{session.session_key}"
    token = request.headers.get("X-Cart-Token")
    return f"cart:{token[:64]}" if token else None


def _keys(request, extra):
    keys = {"ip": client_ip(request) or "unknown", "visitor": _visitor(request), **extra}
    return {kind: value for kind, value in keys.items() if value}


def count_attempt(request, action: str, *, keys: dict | None = None, cost: int = 1) -> bool:
    """Count `cost` attempts at `action` against each key; True when any key is over its rate."""
    rate = settings.ACTION_RATE_LIMITS[action]
    over = False
    for kind, value in _keys(request, keys or {}).items():
        key = lambda group, request, value=value: value  # noqa: E731  (django-ratelimit's key signature)
        for _ in range(cost):
            limited = is_ratelimited(request, group=f"{action}:{kind}", key=key, rate=rate, increment=True)
            over = over or limited
    return over


def check_attempt(request, action: str, *, keys: dict | None = None) -> None:
    """Count one attempt at `action`; RateLimited (429) once any of its keys is over the rate."""
    if count_attempt(request, action, keys=keys):
        raise RateLimited("Too many attempts. Please wait a while and try again.")
