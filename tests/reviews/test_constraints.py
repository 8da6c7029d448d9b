"""Every constraint of the review table refuses a row written past Django's validation."""

import pytest

from apps.reviews.models import ProductReview, ReviewHelpfulVote
from tests.factories import create_product, create_user
from tests.model_factories import refused_by, write

pytestmark = pytest.mark.django_db


def review(product=None, user=None, rating=4):
    return ProductReview.objects.create(product=product or create_product(), user=user or create_user(), rating=rating)


def second_review_by_the_same_user():
    first = review()
    review(first.product, first.user)


def second_helpful_vote_by_the_same_user():
    vote = ReviewHelpfulVote.objects.create(review=review(), user=create_user())
    ReviewHelpfulVote.objects.create(review=vote.review, user=vote.user)


VIOLATIONS = {
    "review_helpful_votes_one_per_user": second_helpful_vote_by_the_same_user,
    "reviews_rating_check": lambda: write(review(), rating=6),
    "product_reviews_one_per_user": second_review_by_the_same_user,
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_is_refused(rating):
    with refused_by("reviews_rating_check"):
        review(rating=rating)
