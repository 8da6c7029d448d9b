"""Saving products for later."""

import pytest

from apps.wishlist.exceptions import WishlistError
from apps.wishlist.models import WishlistItem
from apps.wishlist.selectors import wishlist_for_user
from apps.wishlist.services import add_to_wishlist, remove_from_wishlist
from tests.factories import create_image, create_product, create_user, create_variant

pytestmark = pytest.mark.django_db


def saved(user):
    return [(item.product.name, item.variant.name if item.variant else None) for item in wishlist_for_user(user)]


def test_saving_a_product_twice_keeps_one_entry():
    user, product = create_user(), create_product("Kettle")

    first = add_to_wishlist(user=user, product=product)
    again = add_to_wishlist(user=user, product=product)

    assert first.pk == again.pk
    assert saved(user) == [("Kettle", None)]


def test_a_variant_is_saved_apart_from_its_product():
    user, product = create_user(), create_product("Tee")
    large = create_variant(product, "Large")

    add_to_wishlist(user=user, product=product)
    add_to_wishlist(user=user, product=product, variant=large)
    add_to_wishlist(user=user, product=product, variant=large)

    assert sorted(saved(user), key=str) == [("Tee", "Large"), ("Tee", None)]


def test_a_variant_of_another_product_is_refused():
    other = create_variant(create_product("Mug"), "Blue")

    with pytest.raises(WishlistError, match="“Blue” is not a variant of “Tee”."):
        add_to_wishlist(user=create_user(), product=create_product("Tee"), variant=other)
    assert not WishlistItem.objects.exists()


def test_removing_forgets_only_that_entry_and_says_whether_it_was_there():
    user, product = create_user(), create_product("Tee")
    large = create_variant(product, "Large")
    add_to_wishlist(user=user, product=product)
    add_to_wishlist(user=user, product=product, variant=large)

    assert remove_from_wishlist(user=user, product=product) is True
    assert remove_from_wishlist(user=user, product=product) is False
    assert saved(user) == [("Tee", "Large")]


def test_the_wishlist_shows_the_users_items_newest_first_with_images_in_one_query(django_assert_num_queries):
    user = create_user()
    lamp, mug, gone = create_product("Lamp"), create_product("Mug"), create_product("Gone")
    create_image(lamp, url="/img/lamp.jpg", is_primary=True)
    for product in (lamp, mug, gone):
        add_to_wishlist(user=user, product=product)
    add_to_wishlist(user=create_user(), product=lamp)
    gone.delete()

    with django_assert_num_queries(1):
        rows = [(item.product.name, item.primary_image_url) for item in wishlist_for_user(user)]

    assert rows == [("Mug", None), ("Lamp", "/img/lamp.jpg")]
