"""Reads of wishlists."""

from apps.catalog.selectors import primary_image_url

from .models import WishlistItem


def wishlist_for_user(user):
    """The user's saved items, newest first, each with product, variant and the product's
    `primary_image_url`: one query. Products since deleted drop out."""
    return (
        WishlistItem.objects.filter(user=user, product__deleted_at__isnull=True)
        .select_related("product", "variant")
        .annotate(primary_image_url=primary_image_url("product"))
        .order_by("-created_at")
    )
