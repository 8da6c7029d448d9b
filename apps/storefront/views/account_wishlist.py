"""The wishlist page: saved products, each with a remove and an add-to-cart button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.cart.exceptions import OutOfStock, ProductUnavailable, VariantRequired
from apps.cart.services import add_item
from apps.storefront.carts import current_or_new_cart
from apps.wishlist.selectors import wishlist_for_user
from apps.wishlist.services import remove_from_wishlist


@login_required
def wishlist(request):
    return render(
        request,
        "storefront/account/wishlist.html",
        {"items": wishlist_for_user(request.user), "section": "wishlist"},
    )


def _saved_item_or_404(user, item_id):
    item = wishlist_for_user(user).filter(pk=item_id).first()
    if item is None:
        raise Http404("Not on your wishlist.")
    return item


@login_required
@require_POST
def wishlist_remove(request, item_id):
    item = _saved_item_or_404(request.user, item_id)
    remove_from_wishlist(user=request.user, product=item.product, variant=item.variant)
    messages.success(request, f"Removed {item.product.name} from your wishlist.")
    return redirect("storefront:account_wishlist")


@login_required
@require_POST
def wishlist_to_cart(request, item_id):
    item = _saved_item_or_404(request.user, item_id)
    try:
        add_item(cart=current_or_new_cart(request), product=item.product, variant=item.variant, quantity=1)
    except (OutOfStock, ProductUnavailable, VariantRequired) as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Added {item.product.name} to your cart.")
    return redirect("storefront:account_wishlist")
