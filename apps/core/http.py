"""Who sent a request: the one place that reads the client's address."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, trusting exactly TRUSTED_PROXY_COUNT proxies in front of the shop.

    With no trusted proxy (the default) it is the socket's peer, REMOTE_ADDR: an X-Forwarded-For
    header is then the client's own words and is ignored. Behind N proxies, each appends the
    address it received from, so the N-th entry from the right is the one the outermost trusted
    proxy saw; whatever the client put further left is never read. Serves django-axes
    (AXES_CLIENT_IP_CALLABLE), django-ratelimit (RATELIMIT_IP_META_KEY) and DRF's throttles.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
