"""Catalog reads: product search."""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import F

from apps.catalog.models import Product

SEARCH_CONFIG = "english"


def search_products(query, *, limit=20):
    """Sellable products matching a shopper's query, best first.

    The query uses web-search syntax ("quoted phrase", -excluded, or). Ranking is ts_rank_cd over
    the weighted search_vector (name A, brand and tags B, description C), so a product named after
    the word ranks above one that only mentions it.
    """
    query = (query or "").strip()
    if not query:
        return Product.objects.none()
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        Product.objects.sellable()
        .filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query, cover_density=True))
        .select_related("brand")
        .order_by("-rank", "name")[:limit]
    )


def suggest_spelling(query, *, limit=5):
    """Names of sellable products closest to a possibly misspelt query ("did you mean ...?").

    Uses pg_trgm word similarity (served by idx_products_name_trgm), so "hedphones" finds
    "Studio Headphones".
    """
    query = (query or "").strip()
    if not query:
        return []
    return list(
        Product.objects.sellable()
        .filter(name__trigram_word_similar=query)
        .annotate(similarity=TrigramWordSimilarity(query, "name"))
        .order_by("-similarity", "name")
        .values_list("name", flat=True)[:limit]
    )
