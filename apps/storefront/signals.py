from django.core.cache import cache

from apps.storefront.context_processors import NAV_CACHE_KEY


def forget_nav_categories(**kwargs):
    """A category was saved or deleted: the header's cached menu must be rebuilt."""
    cache.delete(NAV_CACHE_KEY)
