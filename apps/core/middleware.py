"""Request middleware of the whole site: replica reads, the client's address behind proxies."""

from django.conf import settings

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
    """REMOTE_ADDR becomes the client's address when TRUSTED_PROXY_COUNT proxies stand in front.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    the client is the Nth entry from the right; whatever stands left of it the client wrote
    itself and may be forged. Everything that reads REMOTE_ADDR (security events, DRF's rate
    limits with NUM_PROXIES = 0) then sees the real client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if count and forwarded:
            addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
            if addresses:
                request.META["REMOTE_ADDR"] = addresses[-min(count, len(addresses))]
        return self.get_response(request)
