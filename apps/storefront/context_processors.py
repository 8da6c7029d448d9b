from apps.cart.selectors import count_items
from apps.storefront.carts import current_cart
from apps.storefront.catalog_cache import category_menu


def shop(request):
    """What the storefront's layout needs on every page: the cart badge and the category menu.

    A shared page (apps.core.shared_cache) is rendered for a visitor with no session, hence no cart.
    """
    if request.path.startswith(("/admin/", "/api/")):
        return {}
    shared = getattr(request, "shared_render", False)
    return {
        "cart_item_count": 0 if shared else count_items(cart=current_cart(request)),
        "nav_categories": category_menu(),
        "shared_render": shared,
    }
