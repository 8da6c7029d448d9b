"""Catalog pages every anonymous visitor shares, cached on the catalog version (apps.core.shared_cache)."""

from apps.catalog.version import catalog_version
from apps.core.shared_cache import shared_cache

shared_page = shared_cache(catalog_version)
