import pytest

from apps.cart.services import add_item, get_or_create_guest_cart
from apps.storefront.carts import SESSION_KEY
from tests.factories import create_category, create_product

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_shops_own_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "We could not find that page" in content
    assert "/static/css/shop.css" in content


def test_the_header_shows_top_level_categories_and_the_guest_carts_unit_count(client):
    create_category("Kitchen", slug="kitchen")
    cart = get_or_create_guest_cart()
    add_item(cart=cart, product=create_product(stock_quantity=5, track_inventory=False), quantity=3)
    session = client.session
    session[SESSION_KEY] = cart.session_id
    session.save()

    content = client.get("/no-such-page/").content.decode()

    assert 'href="/c/kitchen/"' in content
    assert 'aria-label="3 items in cart"' in content


def test_pages_reference_no_external_assets(client):
    content = client.get("/no-such-page/").content.decode()

    assert "http://" not in content and "https://" not in content


def test_a_new_category_appears_in_the_menu_at_once(client, django_capture_on_commit_callbacks):
    client.get("/no-such-page/")  # the menu is now cached
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save commits
        create_category("Garden", slug="garden")

    assert 'href="/c/garden/"' in client.get("/no-such-page/").content.decode()
