"""The profile page, the address book and the wishlist."""

import pytest

from apps.accounts.models import Address
from apps.cart.selectors import get_cart_for_user
from apps.wishlist.models import WishlistItem
from apps.wishlist.services import add_to_wishlist
from tests.checkout.factories import ADDRESS, create_stocked_product
from tests.factories import create_address, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    user = create_user("ada@example.com", first_name="Ada", last_name="Lovelace")
    client.force_login(user)
    return user


def test_the_profile_page_shows_the_name_forms_and_an_unverified_warning(client, ada):
    content = client.get("/account/").content.decode()

    assert 'value="Ada"' in content
    assert ">Current password</label>" in content
    assert "ada@example.com is not verified yet." in content
    assert content.count('name="csrfmiddlewaretoken"') >= 3


def test_saving_the_profile_changes_the_name(client, ada):
    response = client.post(
        "/account/", {"first_name": "Augusta", "last_name": "King", "save_profile": "1"}, follow=True
    )

    assert "Your name was saved." in response.content.decode()
    ada.refresh_from_db()
    assert (ada.first_name, ada.last_name) == ("Augusta", "King")


def test_changing_the_password_keeps_the_shopper_signed_in(client, ada):
    data = {
        "password-old_password": "correct horse battery",
        "password-new_password": "a brand new phrase",
        "password-new_password_again": "a brand new phrase",
        "change_password": "1",
    }

    response = client.post("/account/", data, follow=True)

    assert "Your password was changed." in response.content.decode()
    assert response.wsgi_request.user.is_authenticated
    ada.refresh_from_db()
    assert ada.check_password("a brand new phrase")


def test_a_wrong_current_password_is_shown_under_its_field(client, ada):
    data = {
        "password-old_password": "not it",
        "password-new_password": "a brand new phrase",
        "password-new_password_again": "a brand new phrase",
        "change_password": "1",
    }

    response = client.post("/account/", data)

    assert response.status_code == 400
    assert "Wrong password." in response.content.decode()
    ada.refresh_from_db()
    assert ada.check_password("correct horse battery")


def test_adding_an_address_lists_it_in_the_address_book(client, ada):
    data = {**ADDRESS, "address_type": "shipping", "is_default": "on"}

    response = client.post("/account/addresses/new/", data, follow=True)

    content = response.content.decode()
    assert "The address was saved." in content
    assert "12 Analytical Row" in content
    assert Address.objects.get(user=ada).is_default is True


def test_an_address_missing_its_city_shows_the_error_by_the_field(client, ada):
    response = client.post("/account/addresses/new/", {**ADDRESS, "city": "", "address_type": "shipping"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Address.objects.filter(user=ada).count() == 0


def test_making_another_address_the_default_takes_it_from_the_old_one(client, ada):
    home = create_address(ada, address_line_1="1 Home St", is_default=True)
    office = create_address(ada, address_line_1="2 Office Rd")
    billing = create_address(ada, address_line_1="3 Bank St", address_type="billing", is_default=True)

    response = client.post(f"/account/addresses/{office.pk}/default/", follow=True)

    assert "This is now your default shipping address." in response.content.decode()
    defaults = set(Address.objects.filter(user=ada, is_default=True).values_list("pk", flat=True))
    assert defaults == {office.pk, billing.pk}
    assert home.pk not in defaults


def test_editing_and_deleting_an_address(client, ada):
    address = create_address(ada)
    edit_page = client.get(f"/account/addresses/{address.pk}/").content.decode()

    client.post(f"/account/addresses/{address.pk}/", {**ADDRESS, "city": "Chicago", "address_type": "shipping"})
    address.refresh_from_db()
    city_after_edit = address.city
    deleted = client.post(f"/account/addresses/{address.pk}/delete/", follow=True)

    assert 'value="Springfield"' in edit_page
    assert city_after_edit == "Chicago"
    assert "The address was deleted." in deleted.content.decode()
    assert Address.objects.filter(user=ada).exists() is False


def test_another_users_address_is_not_found(client, ada):
    stranger = create_address(create_user())

    assert client.get(f"/account/addresses/{stranger.pk}/").status_code == 404
    assert client.post(f"/account/addresses/{stranger.pk}/delete/").status_code == 404
    assert client.post(f"/account/addresses/{stranger.pk}/default/").status_code == 404


def test_the_wishlist_lists_saved_products_and_moves_one_to_the_cart(client, ada):
    lamp = create_stocked_product(name="Desk Lamp", price="25.00")
    item = add_to_wishlist(user=ada, product=lamp)

    page = client.get("/account/wishlist/").content.decode()
    added = client.post(f"/account/wishlist/{item.pk}/cart/", follow=True).content.decode()

    assert "Desk Lamp" in page and "$25.00" in page
    assert "Added Desk Lamp to your cart." in added
    assert [(i.product.name, i.quantity) for i in get_cart_for_user(user=ada).items.all()] == [("Desk Lamp", 1)]


def test_removing_a_product_from_the_wishlist(client, ada):
    item = add_to_wishlist(user=ada, product=create_stocked_product(name="Desk Lamp"))

    response = client.post(f"/account/wishlist/{item.pk}/remove/", follow=True)

    assert "Removed Desk Lamp from your wishlist." in response.content.decode()
    assert WishlistItem.objects.filter(user=ada).exists() is False
