"""Reads only the storefront needs: the shopper's address book at checkout and a placed order by number."""

from apps.accounts.models import Address
from apps.orders.models import Order


def saved_addresses(user):
    """The signed-in shopper's address book, default first; none for a guest."""
    if not user.is_authenticated:
        return Address.objects.none()
    return Address.objects.filter(user=user).order_by("-is_default", "-created_at")


def placed_order(*, order_number):
    """The order with its lines and addresses for the confirmation page, or None."""
    return Order.objects.prefetch_related("items", "addresses").filter(order_number=order_number).first()
