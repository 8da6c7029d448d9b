"""Product search: weighted full-text ranking, web-search syntax, and "did you mean" by trigrams."""

import pytest
from django.utils import timezone

from apps.catalog.models import Brand, Product
from apps.catalog.selectors import search_products, suggest_spelling
from tests.factories import create_brand, create_product

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


def test_a_misspelt_word_finds_nothing_but_suggests_the_closest_names():
    create_product("Studio Headphones")
    create_product("Headphones Case")
    create_product("Garden Hose")

    assert names(search_products("hedphones")) == []
    assert suggest_spelling("hedphones") == ["Headphones Case", "Studio Headphones"]


def test_suggestions_leave_out_deleted_products():
    gone = create_product("Headphones Old")
    Product.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())

    assert suggest_spelling("hedphones") == []
