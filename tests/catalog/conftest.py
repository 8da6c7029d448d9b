import pytest

from apps.catalog.services import refresh_search_dictionary
from apps.demo.seeding.small import load_catalog, load_stock


@pytest.fixture
def small_catalog(db):
    """The small demo shop's catalogue (40 products, apparel in sizes and colours) with search's
    dictionary built from it; returns its sellable units (product, variant or None)."""
    units = load_catalog({})
    refresh_search_dictionary()
    return units


@pytest.fixture
def small_shop(small_catalog):
    """The small demo catalogue with its stock (received through the ledger; one product sold out)."""
    load_stock(small_catalog, {})
