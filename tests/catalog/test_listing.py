"""The listing engine of category and search pages at the small demo data set: misspelt, prefix and
multi-word searches, and facets whose counts are what picking the option would list."""

import pytest

from apps.catalog.listing import browse

pytestmark = pytest.mark.django_db


def names(listing):
    return sorted(product.name for product in listing.products)


HOODIES = [
    "Classic Pullover Hoodie",
    "Kids Hoodie",
    "Lightweight Summer Hoodie",
    "Tech Fleece Hoodie",
    "Zip Hoodie",
]


def test_a_misspelt_word_shows_the_results_of_the_corrected_word(small_catalog):
    listing = browse(search="hoddie")

    assert (listing.searched_for, listing.corrected_from) == ("hoodie", "hoddie")
    assert names(listing) == HOODIES


def test_headphones_misspelt_finds_the_headphones_category_named_ones_first(small_catalog):
    listing = browse(search="headphnes")

    found = [product.name for product in listing.products]
    assert listing.searched_for == "headphones"
    assert sorted(found[:3]) == ["Kids Safe Headphones", "Reference Monitor Headphones", "Studio Wireless Headphones"]
    assert sorted(found[3:]) == ["Everyday Earbuds", "Sport Neckband Earphones"]  # in the Headphones category


def test_search_instead_for_the_words_as_typed(small_catalog):
    listing = browse(search="hoddie", exact=True)

    assert (listing.searched_for, listing.corrected_from) == ("hoddie", "")
    assert names(listing) == []


def test_a_prefix_finds_products_while_typing(small_catalog):
    listing = browse(search="hood")

    assert listing.corrected_from == ""
    assert names(listing) == HOODIES


def test_multi_word_queries_need_every_word_and_correct_each(small_catalog):
    assert names(browse(search="kids hoodie")) == ["Kids Hoodie"]
    listing = browse(search="wireles headphnes")
    assert listing.searched_for == "wireless headphones"
    # wireless (a tag) and in the Headphones category
    assert names(listing) == ["Everyday Earbuds", "Sport Neckband Earphones", "Studio Wireless Headphones"]


def test_a_brand_name_finds_its_products(small_catalog):
    assert names(browse(search="threadline hoodie")) == HOODIES


def _picking(selection, facet, option):
    """`selection` with `facet` narrowed to `option` alone (the other facets kept)."""
    picked = {**selection, "attributes": dict(selection.get("attributes", {}))}
    if facet.name == "brand":
        picked["brands"] = [option.value]
    elif facet.name == "price":
        picked["price_bands"] = [option.value]
    elif facet.name == "stock":
        picked["in_stock"] = True
    else:
        picked["attributes"][facet.name.removeprefix("attr:")] = [option.value]
    return picked


SELECTIONS = [
    {},
    {"attributes": {"color": ["Black"]}},
    {"attributes": {"color": ["Navy"], "size": ["S", "L"]}, "in_stock": True},
    {"brands": ["threadline"], "price_bands": ["25-50", "50-100"]},
    {"attributes": {"material": ["cotton fleece"]}, "brands": ["sonora"]},  # nothing: counts still right
]


def test_each_option_counts_the_products_picking_it_would_list(small_shop):
    for where in [{"category": "apparel"}, {"category": "electronics"}, {"search": "hoodie"}]:
        for selection in SELECTIONS:
            listing = browse(**where, **selection)

            assert listing.facets, "a listing of the demo shop has facets"
            for facet in listing.facets:
                for option in facet.options:
                    picked = browse(**where, **_picking(selection, facet, option), with_facets=False)
                    assert option.count == picked.products.count(), (where, selection, facet.name, option.value)


def test_apparel_facets_offer_the_brand_sizes_colours_and_materials_in_view(small_shop):
    facets = {facet.name: facet for facet in browse(category="apparel", attributes={"color": ["Black"]}).facets}

    assert list(facets) == ["brand", "price", "stock", "attr:color", "attr:material", "attr:size"]
    assert [(o.label, o.count) for o in facets["brand"].options] == [("Threadline", 10)]
    assert [(o.value, o.count, o.selected) for o in facets["attr:color"].options] == [
        ("Black", 10, True),
        ("Navy", 10, False),
    ]
    assert [o.value for o in facets["attr:size"].options] == ["S", "M", "L"]
    assert facets["attr:color"].label == "Colour" and facets["attr:color"].param == "attr_color"


def test_options_that_would_list_nothing_are_left_out_unless_chosen(small_shop):
    facets = {facet.name: facet for facet in browse(category="books", brands=["sonora"]).facets}

    # No Sonora book: the chosen brand stays (to be unpicked) with 0; Folio Press counts its five books.
    assert [(o.label, o.count, o.selected) for o in facets["brand"].options] == [
        ("Folio Press", 5, False),
        ("sonora", 0, True),
    ]
    assert "attr:color" not in facets  # books come in no colours
    assert "price" not in facets  # no price band holds a Sonora book


def test_a_colour_filter_shows_each_product_in_that_colour(small_catalog):
    navy = browse(category="hoodies", attributes={"color": ["Navy"]})
    plain = browse(category="hoodies")

    assert {product.primary_image_url.rsplit("-", 2)[-2] for product in navy.products} == {"navy"}
    assert {product.primary_image_url.rsplit("-", 2)[-2] for product in plain.products} == {"black"}
