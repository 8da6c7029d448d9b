from django.db import connection, transaction
from django.utils import timezone

from apps.catalog.models import Product
from apps.catalog.search import renew_dictionary_stamp


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
    The spelling verdicts and search results kept for the old words are then left behind.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if concurrently else ''}catalog_search_words")
        cursor.execute("SELECT count(*) FROM catalog_search_words")
        words = cursor.fetchone()[0]
    renew_dictionary_stamp()
    return words
