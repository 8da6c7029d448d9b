"""A search's results worked out once per catalog version: the same products in the same order as
the listing engine, a capped count past RESULT_CAP, a page fetched by id, and nothing recomputed
until the catalog changes."""

from decimal import Decimal

import pytest

from apps.catalog import search_results
from apps.catalog.listing import browse
from apps.catalog.search import corrected_spelling
from apps.catalog.search_results import search_listing
from apps.catalog.services import refresh_search_dictionary
from apps.catalog.version import catalog_version
from tests.factories import create_product

pytestmark = pytest.mark.django_db


def names(products):
    return [product.name for product in products]


@pytest.mark.parametrize(
    ("words", "selection"),
    [
        ("hoodie", {}),
        ("hoddie", {}),  # corrected
        ("headphnes", {}),
        ("hoodie", {"ordering": "price"}),
        ("hoodie", {"ordering": "-price", "in_stock": True}),
        ("hoodie", {"attributes": {"size": ["M"]}}),
        ("threadline", {"price_bands": ["25-50", "50-100"]}),
    ],
)
def test_the_results_are_the_listing_engines_in_the_same_order(small_shop, words, selection):
    expected = browse(search=words, **selection)

    listing = search_listing(search=words, **selection)

    assert names(listing.products) == names(expected.products)
    assert listing.products.count_label == f"{len(names(expected.products))} results"
    assert (listing.searched_for, listing.corrected_from) == (expected.searched_for, expected.corrected_from)
    assert listing.facets == expected.facets


def test_past_the_cap_the_count_reads_n_plus_and_only_the_best_are_kept(monkeypatch, db):
    monkeypatch.setattr(search_results, "RESULT_CAP", 2)
    create_product("Lamp Classic", price="30.00", track_inventory=False)
    create_product("Lamp Modern", price="10.00", track_inventory=False)
    create_product("Lamp Retro", price="20.00", track_inventory=False)

    listing = search_listing(search="lamp", ordering="price")

    assert listing.products.count_label == "2+ results"
    assert names(listing.products) == ["Lamp Modern", "Lamp Retro"]
    assert names(listing.products[1:2]) == ["Lamp Retro"]


def test_the_count_says_result_for_one_and_results_otherwise(db):
    create_product("Garden Hose", track_inventory=False)

    assert search_listing(search="hose").products.count_label == "1 result"
    assert search_listing(search="anvil").products.count_label == "0 results"


def test_a_search_is_worked_out_once_then_a_page_costs_one_query(
    small_shop, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # facets, ranked ids, the page: the words find products, no spelling check
        list(search_listing(search="hoodie", ordering="price").products[:2])
    corrected = names(browse(search="hodie").products[:1])
    with django_assert_max_num_queries(5):  # nothing found as typed (facets, ids): spelling, facets, ids, the page
        assert names(search_listing(search="hodie").products[:1]) == corrected

    with django_assert_num_queries(1):  # the page's products, by id
        cheapest = names(search_listing(search="hoodie", ordering="price").products[:2])
    with django_assert_num_queries(1):
        next_ones = names(search_listing(search="hoodie", ordering="price").products[2:4])

    assert cheapest + next_ones == names(browse(search="hoodie", ordering="price").products[:4])
    with django_assert_num_queries(0):  # a page not read (its cards are rendered) is not fetched
        page = search_listing(search="hoodie", ordering="price").products[:2]
        assert len(page) == 2


def test_a_catalog_change_is_in_the_next_search(db, django_capture_on_commit_callbacks):
    lamp = create_product("Desk Lamp", price="30.00", track_inventory=False)
    assert [p.price for p in search_listing(search="lamp").products] == [Decimal("30.00")]

    with django_capture_on_commit_callbacks(execute=True):  # each save bumps the catalog version after commit
        lamp.price = Decimal("25.00")
        lamp.save()
        create_product("Floor Lamp", price="90.00", track_inventory=False)

    listing = search_listing(search="lamp", ordering="price")
    assert [(p.name, p.price) for p in listing.products] == [
        ("Desk Lamp", Decimal("25.00")),
        ("Floor Lamp", Decimal("90.00")),
    ]


def test_a_word_s_spelling_verdict_is_kept_until_the_dictionary_changes(
    db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    create_product("Velvet Cushion")
    refresh_search_dictionary()
    assert corrected_spelling("velvit cushon") == "velvet cushion"

    with django_assert_num_queries(0):  # both words judged before
        assert corrected_spelling("velvit cushon") == "velvet cushion"
    version = catalog_version()
    with django_capture_on_commit_callbacks(execute=True):
        refresh_search_dictionary()  # the same words: nothing to forget
    assert catalog_version() == version

    create_product("Velour Throw")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_search_dictionary()

    assert catalog_version() > version
    assert corrected_spelling("velour thraw") == "velour throw"


def test_words_that_find_products_are_kept_even_before_the_dictionary_knows_them(db):
    create_product("Feather Pillow")
    refresh_search_dictionary()
    create_product("Marble Pillar")  # the dictionary is refreshed hourly: it does not know "pillar" yet

    listing = search_listing(search="pillar")

    assert (listing.searched_for, listing.corrected_from) == ("pillar", "")
    assert names(listing.products) == ["Marble Pillar"]
    assert search_listing(search="pilow").searched_for == "pillow"  # nothing found as typed: corrected
