"""Writes of wishlists: saving a product (optionally one variant of it) for later, and forgetting it."""

from django.db import transaction

from .exceptions import WishlistError
from .models import WishlistItem


def _check_variant(product, variant):
    if variant is not None and variant.product_id != product.pk:
        raise WishlistError(f"“{variant.name}” is not a variant of “{product.name}”.", fields={"variant": variant.pk})


@transaction.atomic
def add_to_wishlist(*, user, product, variant=None):
    """Save `product` (or its `variant`) to the user's wishlist; saving it again changes nothing.

    Returns the WishlistItem.
    """
    _check_variant(product, variant)
    # get_or_create retries the get when a simultaneous add wins the unique constraint.
    item, _ = WishlistItem.objects.get_or_create(user=user, product=product, variant=variant)
    return item


@transaction.atomic
def remove_from_wishlist(*, user, product, variant=None):
    """Forget the saved product (or variant). Returns True if it was on the wishlist."""
    deleted, _ = WishlistItem.objects.filter(user=user, product=product, variant=variant).delete()
    return deleted > 0
