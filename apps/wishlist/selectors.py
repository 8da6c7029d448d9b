"""Reads of wishlists."""

from django.db.models import BooleanField, Case, F, Q, Value, When
from django.db.models.functions import Coalesce

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


def current_price_and_stock():
    """Annotations of a wishlist item's product (or variant) now: `current_price`, `current_in_stock`."""
    return {
        "current_price": Coalesce("variant__price", "product__price"),
        "current_in_stock": Case(
            When(product__track_inventory=False, then=Value(True)),
            When(variant__isnull=False, then=Q(variant__stock_quantity__gt=0)),
            default=Q(product__stock_quantity__gt=0),
            output_field=BooleanField(),
        ),
    }


def current_state(item) -> dict:
    """The saved product's (or variant's) `current_price` and `current_in_stock`, as stored now."""
    return (
        WishlistItem.objects.filter(pk=item.pk)
        .annotate(**current_price_and_stock())
        .values("current_price", "current_in_stock")
        .get()
    )


def items_whose_product_changed():
    """Saved items of live, sellable products whose stock or price moved since the shopper last saw
    it (or never seen), with user, product and variant loaded and the current state annotated."""
    return (
        WishlistItem.objects.filter(user__is_active=True, product__deleted_at__isnull=True, product__is_active=True)
        .annotate(**current_price_and_stock())
        .filter(
            Q(seen_in_stock__isnull=True)
            | Q(seen_price__isnull=True)
            | ~Q(seen_in_stock=F("current_in_stock"))
            | ~Q(seen_price=F("current_price"))
        )
        .select_related("user", "product", "variant")
        .order_by("pk")
    )
