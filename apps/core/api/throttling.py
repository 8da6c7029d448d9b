"""DRF's scoped throttle, keyed on the client address as apps.core.http.client_ip reads it."""

from rest_framework.throttling import ScopedRateThrottle

from apps.core.http import client_ip


class ClientScopedRateThrottle(ScopedRateThrottle):
    """ScopedRateThrottle whose anonymous key cannot be chosen with a spoofed X-Forwarded-For.

    Its counters live in the cache; when Redis is away django-redis answers misses
    (IGNORE_EXCEPTIONS, logged), so the throttle lets requests through rather than failing them.
    """

    def get_ident(self, request):
        return client_ip(request) or ""
