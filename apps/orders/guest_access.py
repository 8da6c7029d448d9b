"""Signed links that open one order without an account: the guest's way to their order.

A link names the order and the address it was placed with, signed with SECRET_KEY (django.core.signing),
and expires after GUEST_ORDER_LINK_MAX_AGE seconds. Whoever holds it can follow the order, download its
invoice and ask for a return, so it is only ever mailed to the order's own address.
"""

from django.conf import settings
from django.core import signing

from apps.notifications.services import site_url

SALT = "orders.guest-access"


def access_token(order) -> str:
    return signing.dumps({"order": order.order_number, "email": order.customer_email.lower()}, salt=SALT)


def access_url(order) -> str:
    """The absolute link the order's mails carry."""
    return site_url(f"/orders/track/{access_token(order)}/")


def read_access_token(token):
    """(order number, email) the token was signed for; None when it is forged, altered or expired."""
    try:
        claims = signing.loads(token, salt=SALT, max_age=settings.GUEST_ORDER_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return claims["order"], claims["email"]
