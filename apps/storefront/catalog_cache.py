"""The category tree as every storefront page sees it, from the cache.

The header, the home page and each category page need the tree with its product counts; building
it costs two queries, one of them an aggregate over the catalog. It changes when staff edit
categories (the cache is dropped then, see signals.py) and when products come and go, which may
show in the counts a minute late.
"""

from django.core.cache import cache

from apps.catalog.selectors import category_tree

TREE_CACHE_KEY = "storefront:category-tree"
TREE_CACHE_SECONDS = 60


def shop_category_tree():
    tree = cache.get(TREE_CACHE_KEY)
    if tree is None:
        tree = category_tree()
        cache.set(TREE_CACHE_KEY, tree, TREE_CACHE_SECONDS)
    return tree


def forget_category_tree():
    cache.delete(TREE_CACHE_KEY)
