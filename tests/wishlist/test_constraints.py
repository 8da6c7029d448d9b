"""Every constraint of the wishlist table refuses a row written past Django's validation."""

import pytest

from apps.wishlist.models import WishlistItem
from tests.factories import create_product, create_user
from tests.model_factories import refused_by

pytestmark = pytest.mark.django_db


def same_product_saved_twice():
    user, product = create_user(), create_product()
    WishlistItem.objects.create(user=user, product=product)
    WishlistItem.objects.create(user=user, product=product)


VIOLATIONS = {"wishlist_items_once": same_product_saved_twice}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
