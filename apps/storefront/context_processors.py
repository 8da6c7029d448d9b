from apps.cart.selectors import count_items
from apps.storefront.carts import current_cart
from apps.storefront.catalog_cache import category_menu


def shop(request):
    """What the storefront's layout needs on every page: the cart badge and the category menu."""
    if request.path.startswith(("/admin/", "/api/")):
        return {}
    return {"cart_item_count": count_items(cart=current_cart(request)), "nav_categories": category_menu()}
