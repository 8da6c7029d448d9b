"""Anonymous catalog pages and public API reads come from the shared cache, and are never stale.

Changes are made as the admin or a service makes them, and committed (the catalog version is
bumped after COMMIT); the next anonymous request must show them.
"""

import pytest
from django.test import Client

from apps.catalog.version import catalog_version
from apps.inventory.services import adjust_stock
from apps.reviews.services import approve_review, submit_review
from tests.factories import create_category, create_product, create_staff, create_stock, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lamp(committed):
    with committed():
        lamps = create_category("Lamps", slug="lamps")
        product = create_product("Desk Lamp", slug="desk-lamp", price="40.00", category=lamps)
        create_stock(product, on_hand=12)
    return product


def test_a_second_anonymous_request_is_served_from_the_cache(client, lamp, django_assert_num_queries):
    first = client.get("/p/desk-lamp/")
    with django_assert_num_queries(0):
        second = client.get("/p/desk-lamp/")

    assert second.status_code == 200
    assert second.content == first.content
    assert "$40.00" in second.content.decode()


def test_a_price_change_shows_on_the_next_product_and_category_page(client, lamp, committed):
    client.get("/p/desk-lamp/"), client.get("/c/lamps/"), client.get("/api/v1/products/desk-lamp/")
    with committed():
        lamp.price = "35.50"
        lamp.save()

    assert "$35.50" in client.get("/p/desk-lamp/").content.decode()
    assert "35.50" in client.get("/c/lamps/").content.decode()
    assert client.get("/api/v1/products/desk-lamp/").json()["price"] == "35.50"


def test_a_stock_out_shows_on_the_next_product_page(client, lamp, committed):
    assert "In stock" in client.get("/p/desk-lamp/").content.decode()
    with committed():
        adjust_stock(warehouse=lamp.stock_levels.get().warehouse, product=lamp, delta=-12, reason="Broken in transit")

    content = client.get("/p/desk-lamp/").content.decode()
    assert "Out of stock" in content


def test_an_approved_review_shows_on_the_next_product_page(client, lamp, committed):
    review = submit_review(product=lamp, user=create_user(first_name="Ada"), rating=5, title="Bright and steady")
    assert "Bright and steady" not in client.get("/p/desk-lamp/").content.decode()
    with committed():
        approve_review(review=review, moderator=create_staff())

    content = client.get("/p/desk-lamp/").content.decode()
    assert "Bright and steady" in content
    assert "(1 review)" in content


@pytest.mark.parametrize("url", ["/", "/c/lamps/", "/p/desk-lamp/", "/search/?q=lamp", "/api/v1/products/"])
def test_anonymous_pages_set_no_cookie_and_do_not_vary_on_cookies(client, lamp, url):
    for response in (client.get(url), client.get(url)):  # the render, then the cached copy
        assert response.status_code == 200
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies
        assert response["Cache-Control"] == "public, no-cache"
        assert response["ETag"] == f'"v{catalog_version()}"'


@pytest.mark.parametrize("url", ["/p/desk-lamp/", "/c/lamps/", "/api/v1/products/desk-lamp/"])
def test_a_browser_revalidates_with_a_304_until_the_catalog_changes(client, lamp, committed, url):
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with committed():
        lamp.price = "39.00"
        lamp.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_an_api_revalidation_is_answered_from_the_version_alone(client, lamp, django_assert_num_queries):
    etag = client.get("/api/v1/products/")["ETag"]
    with django_assert_num_queries(0):
        assert client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_signed_in_pages_are_never_served_from_the_shared_cache(client, lamp):
    client.get("/p/desk-lamp/")  # cached for anonymous visitors
    client.force_login(create_user(first_name="Grace"))

    response = client.get("/p/desk-lamp/")

    assert "Grace" in response.content.decode()
    assert "Write a review" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    assert "Grace" not in Client().get("/p/desk-lamp/").content.decode()


def test_a_shared_product_page_adds_to_the_cart_with_the_token_from_the_visitor_endpoint(lamp):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/p/desk-lamp/").content.decode()
    assert 'name="csrfmiddlewaretoken" value="" data-visitor-csrf' in page

    token = browser.get("/visitor/").json()["csrf_token"]
    added = browser.post("/p/desk-lamp/", {"quantity": 1, "csrfmiddlewaretoken": token})

    assert added.status_code == 302
    assert browser.get("/visitor/").json()["cart_item_count"] == 1
    assert 'aria-label="1 items in cart"' in browser.get("/p/desk-lamp/").content.decode()
