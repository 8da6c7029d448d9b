"""Home, category, search and product pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cart.models import CartItem
from apps.catalog.services import refresh_search_dictionary
from apps.reviews.models import ProductReview
from apps.wishlist.models import WishlistItem
from tests.checkout.factories import create_stocked_product
from tests.factories import (
    create_brand,
    create_category,
    create_image,
    create_product,
    create_stock,
    create_user,
    create_variant,
)

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_featured_products_and_categories(client):
    kitchen = create_category("Kitchen", slug="kitchen")
    create_product("Copper Kettle", category=kitchen, is_featured=True, track_inventory=False)
    create_product("Plain Spoon", category=kitchen, track_inventory=False)

    content = client.get("/").content.decode()

    assert "Copper Kettle" in content
    assert "Plain Spoon" not in content
    assert 'href="/c/kitchen/"' in content
    assert "2 products" in content


def test_a_category_page_lists_products_of_its_subcategories_with_breadcrumbs(client):
    home = create_category("Home", slug="home")
    lamps = create_category("Lamps", slug="lamps", parent=home)
    create_product("Desk Lamp", category=lamps, track_inventory=False)
    create_product("Rug", category=home, track_inventory=False)

    response = client.get("/c/home/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Desk Lamp" in content and "Rug" in content
    assert 'href="/c/lamps/"' in content

    sub = client.get("/c/lamps/").content.decode()
    assert "Desk Lamp" in sub and "Rug" not in sub
    assert '<a href="/c/home/">Home</a>' in sub


def test_an_unknown_category_is_a_404(client):
    assert client.get("/c/nowhere/").status_code == 404


def test_category_filters_by_price_brand_and_stock_and_sorts_by_price(client):
    shop = create_category("Shop", slug="shop")
    acme = create_brand("Acme", slug="acme")
    create_product("Cheap Acme", price="5.00", category=shop, brand=acme, track_inventory=False)
    create_product("Dear Acme", price="50.00", category=shop, brand=acme, track_inventory=False)
    create_product("Other", price="20.00", category=shop, track_inventory=False)
    create_product("Sold Out", price="20.00", category=shop, track_inventory=True, stock_quantity=0)

    content = client.get("/c/shop/", {"brand": "acme", "sort": "-price"}).content.decode()
    assert content.index("Dear Acme") < content.index("Cheap Acme")
    assert "Other" not in content

    content = client.get("/c/shop/", {"min_price": "10", "max_price": "30", "in_stock": "on"}).content.decode()
    assert "Other" in content
    assert "Sold Out" not in content and "Cheap Acme" not in content


def test_bad_filter_input_shows_a_form_error_not_a_500(client):
    create_category("Shop", slug="shop")

    response = client.get("/c/shop/", {"min_price": "cheap", "sort": "sideways"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a number." in content
    assert "Select a valid choice. sideways is not one of the available choices." in content


def test_a_max_price_below_the_min_price_is_refused(client):
    create_category("Shop", slug="shop")

    content = client.get("/c/shop/", {"min_price": "30", "max_price": "10"}).content.decode()

    assert "The max price must not be below the min price." in content


def test_category_pages_paginate_by_24(client):
    shop = create_category("Shop", slug="shop")
    for n in range(25):
        create_product(f"Item {n:02d}", category=shop, track_inventory=False)

    first = client.get("/c/shop/").content.decode()
    second = client.get("/c/shop/", {"page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert first.count('class="product-card"') == 24
    assert second.count('class="product-card"') == 1


@pytest.mark.parametrize("count", [3, 30])
def test_the_category_page_query_count_does_not_grow_with_the_products(client, django_assert_max_num_queries, count):
    shop = create_category("Shop", slug="shop")
    brand = create_brand()
    for n in range(count):
        product = create_product(f"Item {n}", category=shop, brand=brand, track_inventory=False)
        create_image(product, is_primary=True)
    client.get("/c/shop/")  # the header's menu is cached from here on

    with django_assert_max_num_queries(9):
        assert client.get("/c/shop/", {"brand": brand.slug}).status_code == 200


def test_search_lists_matching_products(client):
    create_product("Studio Headphones", track_inventory=False)
    create_product("Garden Hose", track_inventory=False)

    response = client.get("/search/", {"q": "headphones"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Studio Headphones" in content and "Garden Hose" not in content
    assert "1 result" in content


def test_a_misspelt_search_shows_the_results_for_the_corrected_word(client):
    create_product("Classic Pullover Hoodie", track_inventory=False)
    refresh_search_dictionary()

    content = client.get("/search/", {"q": "hoddie"}).content.decode()

    assert "Showing results for" in content and "<strong>hoodie</strong>" in content
    assert 'search instead for <a href="/search/?q=hoddie&amp;exact=1">hoddie</a>' in content
    assert "Classic Pullover Hoodie" in content and "1 result" in content
    exact = client.get("/search/", {"q": "hoddie", "exact": "1"}).content.decode()
    assert "0 results" in exact and "Showing results for" not in exact


def test_category_facets_show_counts_and_keep_the_other_filters(client):
    shop = create_category("Shop", slug="shop")
    acme = create_brand("Acme", slug="acme")
    shirt = create_product("Acme Shirt", price="20.00", category=shop, brand=acme, track_inventory=False)
    create_variant(shirt, "S / Black", option_values={"size": "S", "color": "Black"})
    create_product("Acme Mug", price="12.00", category=shop, brand=acme, track_inventory=False)
    create_product("Plain Mug", price="60.00", category=shop, track_inventory=False, attributes={"color": "White"})

    content = client.get("/c/shop/", {"brand": "acme"}).content.decode()

    assert '<input type="checkbox" name="brand" value="acme" checked>' in content
    assert '<input type="checkbox" name="attr_color" value="Black">' in content
    assert '<span class="facet-count">1<span class="visually-hidden"> product</span></span>' in content
    # Plain Mug is no Acme: its colour would list nothing, so it is not offered.
    assert 'value="White"' not in content
    assert "2 products" in content


def test_the_category_page_runs_the_same_queries_whatever_the_filters(client):
    shop = create_category("Shop", slug="shop")
    acme = create_brand("Acme", slug="acme")
    for n in range(4):
        product = create_product(
            f"Item {n}", category=shop, brand=acme, price=f"{10 + 30 * n}.00", attributes={"material": "wool"}
        )
        variant = create_variant(product, option_values={"size": "M", "color": "Black" if n % 2 else "Navy"})
        create_stock(product, variant=variant, on_hand=2)
    client.get("/c/shop/?page=1")  # the header's menu and the category tree are cached from here on
    filters = [
        {},
        {"brand": "acme"},
        {"attr_color": ["Black", "Navy"], "attr_size": "M", "price": ["0-25", "100-200"], "in_stock": "on"},
        {"brand": ["acme", "other"], "attr_material": "wool", "sort": "price", "min_price": "5"},
    ]

    counts = []
    for query in filters:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/c/shop/", query).status_code == 200
        counts.append(len(queries))

    # The facets with the listing's length, and the page (the subcategories come from the held tree).
    assert counts == [2, 2, 2, 2]


def test_the_search_box_suggests_products_categories_and_brands(client):
    hoodies = create_category("Hoodies", slug="hoodies")
    hood = create_brand("Hoodwink", slug="hoodwink")
    create_product("Zip Hoodie", slug="zip-hoodie", price="69.00", category=hoodies, brand=hood)

    response = client.get("/search/suggest/", {"q": "hoo"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.json() == {
        "products": [{"name": "Zip Hoodie", "url": "/p/zip-hoodie/", "price": "$69.00", "image": ""}],
        "categories": [{"name": "Hoodies", "url": "/c/hoodies/"}],
        "brands": [{"name": "Hoodwink", "url": "/search/?q=Hoodwink&brand=hoodwink"}],
    }
    assert client.get("/search/suggest/", {"q": "h"}).json() == {"products": [], "categories": [], "brands": []}


def test_search_filters_reject_bad_input_with_a_form_error(client):
    response = client.get("/search/", {"q": "lamp", "max_price": "-1"})

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()


@pytest.fixture
def shirt():
    product = create_product("Linen Shirt", slug="linen-shirt", price="30.00")
    small = create_variant(product, "Small", price="30.00")
    large = create_variant(product, "Large", price="34.00")
    create_stock(product, variant=small, on_hand=0)
    create_stock(product, variant=large, on_hand=4)
    create_image(product, url="/static/img/shirt.jpg", alt_text="A white linen shirt", is_primary=True)
    return product


def test_the_product_page_offers_active_variants_with_price_and_stock(client, shirt):
    response = client.get("/p/linen-shirt/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'alt="A white linen shirt"' in content
    assert "$34.00" in content
    assert "Only 4 left" in content
    small = shirt.variants.get(name="Small")
    assert f'value="{small.pk}"' in content
    # the sold-out option cannot be chosen; the first one in stock is preselected
    assert content.count("disabled>") == 1
    assert 'id="product-price" aria-live="polite">$34.00' in content


def test_adding_a_variant_puts_it_in_the_cart(client, shirt):
    large = shirt.variants.get(name="Large")

    response = client.post("/p/linen-shirt/", {"variant": str(large.pk), "quantity": "2"})

    assert response.status_code == 302
    item = CartItem.objects.get()
    assert (item.variant, item.quantity) == (large, 2)
    assert "Added Linen Shirt to your cart." in client.get(response.url).content.decode()


def test_adding_more_than_the_stock_shows_the_shortage_on_the_page(client, shirt):
    large = shirt.variants.get(name="Large")

    response = client.post("/p/linen-shirt/", {"variant": str(large.pk), "quantity": "5"})

    assert response.status_code == 400
    assert "Only 4 of Linen Shirt (Large) in stock." in response.content.decode()
    assert not CartItem.objects.exists()


def test_adding_without_choosing_a_variant_asks_for_one(client, shirt):
    response = client.post("/p/linen-shirt/", {"quantity": "1"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_product_out_of_stock_cannot_be_added(client):
    create_stocked_product(on_hand=0, name="Rare Vase", slug="rare-vase")

    content = client.get("/p/rare-vase/").content.decode()

    assert "disabled>Out of stock</button>" in content


def test_a_signed_in_shopper_submits_a_review_and_sees_errors(client, shirt):
    client.force_login(create_user())

    response = client.post("/p/linen-shirt/review/", {"rating": "5", "title": "Lovely", "content": "Soft."})
    assert response.status_code == 302
    assert ProductReview.objects.get().rating == 5

    again = client.post("/p/linen-shirt/review/", {"rating": "4"})  # the second one edits the first
    assert again.status_code == 302
    assert list(ProductReview.objects.values_list("rating", "title")) == [(4, "")]

    bad = client.post("/p/linen-shirt/review/", {"rating": "9"})
    assert bad.status_code == 400
    assert "Select a valid choice. 9 is not one of the available choices." in bad.content.decode()


def test_only_approved_reviews_are_shown(client, shirt):
    ProductReview.objects.create(product=shirt, user=create_user(), rating=4, title="Good fit", is_approved=True)
    ProductReview.objects.create(product=shirt, user=create_user(), rating=1, title="Waiting")

    content = client.get("/p/linen-shirt/").content.decode()

    assert "Good fit" in content and "Waiting" not in content


def test_the_wishlist_needs_a_signed_in_shopper(client, shirt):
    response = client.post("/p/linen-shirt/wishlist/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/p/linen-shirt/"

    user = create_user()
    client.force_login(user)
    client.post("/p/linen-shirt/wishlist/")
    assert WishlistItem.objects.get().user == user


@pytest.fixture
def hoodie():
    """A hoodie in two colours, each colour's picture tied to its first variant."""
    apparel = create_category("Apparel", slug="apparel")
    hoodies = create_category("Hoodies", slug="hoodies", parent=apparel)
    product = create_product("Zip Hoodie", slug="zip-hoodie", category=hoodies, track_inventory=False)
    black = create_variant(product, "M / Black", option_values={"size": "M", "color": "Black"})
    navy = create_variant(product, "M / Navy", option_values={"size": "M", "color": "Navy"})
    navy_small = create_variant(product, "S / Navy", option_values={"size": "S", "color": "Navy"})
    for n, (variant, stem) in enumerate([(black, "zip-hoodie-black"), (navy, "zip-hoodie-navy")]):
        create_image(product, variant=variant, url=f"/media/products/{stem}-800.jpg", sort_order=n, is_primary=n == 0)
    return product, black, navy_small


def test_the_product_gallery_shows_the_chosen_colours_picture_with_webp_sizes(client, hoodie):
    product, black, navy_small = hoodie

    first = client.get("/p/zip-hoodie/").content.decode()
    navy = client.get("/p/zip-hoodie/", {"variant": str(navy_small.pk)}).content.decode()

    assert 'id="gallery-main" class="gallery-main" src="/media/products/zip-hoodie-black-800.jpg"' in first
    assert (
        'srcset="/media/products/zip-hoodie-black-400.webp 400w, /media/products/zip-hoodie-black-800.webp 800w"'
        in first
    )
    assert 'id="gallery-main" class="gallery-main" src="/media/products/zip-hoodie-navy-800.jpg"' in navy
    # every Navy size shows the Navy picture when picked
    assert f'value="{navy_small.pk}"' in first and 'data-image="/media/products/zip-hoodie-navy-800.jpg"' in first
    assert first.count('loading="lazy"') == 2  # the thumbnails; the main picture loads at once


def test_the_product_breadcrumb_names_every_parent_category(client, hoodie):
    content = client.get("/p/zip-hoodie/").content.decode()

    assert '<a href="/">Home</a>\n   › <a href="/c/apparel/">Apparel</a> › <a href="/c/hoodies/">Hoodies</a>' in content


def test_product_pictures_are_served_with_cache_headers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "mug-400.webp").write_bytes(b"RIFF....WEBP")

    response = client.get("/media/products/mug-400.webp")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=604800"
    assert response["Content-Type"] == "image/webp"
    assert "Last-Modified" in response
    assert client.get("/media/products/nothing-400.webp").status_code == 404
    assert client.get("/media/products/../secrets.jpg").status_code == 404
