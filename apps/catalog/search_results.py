"""A search page's results worked out once and shared: the ranked ids, the facets, the words searched.

What a search costs is ranking every matching product to find the best ones, and counting the facet
options over every match. Both depend only on the words, the filters and the order chosen, and on
the catalog version (every change that shows on a page bumps it, a new spelling dictionary too), so
they are computed once per such key and kept: in Redis, shared by every process, and in the
process's memory ("local" cache), since a key never changes meaning. Another page of the same
search, the same search under another address (a tracking parameter, a new visitor), or the search
page rendered for a signed-in shopper then costs at most one query: the page's products, by id.

Only the first RESULT_CAP ids are kept: a broader search reads "1,000+ results" and pages through
those (nobody pages further; a narrower search or a filter does better).
"""

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache, caches

from apps.catalog.listing import Listing, browse
from apps.catalog.search import corrected_spelling
from apps.catalog.selectors import listed_products
from apps.catalog.version import catalog_version

RESULT_CAP = 1000
# Long enough for a popular search to be asked many times; a version change orphans it anyway.
ENTRY_SECONDS = 600


@dataclass
class _Stored:
    ids: bytes  # the ranked ids, 16 bytes each, up to RESULT_CAP + 1 (one more says there are more)
    facets: list
    searched_for: str
    corrected_from: str


class RankedProducts:
    """The products of a search in rank order, fetched by id a page at a time (a Paginator's
    object_list: count() and slices). The ids stay packed (16 bytes each) until a page needs them."""

    def __init__(self, packed_ids, queryset, *, more):
        self.packed_ids = packed_ids
        self.queryset = queryset
        self.more = more  # more products match than the ids kept

    def count(self):
        return len(self.packed_ids) // 16

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _Page(self._fetch, range(self.count())[index])
        return self._fetch([range(self.count())[index]])[0]

    def __iter__(self):
        return iter(self[:])

    @property
    def count_label(self):
        """ "1 result", "24 results", or "1,000+ results" past the cap."""
        count = self.count()
        if self.more:
            return f"{count:,}+ results"
        return f"{count:,} result{'' if count == 1 else 's'}"

    def _fetch(self, positions):
        """The products at `positions`, in that order (one query; a product gone since is skipped)."""
        ids = [uuid.UUID(bytes=self.packed_ids[n * 16 : n * 16 + 16]) for n in positions]
        by_id = {product.pk: product for product in self.queryset.filter(pk__in=ids)} if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]


class _Page(Sequence):
    """Some of the ranked products, fetched when first read: a page whose products are already
    rendered (a cached fragment) costs no query, and knows it is not empty without one."""

    def __init__(self, fetch, positions):
        self._fetch_products = fetch
        self.positions = positions

    def __len__(self):
        return len(self.positions)

    def __getitem__(self, index):
        return self._products[index]

    @cached_property
    def _products(self):
        return self._fetch_products(self.positions)


def search_listing(*, search, exact=False, ordering=None, attributes=None, **filters) -> Listing:
    """The storefront's search results as catalog.listing.browse lists them (same arguments, no
    category), with `products` a RankedProducts of the first RESULT_CAP; computed at most once per
    catalog version and arguments."""
    arguments = {"search": (search or "").strip(), "exact": exact, "ordering": ordering, "attributes": attributes}
    arguments.update(filters)
    version = catalog_version()
    if version is None:  # Redis does not answer: no version to trust a kept result by
        key, stored = "", _compute(arguments)
    else:
        key = _key(version, arguments)
        stored = _kept(key, arguments)
    colours = (attributes or {}).get("color", ())
    kept = stored.ids[: RESULT_CAP * 16]
    return Listing(
        products=RankedProducts(kept, listed_products(colours=colours), more=len(stored.ids) > len(kept)),
        facets=stored.facets,
        searched_for=stored.searched_for,
        corrected_from=stored.corrected_from,
        key=key,
    )


def _kept(key, arguments):
    local = caches["local"]
    stored = local.get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is None:
            stored = _compute(arguments)
            cache.set(key, stored, ENTRY_SECONDS)
        local.set(key, stored, ENTRY_SECONDS)
    return stored


def _compute(arguments):
    """The words as typed first: when they find products every word is one the catalog uses, so
    the spelling check is skipped (and a product newer than the dictionary is found by its own
    words). Only when nothing is found, and some word has a correction, are the corrected words
    listed instead."""
    listing = browse(**{**arguments, "exact": True})
    ids = list(listing.products.values_list("pk", flat=True)[: RESULT_CAP + 1])
    if not ids and not arguments["exact"] and corrected_spelling(arguments["search"]):
        listing = browse(**arguments)
        ids = listing.products.values_list("pk", flat=True)[: RESULT_CAP + 1]
    return _Stored(
        ids=b"".join(pk.bytes for pk in ids),
        facets=listing.facets,
        searched_for=listing.searched_for,
        corrected_from=listing.corrected_from,
    )


def _key(version, arguments):
    """The cache key of a search: the catalog version and its arguments in a canonical form (lists
    sorted: brand=a&brand=b lists what brand=b&brand=a lists)."""

    def canonical(value):
        if isinstance(value, dict):
            return {key: canonical(item) for key, item in sorted(value.items())}
        if isinstance(value, list | tuple | set):
            return sorted(str(item) for item in value)
        return value if value is None or isinstance(value, bool | int) else str(value)

    text = json.dumps(canonical(arguments), sort_keys=True)
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"search:results:{version}:{digest}"
