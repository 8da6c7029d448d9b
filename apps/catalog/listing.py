"""The one listing engine of category pages, search results and the API's product list.

browse() takes what the shopper chose (a category, search words, filters, an ordering) and returns
the products, the facets with their counts and, when the words were misspelt, what was searched
instead: "Showing results for hoodie; search instead for hoddie".
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from apps.catalog.facets import ATTRIBUTE_PREFIX, Facet, facets
from apps.catalog.search import corrected_spelling, search_query
from apps.catalog.selectors import listed_products, listing_filters, order_products


@dataclass
class Listing:
    products: QuerySet
    facets: list[Facet] = field(default_factory=list)
    searched_for: str = ""  # the words whose results are shown
    corrected_from: str = ""  # the words typed, when they were corrected
    key: str = ""  # names these results in the cache when they are kept there (catalog.search_results)
    total: int | None = None  # how many products are listed, when the facets query counted them


def _chosen(brands, price_bands, in_stock, attributes):
    """{facet name: values} of the options picked, to mark them in the facets."""
    chosen = {"brand": set(brands), "price": set(price_bands), "stock": {"in"} if in_stock else set()}
    chosen.update({f"{ATTRIBUTE_PREFIX}{key}": set(values) for key, values in (attributes or {}).items()})
    return chosen


def browse(
    *,
    category=None,
    search="",
    exact=False,
    ordering=None,
    with_facets=True,
    brands=(),
    price_bands=(),
    in_stock=None,
    attributes=None,
    **filters,
) -> Listing:
    """Sellable products of `category` (a Category, a slug or a held CategoryNode; subcategories included) matching
    `search`, filtered and ordered, as catalog.selectors.product_list lists them.

    search: when a word is unknown to the catalog's dictionary the closest known words are
    searched instead, unless `exact`. Filters: brands (slugs or ids), price_bands (keys of
    PRICE_BANDS), in_stock, attributes ({"color": ["Black", "Navy"], "size": ["M"]}), and any other
    argument of listing_filters (min_price, max_price, brand). Facets (two queries at most with the
    spelling check) are computed only `with_facets`; their query also counts the products listed
    (`total`), so a page of them needs no COUNT of its own.
    """
    search = (search or "").strip()
    corrected = corrected_spelling(search) if search and not exact else None
    searched_for = corrected or search
    products = listed_products(
        category=category,
        query=search_query(searched_for) if searched_for else None,
        colours=(attributes or {}).get("color", ()),
    )
    chosen_filters = listing_filters(
        brands=brands, price_bands=price_bands, in_stock=in_stock, attributes=attributes, **filters
    )
    listing = Listing(products=products, searched_for=searched_for, corrected_from=search if corrected else "")
    if with_facets:
        listing.facets, listing.total = facets(
            products, filters=chosen_filters, chosen=_chosen(brands, price_bands, in_stock, attributes)
        )
    for condition in chosen_filters.values():
        products = products.filter(condition)
    listing.products = order_products(products, ordering, searching=bool(searched_for))
    return listing
