"""Category pages that cannot be shared whole (a signed-in shopper's, a guest's with a cart) stay
cheap: the listing (filters and products) is the same for everyone and shared on the catalog
version, and rendering it fresh costs a fixed number of queries whatever the filters and the
number of products."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cart.services import get_or_create_user_cart
from tests.factories import create_brand, create_category, create_image, create_product, create_user, create_variant
from tests.storefront.conftest import give_guest_cart

pytestmark = pytest.mark.django_db

_fresh = itertools.count()


@pytest.fixture
def lamps(committed):
    with committed():
        category = create_category("Lamps", slug="lamps")
        create_product("Desk Lamp", slug="desk-lamp", price="40.00", category=category, track_inventory=False)
    return category


def _product_queries(captured):
    return [query["sql"] for query in captured if '"products"' in query["sql"] or "FROM products" in query["sql"]]


def test_a_signed_in_shopper_is_shown_the_listing_another_visitor_had_rendered(client, lamps):
    client.get("/c/lamps/")  # an anonymous visitor renders it first
    client.force_login(create_user(first_name="Grace"))

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/c/lamps/")

    content = response.content.decode()
    assert "Grace" in content and "Desk Lamp" in content and "$40.00" in content
    assert "private" in response["Cache-Control"]
    assert _product_queries(captured) == []


def test_a_price_change_shows_on_a_signed_in_shoppers_next_category_page(client, lamps, committed):
    client.force_login(create_user())
    assert "$40.00" in client.get("/c/lamps/").content.decode()
    with committed():
        lamp = lamps.products.get()
        lamp.price = "35.50"
        lamp.save()

    content = client.get("/c/lamps/").content.decode()

    assert "$35.50" in content and "$40.00" not in content


def test_a_listing_shared_across_visitors_keeps_its_own_filters_and_page(client, lamps):
    create_product("Floor Lamp", price="120.00", category=lamps, track_inventory=False)
    client.get("/c/lamps/")

    filtered = client.get("/c/lamps/", {"price": "100-200"}).content.decode()

    assert "Floor Lamp" in filtered and "Desk Lamp" not in filtered
    assert "1 product<" in filtered


def _shop(products):
    category = create_category("Shop", slug="shop")
    brand = create_brand(slug="acme")
    for n in range(products):
        product = create_product(
            f"Item {n}", price="30.00", category=category, brand=brand, attributes={"material": "Oak"}
        )
        product.stock_quantity = 5
        product.save()
        create_variant(product, option_values={"color": "Black", "size": "M"})
        create_image(product, is_primary=True)
    return category


FILTERS = [
    {},
    {"brand": "acme", "in_stock": "on"},
    {"price": ["25-50", "50-100"], "sort": "-price"},
    {"brand": "acme", "attr_color": "Black", "attr_size": "M", "min_price": "1", "sort": "rating", "page": "2"},
]


@pytest.mark.parametrize("products", [3, 30, 60])
@pytest.mark.parametrize("visitor", ["guest with a cart", "signed in"])
@pytest.mark.parametrize("filters", FILTERS, ids=["none", "brand+stock", "bands+sort", "attributes+page 2"])
def test_a_fresh_category_render_runs_at_most_6_queries(
    client, django_assert_max_num_queries, products, visitor, filters
):
    """The issue's bound is 8: the session, the user, the cart and its count, the facets with
    the listing's length, and the page of products make 6."""
    _shop(products)
    if visitor == "signed in":
        user = create_user()
        client.force_login(user)
        get_or_create_user_cart(user=user)
    else:
        give_guest_cart(client)
    client.get("/c/shop/", {"fresh": next(_fresh)})  # the process holds the category tree from here on

    with django_assert_max_num_queries(6):
        response = client.get("/c/shop/", {**filters, "fresh": next(_fresh)})  # an address nobody asked for

    assert response.status_code == 200
    assert f"{products} product" in response.content.decode()
