"""The category tree as storefront pages see it: held in process memory, checked against the
catalog version (apps.catalog.version) on each use.

Building the tree costs two queries, one an aggregate over the catalog (product counts), and
unpickling it from Redis on every page cost more than the page itself; so each process keeps the
tree of the version it last saw, and only a new version sends it to Redis (shared by the
processes, keyed on the version) or, failing that, to the database. Any saved category or product
bumps the version, so a change shows on the next request.
"""

import threading

from django.core.cache import cache

from apps.catalog.selectors import category_tree
from apps.catalog.version import catalog_version

CACHE_SECONDS = 600

_held = threading.local()


def shop_category_tree():
    return _current()[0]


def category_menu():
    """[(name, slug)] of the top-level categories."""
    return _current()[1]


def _current():
    version = catalog_version()
    if getattr(_held, "version", None) != version:
        _held.entry = cache.get(f"storefront:category-tree:{version}")
        if _held.entry is None:
            tree = category_tree()
            _held.entry = (tree, [(node.category.name, node.category.slug) for node in tree])
            cache.set(f"storefront:category-tree:{version}", _held.entry, CACHE_SECONDS)
        _held.version = version
    return _held.entry
