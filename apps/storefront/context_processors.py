from django.core.cache import cache

from apps.cart.selectors import count_items
from apps.catalog.selectors import category_tree
from apps.storefront.carts import current_cart

NAV_CACHE_KEY = "storefront:nav-categories"
NAV_CACHE_SECONDS = 300


def nav_categories():
    """Top-level categories for the header, cached: every page shows them and they rarely change."""
    categories = cache.get(NAV_CACHE_KEY)
    if categories is None:
        categories = [{"name": node.category.name, "slug": node.category.slug} for node in category_tree()]
        cache.set(NAV_CACHE_KEY, categories, NAV_CACHE_SECONDS)
    return categories


def shop(request):
    """What the storefront's layout needs on every page: the cart badge and the category menu."""
    if request.path.startswith(("/admin/", "/api/")):
        return {}
    return {"cart_item_count": count_items(cart=current_cart(request)), "nav_categories": nav_categories()}
