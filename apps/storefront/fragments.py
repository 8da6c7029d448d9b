"""Parts of catalog pages that are the same for every visitor, cached on the catalog version.

A page that cannot be shared whole (a signed-in shopper's, a guest's with a cart: its header is
theirs) still lists the same products with the same facets as everyone's: that HTML is kept in
Redis, keyed on the catalog version and the address, so only the first visitor of an address per
catalog version pays its queries and its render. A version bump orphans every entry at once.
"""

import hashlib

from django.core.cache import cache
from django.utils.safestring import mark_safe

from apps.catalog.version import catalog_version

FRAGMENT_SECONDS = 600


def shared_fragment(request, name, render):
    """The HTML `render()` returns for this address and catalog version, rendered at most once
    (every time while Redis does not answer: no entry is keyed on an unknown version)."""
    version = catalog_version()
    if version is None:
        html = render()
    else:
        address = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        key = f"fragment:{name}:{version}:{address}"
        html = cache.get(key)
        if html is None:
            html = render()
            cache.set(key, str(html), FRAGMENT_SECONDS)
    return mark_safe(html)  # the output of our own template, escaped when it was rendered
