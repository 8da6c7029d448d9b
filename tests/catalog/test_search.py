"""Product search: weighted full-text ranking, web-search syntax, prefixes, and spelling against the catalog's words."""

import pytest
from django.utils import timezone

from apps.catalog import tasks
from apps.catalog.models import Brand, Category, Product
from apps.catalog.search import corrected_spelling
from apps.catalog.selectors import search_products
from apps.catalog.services import refresh_search_dictionary
from tests.factories import create_brand, create_category, create_product

pytestmark = pytest.mark.django_db


def names(products):
    return [product.name for product in products]


def test_a_product_named_after_the_word_ranks_above_one_that_only_describes_it():
    create_product("Travel Mug", description="Keeps coffee hot next to your headphones.")
    create_product("Studio Headphones", description="Closed-back, 40 mm drivers.")

    assert names(search_products("headphones")) == ["Studio Headphones", "Travel Mug"]


def test_brand_and_tags_are_searchable_and_a_brand_rename_reaches_its_products():
    brand = create_brand("Acme")
    create_product("Anvil", brand=brand, tags=["forge", "iron"])

    assert names(search_products("acme")) == ["Anvil"]
    assert names(search_products("forge")) == ["Anvil"]

    Brand.objects.filter(pk=brand.pk).update(name="Roadrunner")

    assert names(search_products("acme")) == []
    assert names(search_products("roadrunner")) == ["Anvil"]


def test_websearch_syntax_excludes_words_and_matches_quoted_phrases():
    create_product("Red Wool Scarf")
    create_product("Red and Blue Scarf")
    create_product("Scarf", description="A red cotton scarf, not wool")

    assert names(search_products("red -blue")) == ["Red Wool Scarf", "Scarf"]
    assert names(search_products('"red wool"')) == ["Red Wool Scarf"]


def test_deleted_and_inactive_products_are_not_found():
    create_product("Lamp Classic")
    create_product("Lamp Retired", is_active=False)
    deleted = create_product("Lamp Gone")
    Product.all_objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())

    assert names(search_products("lamp")) == ["Lamp Classic"]


def test_an_empty_query_finds_nothing():
    create_product("Anything")

    assert names(search_products("  ")) == []


def test_the_limit_caps_the_results():
    for n in range(3):
        create_product(f"Candle {n}")

    assert len(search_products("candle", limit=2)) == 2


def test_the_last_word_matches_as_a_prefix_while_typing():
    create_product("Classic Pullover Hoodie")
    create_product("Red Wool Scarf")

    assert names(search_products("hood")) == ["Classic Pullover Hoodie"]
    assert names(search_products("red wo")) == ["Red Wool Scarf"]
    assert names(search_products("wo red")) == []  # only the last word is a prefix


def test_the_name_ranks_above_brand_and_category_which_rank_above_the_description():
    bags = create_category("Bags")
    create_product("Travel Pouch", description="Fits in any bags compartment.")
    create_product("Leather Tote", category=bags)
    create_product("Bags Organiser")

    assert names(search_products("bags")) == ["Bags Organiser", "Leather Tote", "Travel Pouch"]


def test_a_category_rename_reaches_its_products_search_documents():
    mugs = create_category("Mugs")
    create_product("Morning Companion", category=mugs)

    Category.objects.filter(pk=mugs.pk).update(name="Cups")

    assert names(search_products("mugs")) == []
    assert names(search_products("cups")) == ["Morning Companion"]


def test_the_dictionary_holds_the_catalog_words_of_sellable_products_only():
    create_product("Velvet Cushion", description="Soft")
    create_product("Secret Prototype", is_active=False)

    assert refresh_search_dictionary() == 3

    assert corrected_spelling("velvit cushon") == "velvet cushion"
    assert corrected_spelling("secrat") is None
    assert corrected_spelling("velvet") is None  # every word known: nothing to correct
    assert corrected_spelling("velv") is None  # a known word being typed
    assert corrected_spelling('"velvit" -soft') is None  # websearch syntax is taken as typed


def test_the_scheduled_task_brings_new_products_words_into_the_dictionary():
    refresh_search_dictionary()
    create_product("Quilted Gilet")

    assert corrected_spelling("quilter gilet") is None  # not known yet: nothing close
    assert tasks.refresh_search_dictionary.apply().get() == 2
    assert corrected_spelling("quiltde gilet") == "quilted gilet"
