from django.db import connection, transaction
from django.utils import timezone

from apps.catalog.models import Product
from apps.catalog.version import bump_catalog_version

# What the spelling check reads of the dictionary (the words, their stems and how common they are).
_DICTIONARY_DIGEST_SQL = (
    "SELECT md5(string_agg(concat_ws(' ', word, stem, ndoc), ',' ORDER BY word)) FROM catalog_search_words"
)


@transaction.atomic
def soft_delete_product(*, product: Product) -> Product:
    """Take a product out of the shop while keeping it for the orders that sold it (seed 003 §9).

    Listings hide it from now on. Cart lines holding it are removed by the database's trigger on
    products.deleted_at, so the catalog never has to know about carts. Deleting twice changes nothing.
    """
    if product.deleted_at is None:
        product.deleted_at = timezone.now()
        product.save(update_fields=["deleted_at", "updated_at"])
    return product


def refresh_search_dictionary(*, concurrently=True) -> int:
    """Rebuild the spelling dictionary of search from the sellable catalog; returns its word count.

    CONCURRENTLY lets searches keep reading the old words meanwhile (the view has a unique index).
    When the words changed, the catalog version is bumped: the spelling verdicts, search results
    and pages kept for the old words are left behind.
    """
    with connection.cursor() as cursor:
        cursor.execute(_DICTIONARY_DIGEST_SQL)
        before = cursor.fetchone()[0]
        cursor.execute(f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if concurrently else ''}catalog_search_words")
        cursor.execute(_DICTIONARY_DIGEST_SQL)
        changed = cursor.fetchone()[0] != before
        cursor.execute("SELECT count(*) FROM catalog_search_words")
        words = cursor.fetchone()[0]
    if changed:
        bump_catalog_version()
    return words
