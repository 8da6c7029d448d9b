"""Request middleware of the whole site: replica reads, the client's address behind proxies."""

from django.conf import settings

from .http import client_ip
from .replicas import replica_reads

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
READ_PRIMARY_COOKIE = "sf_read_primary"


class ReplicaReadsMiddleware:
    """Reads of a request go to a replica, except for a request that writes (an unsafe method, or
    a write through the ORM) and for the same browser during READ_PRIMARY_AFTER_WRITE_SECONDS after
    it: a cookie pins it to the primary, so nobody misses their own order to replication lag.

    Outside SessionMiddleware, so that the session saved on the way out counts as a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        unsafe = request.method not in SAFE_METHODS
        with replica_reads(primary_only=unsafe or READ_PRIMARY_COOKIE in request.COOKIES) as scope:
            response = self.get_response(request)
        if unsafe or scope.wrote:
            response.set_cookie(
                READ_PRIMARY_COOKIE,
                "1",
                max_age=settings.READ_PRIMARY_AFTER_WRITE_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address as apps.core.http.client_ip reads it (the Nth entry
    from the right of X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies), so that everything
    reading REMOTE_ADDR (logs, security events, libraries) sees the real client, never a forged
    header. client_ip gives the same answer again afterwards: it is read the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_ip(request) or request.META.get("REMOTE_ADDR", "")
        return self.get_response(request)
