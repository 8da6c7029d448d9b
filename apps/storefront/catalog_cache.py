"""The category tree as storefront pages see it, from the cache.

Building the tree costs two queries, one an aggregate over the catalog (product counts). It changes
when staff edit categories (both entries are dropped then, see signals.py) and when products come
and go, which may show in the counts a minute late. The header's menu is kept apart as a few names:
every page shows it, and unpickling the whole tree on each page cost more than the page itself.
"""

from django.core.cache import cache

from apps.catalog.selectors import category_tree

TREE_CACHE_KEY = "storefront:category-tree"
MENU_CACHE_KEY = "storefront:category-menu"
CACHE_SECONDS = 60


def shop_category_tree():
    tree = cache.get(TREE_CACHE_KEY)
    if tree is None:
        tree = category_tree()
        cache.set(TREE_CACHE_KEY, tree, CACHE_SECONDS)
    return tree


def category_menu():
    """[(name, slug)] of the top-level categories."""
    menu = cache.get(MENU_CACHE_KEY)
    if menu is None:
        menu = [(node.category.name, node.category.slug) for node in shop_category_tree()]
        cache.set(MENU_CACHE_KEY, menu, CACHE_SECONDS)
    return menu


def forget_category_tree():
    cache.delete_many([TREE_CACHE_KEY, MENU_CACHE_KEY])
