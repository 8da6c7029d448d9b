"""Writes of wishlists: saving a product (optionally one variant of it) for later, forgetting it, and
telling the shopper when a saved product comes back in stock or gets cheaper.

Alerts go out once per crossing: each item remembers what the shopper last saw (in stock or not, and
the price), starting from the moment it was saved. Coming back in stock after being out alerts once;
a lower price than the one seen alerts once and becomes the price seen; going out of stock or up in
price is only noted. Shoppers may switch either alert off (apps.notifications preferences).
"""

from django.db import transaction

from apps.core.db import retry_on_conflict
from apps.notifications.events import Event
from apps.notifications.services import notify, site_url

from .exceptions import WishlistError
from .models import WishlistItem
from .selectors import current_state, items_whose_product_changed


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
    item, created = WishlistItem.objects.get_or_create(user=user, product=product, variant=variant)
    if created:
        # Alerts start from what the shopper sees now (read from the database: stock is kept by triggers).
        now = current_state(item)
        item.seen_price, item.seen_in_stock = now["current_price"], now["current_in_stock"]
        item.save(update_fields=["seen_price", "seen_in_stock", "updated_at"])
    return item


@transaction.atomic
def remove_from_wishlist(*, user, product, variant=None):
    """Forget the saved product (or variant). Returns True if it was on the wishlist."""
    deleted, _ = WishlistItem.objects.filter(user=user, product=product, variant=variant).delete()
    return deleted > 0


@retry_on_conflict()
def send_wishlist_alerts() -> int:
    """Tell shoppers about saved products back in stock or cheaper since they last saw them.

    Items another run is handling are skipped (row locks), so two runs never alert twice.
    Returns how many alerts were sent.
    """
    items = list(items_whose_product_changed().select_for_update(of=("self",), skip_locked=True))
    sent = 0
    for item in items:
        if item.seen_in_stock is False and item.current_in_stock:
            _alert(
                item,
                Event.BACK_IN_STOCK,
                f"{_name(item)} is back in stock",
                f"{_name(item)} from your wishlist is back in stock.",
            )
            sent += 1
        if item.seen_price is not None and item.current_price < item.seen_price:
            _alert(
                item,
                Event.PRICE_DROP,
                f"{_name(item)} now costs {item.current_price} {item.product.currency}",
                f"{_name(item)} from your wishlist now costs {item.current_price} {item.product.currency} "
                f"(was {item.seen_price} {item.product.currency}).",
                old_price=str(item.seen_price),
                new_price=str(item.current_price),
                currency=item.product.currency,
            )
            sent += 1
        item.seen_in_stock, item.seen_price = item.current_in_stock, item.current_price
        item.save(update_fields=["seen_in_stock", "seen_price", "updated_at"])
    return sent


def _name(item):
    return f"{item.product.name} ({item.variant.name})" if item.variant else item.product.name


def _alert(item, event, title, body, **data):
    notify(
        event=event,
        user=item.user,
        context={
            "title": title,
            "body": body,
            "link": site_url(f"/p/{item.product.slug}/"),
            "data": {
                "product_id": str(item.product_id),
                "variant_id": str(item.variant_id) if item.variant_id else None,
                **data,
            },
            "product": item.product,
        },
    )
