"""Catalog reads for the storefront and the API: the category tree, listings, details."""

from decimal import Decimal

import pytest
from django.utils import timezone

from apps.catalog.models import Product
from apps.catalog.selectors import (
    brands,
    category_tree,
    category_with_descendants_ids,
    featured_products,
    product_detail,
    product_list,
)
from tests.analytics.factories import create_review
from tests.factories import (
    create_brand,
    create_category,
    create_image,
    create_product,
    create_user,
    create_variant,
)

pytestmark = pytest.mark.django_db


def names(products):
    return [product.name for product in products]


@pytest.fixture
def garden():
    """Garden > Tools > Spades, Garden > Seeds (inactive)."""
    garden = create_category("Garden", slug="garden", sort_order=1)
    tools = create_category("Tools", parent=garden)
    spades = create_category("Spades", parent=tools)
    seeds = create_category("Seeds", parent=garden, is_active=False)
    return garden, tools, spades, seeds


def test_the_category_tree_nests_active_categories_and_counts_sellable_products_below_them(
    garden, django_assert_num_queries
):
    garden_cat, tools, spades, seeds = garden
    kitchen = create_category("Kitchen", sort_order=2)
    create_product("Rake", category=tools)
    create_product("Spade", category=spades)
    create_product("Border Spade", category=spades)
    create_product("Hidden Spade", category=spades, is_active=False)
    create_product("Gone Spade", category=spades, deleted_at=timezone.now())
    create_product("Tomato Seeds", category=seeds)
    create_category("Orphan of seeds", parent=seeds)

    with django_assert_num_queries(2):
        tree = category_tree()

    def shape(nodes):
        return [(n.category.name, n.product_count, shape(n.children)) for n in nodes]

    assert shape(tree) == [
        ("Garden", 3, [("Tools", 3, [("Spades", 2, [])])]),
        ("Kitchen", 0, []),
    ]
    assert tree[1].category == kitchen


def test_descendant_ids_cover_every_depth_but_skip_inactive_branches(garden):
    garden_cat, tools, spades, seeds = garden

    assert set(category_with_descendants_ids(garden_cat)) == {garden_cat.pk, tools.pk, spades.pk}
    assert category_with_descendants_ids(spades) == [spades.pk]


def test_listing_a_category_by_slug_includes_its_subcategories(garden):
    garden_cat, tools, spades, _ = garden
    create_product("Rake", category=tools)
    create_product("Spade", category=spades)
    create_product("Whisk", category=create_category("Kitchen"))

    assert names(product_list(category="garden", ordering="price")) == ["Rake", "Spade"]
    assert names(product_list(category=spades)) == ["Spade"]
    assert names(product_list(category="no-such-category")) == []


def test_listing_filters_by_brand_price_and_stock():
    acme = create_brand("Acme", slug="acme")
    create_product("Anvil", brand=acme, price="50.00", stock_quantity=0)
    create_product("Hammer", brand=acme, price="20.00", stock_quantity=3)
    create_product("Download", price="5.00", stock_quantity=0, track_inventory=False)
    create_product("Ladder", price="80.00", stock_quantity=1)

    assert names(product_list(brand="acme", ordering="price")) == ["Hammer", "Anvil"]
    assert names(product_list(brand=acme.pk, ordering="price")) == ["Hammer", "Anvil"]
    assert names(product_list(min_price=Decimal("20.00"), max_price=Decimal("50.00"), ordering="price")) == [
        "Hammer",
        "Anvil",
    ]
    assert names(product_list(in_stock=True, ordering="price")) == ["Download", "Hammer", "Ladder"]
    assert names(product_list(in_stock=False)) == ["Anvil"]


def test_listing_orders_by_price_newest_rating_and_relevance():
    old = create_product("Travel Mug", price="12.00", description="Keeps headphones company.")
    new = create_product("Studio Headphones", price="99.00")
    Product.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=2))
    unrated = create_product("Cable", price="3.00")
    create_review(old, create_user(), 4)
    create_review(new, create_user(), 5)

    assert names(product_list(ordering="-price")) == ["Studio Headphones", "Travel Mug", "Cable"]
    assert names(product_list())[-1] == "Travel Mug"
    assert names(product_list(ordering="rating")) == ["Studio Headphones", "Travel Mug", unrated.name]
    assert names(product_list(search="headphones")) == ["Studio Headphones", "Travel Mug"]


def test_listing_rows_carry_their_image_rating_and_review_count():
    product = create_product("Lamp", category=create_category("Lighting"), brand=create_brand("Lumo"))
    create_image(product, url="/img/side.jpg", sort_order=0)
    create_image(product, url="/img/front.jpg", sort_order=1, is_primary=True)
    create_image(create_product("Bulb"), url="/img/bulb.jpg")
    create_product("Shade")
    for stars in (5, 4):
        create_review(product, create_user(), stars)

    rows = {p.name: p for p in product_list()}

    lamp = rows["Lamp"]
    assert (lamp.primary_image_url, lamp.rating, lamp.review_count) == ("/img/front.jpg", Decimal("4.50"), 2)
    assert (lamp.category.name, lamp.brand.name) == ("Lighting", "Lumo")
    assert rows["Bulb"].primary_image_url == "/img/bulb.jpg"
    assert (rows["Shade"].primary_image_url, rows["Shade"].rating) == (None, None)


def test_an_unknown_ordering_is_refused():
    with pytest.raises(ValueError, match="ordering must be one of"):
        product_list(ordering="name")


@pytest.mark.parametrize("count", [2, 20])
def test_a_listing_page_takes_one_query_whatever_its_size(count, django_assert_max_num_queries):
    category, brand = create_category(), create_brand()
    for _ in range(count):
        product = create_product(category=category, brand=brand)
        create_image(product, is_primary=True)

    with django_assert_max_num_queries(1):
        rows = [(p.category.name, p.brand.name, p.primary_image_url, p.rating) for p in product_list()]

    assert len(rows) == count


def test_a_category_listing_takes_two_queries_whatever_its_size(django_assert_max_num_queries):
    category = create_category(slug="lamps")
    for _ in range(5):
        create_product(category=category)

    with django_assert_max_num_queries(2):
        assert len(list(product_list(category="lamps"))) == 5


def test_product_detail_loads_images_and_active_variants_in_order(django_assert_num_queries):
    product = create_product("Tee", slug="tee", category=create_category("Shirts"), brand=create_brand("Cotto"))
    create_image(product, url="/img/back.jpg", sort_order=2)
    create_image(product, url="/img/front.jpg", sort_order=1, is_primary=True)
    create_variant(product, "Large", sort_order=2)
    create_variant(product, "Small", sort_order=1)
    create_variant(product, "Retired", sort_order=0, is_active=False)

    with django_assert_num_queries(3):
        by_slug = product_detail(id_or_slug="tee")
        seen = (
            by_slug.category.name,
            by_slug.brand.name,
            [image.url for image in by_slug.images.all()],
            [variant.name for variant in by_slug.active_variants],
        )

    assert seen == ("Shirts", "Cotto", ["/img/front.jpg", "/img/back.jpg"], ["Small", "Large"])
    assert product_detail(id_or_slug=str(product.pk)) == product


def test_product_detail_of_a_deleted_or_inactive_product_does_not_exist():
    create_product(slug="gone", deleted_at=timezone.now())
    create_product(slug="hidden", is_active=False)

    for slug in ("gone", "hidden", "never-was"):
        with pytest.raises(Product.DoesNotExist):
            product_detail(id_or_slug=slug)


def test_featured_products_are_the_newest_featured_sellable_ones():
    create_product("Old Star", is_featured=True, created_at=timezone.now() - timezone.timedelta(days=1))
    create_product("New Star", is_featured=True)
    create_product("Plain")
    create_product("Hidden Star", is_featured=True, is_active=False)

    assert names(featured_products(limit=5)) == ["New Star", "Old Star"]
    assert names(featured_products(limit=1)) == ["New Star"]


def test_brands_lists_active_brands_by_name():
    create_brand("Zeta")
    create_brand("Acme")
    create_brand("Defunct", is_active=False)

    assert [brand.name for brand in brands()] == ["Acme", "Zeta"]
