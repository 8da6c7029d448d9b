from apps.storefront.catalog_cache import forget_category_tree


def forget_cached_categories(**kwargs):
    """A category was saved or deleted: the cached tree (menu, category pages) must be rebuilt."""
    forget_category_tree()
