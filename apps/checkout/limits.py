"""Card testing: how many checkout attempts a visitor, an address or a card gets (apps.core.limits)."""

from contextlib import contextmanager

from apps.core.limits import check_attempt, count_attempt, fingerprint

from .exceptions import PaymentDeclined


@contextmanager
def checkout_attempt(request, card=None):
    """Count one attempt per client address, visitor and card fingerprint (none for a saved card: the
    gateway already knows it), refusing with RateLimited (429) once any is over the rate before the
    card reaches the gateway; a declined card counts twice. Storefront and API checkouts both wrap
    place_order in it."""
    keys = {"card": fingerprint(card.number)} if card is not None else {}
    check_attempt(request, "checkout", keys=keys)
    try:
        yield
    except PaymentDeclined:
        count_attempt(request, "checkout", keys=keys)
        raise
