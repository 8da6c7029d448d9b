import pytest
from rest_framework.test import APIClient

from apps.wishlist.models import WishlistItem
from tests.factories import create_image, create_product, create_user, create_variant

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/wishlist/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def shopper(api):
    user = create_user()
    api.force_authenticate(user)
    return user


def test_saving_a_product_lists_it_with_its_image(api, shopper):
    product = create_product("Tee", price="20.00")
    create_image(product, url="/img/tee.jpg", is_primary=True)
    response = api.post(URL, {"product": str(product.pk)})
    assert response.status_code == 201
    assert (response.json()["product"]["name"], response.json()["primary_image_url"]) == ("Tee", "/img/tee.jpg")
    listed = api.get(URL).json()["results"]
    assert [(item["product"]["name"], item["variant"]) for item in listed] == [("Tee", None)]


def test_saving_a_variant_of_another_product_answers_400(api, shopper):
    product, other = create_product(name="Tee"), create_product()
    response = api.post(URL, {"product": str(product.pk), "variant": str(create_variant(other, name="L").pk)})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "“L” is not a variant of “Tee”."


def test_saving_an_unknown_product_answers_400_naming_the_field(api, shopper):
    response = api.post(URL, {"product": "6f1c9a52-5d3a-4f0e-9a51-2f8f3c1d7e42"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["product"]


def test_removing_a_saved_product_forgets_it_and_a_second_time_answers_404(api, shopper):
    product = create_product()
    WishlistItem.objects.create(user=shopper, product=product)
    assert api.delete(f"{URL}{product.pk}/").status_code == 204
    assert not WishlistItem.objects.exists()
    assert api.delete(f"{URL}{product.pk}/").status_code == 404


def test_one_cannot_remove_from_someone_elses_wishlist(api, shopper):
    product = create_product()
    WishlistItem.objects.create(user=create_user(), product=product)
    assert api.delete(f"{URL}{product.pk}/").status_code == 404
    assert WishlistItem.objects.count() == 1
    assert api.get(URL).json()["count"] == 0


def test_the_wishlist_needs_a_signed_in_user(api):
    assert api.get(URL).status_code == 401
