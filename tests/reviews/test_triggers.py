"""A product's rating follows its approved reviews only."""

from decimal import Decimal

import pytest

from apps.reviews.models import ProductReview
from tests.analytics.factories import create_review
from tests.factories import create_product, create_user

pytestmark = pytest.mark.django_db


def rating(product):
    product.refresh_from_db()
    return product.rating_avg, product.review_count


def test_a_product_without_approved_reviews_has_no_rating():
    product = create_product()
    create_review(product, create_user(), 5, is_approved=False)

    assert rating(product) == (None, 0)


def test_the_rating_is_the_mean_of_approved_reviews_rounded_to_cents():
    product = create_product()
    for stars in (5, 4, 4):
        create_review(product, create_user(), stars)
    create_review(product, create_user(), 1, is_approved=False)

    assert rating(product) == (Decimal("4.33"), 3)


def test_approving_editing_and_deleting_reviews_moves_the_rating():
    product = create_product()
    kept = create_review(product, create_user(), 5)
    pending = create_review(product, create_user(), 2, is_approved=False)

    ProductReview.objects.filter(pk=pending.pk).update(is_approved=True)
    assert rating(product) == (Decimal("3.50"), 2)

    ProductReview.objects.filter(pk=kept.pk).update(rating=3)
    assert rating(product) == (Decimal("2.50"), 2)

    ProductReview.objects.filter(pk=pending.pk).delete()
    assert rating(product) == (Decimal("3.00"), 1)

    ProductReview.objects.filter(pk=kept.pk).update(is_approved=False)
    assert rating(product) == (None, 0)
