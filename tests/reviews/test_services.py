"""Submitting and moderating reviews, and the product rating that follows approved ones."""

from decimal import Decimal

import pytest

from apps.notifications.models import Notification
from apps.orders.models import OrderStatus
from apps.reviews.exceptions import AlreadyReviewed, InvalidRating, ReviewError
from apps.reviews.models import ProductReview
from apps.reviews.services import approve_review, reject_review, submit_review
from tests.factories import create_product, create_staff, create_user
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db


def rating(product):
    product.refresh_from_db()
    return product.rating_avg, product.review_count


def test_a_submitted_review_waits_for_moderation_and_leaves_the_rating_alone():
    product = create_product("Kettle")

    review = submit_review(product=product, user=create_user(), rating=4, title=" Boils fast ", content="Loud.")

    assert (review.rating, review.title, review.content) == (4, "Boils fast", "Loud.")
    assert (review.is_approved, review.is_verified_purchase, review.moderated_at) == (False, False, None)
    assert rating(product) == (None, 0)


def test_approving_reviews_moves_the_products_rating():
    product, staff = create_product(), create_staff()
    first = submit_review(product=product, user=create_user(), rating=5)
    second = submit_review(product=product, user=create_user(), rating=2)

    approve_review(review=first, moderator=staff)
    assert rating(product) == (Decimal("5.00"), 1)

    approve_review(review=second, moderator=staff)
    assert rating(product) == (Decimal("3.50"), 2)
    second.refresh_from_db()
    assert (second.is_approved, second.moderated_by) == (True, staff)
    assert second.moderated_at is not None


def test_rejecting_an_approved_review_takes_it_out_of_the_rating_but_keeps_it():
    product, staff = create_product(), create_staff()
    kept = submit_review(product=product, user=create_user(), rating=5)
    dropped = submit_review(product=product, user=create_user(), rating=1)
    approve_review(review=kept, moderator=staff)
    approve_review(review=dropped, moderator=staff)

    reject_review(review=dropped, moderator=staff, reason="Off topic")

    assert rating(product) == (Decimal("5.00"), 1)
    dropped.refresh_from_db()
    assert (dropped.is_approved, dropped.moderated_by) == (False, staff)
    assert dropped.moderated_at is not None


def test_a_second_review_of_the_same_product_by_the_same_user_is_refused():
    product, user = create_product("Kettle"), create_user()
    submit_review(product=product, user=user, rating=4)

    with pytest.raises(AlreadyReviewed, match="You have already reviewed “Kettle”."):
        submit_review(product=product, user=user, rating=5)
    assert ProductReview.objects.filter(product=product).count() == 1


@pytest.mark.parametrize("stars", [0, 6, 4.5, "5", True])
def test_a_rating_outside_one_to_five_whole_stars_is_refused(stars):
    with pytest.raises(InvalidRating, match="Rate the product from 1 to 5 stars.") as caught:
        submit_review(product=create_product(), user=create_user(), rating=stars)
    assert caught.value.fields == {"rating": stars}
    assert not ProductReview.objects.exists()


@pytest.mark.parametrize(
    ("status", "verified"),
    [
        (OrderStatus.DELIVERED, True),
        (OrderStatus.SHIPPED, False),  # on its way, not received yet
        (OrderStatus.CONFIRMED, False),
        (OrderStatus.CANCELLED, False),
    ],
)
def test_a_review_is_a_verified_purchase_when_the_author_received_the_goods(status, verified):
    product, user = create_product(), create_user()
    create_order(user=user, lines=[(product, 1)], status=status)

    review = submit_review(product=product, user=user, rating=5)

    assert review.is_verified_purchase is verified


def test_someone_elses_order_does_not_verify_a_review():
    product, user = create_product(), create_user()
    create_order(user=create_user(), lines=[(product, 1)], status=OrderStatus.DELIVERED)
    create_order(user=user, lines=[(create_product(), 1)], status=OrderStatus.DELIVERED)

    assert submit_review(product=product, user=user, rating=5).is_verified_purchase is False


def test_a_rejection_needs_a_reason_and_changes_nothing_without_one():
    review = submit_review(product=create_product(), user=create_user(), rating=1)

    with pytest.raises(ReviewError, match="Say why the review is rejected."):
        reject_review(review=review, moderator=create_staff(), reason="  ")

    review.refresh_from_db()
    assert (review.moderated_at, review.moderation_note) == (None, "")


def test_moderation_tells_the_author_and_keeps_the_reason():
    author, staff = create_user(email="ann@example.com"), create_staff()
    product = create_product("Kettle")
    kept = submit_review(product=product, user=author, rating=5)
    dropped = submit_review(product=create_product("Toaster"), user=author, rating=1)

    approve_review(review=kept, moderator=staff)
    reject_review(review=dropped, moderator=staff, reason="Personal details in the text")

    dropped.refresh_from_db()
    assert dropped.moderation_note == "Personal details in the text"
    assert list(Notification.objects.filter(user=author).order_by("created_at").values_list("kind", "title")) == [
        ("review_approved", "Your review of Kettle is published"),
        ("review_rejected", "Your review of Toaster was not published"),
    ]


def test_approving_an_approved_review_again_is_refused():
    review = submit_review(product=create_product("Kettle"), user=create_user(), rating=5)
    approve_review(review=review, moderator=create_staff())

    with pytest.raises(ReviewError, match="is already approved"):
        approve_review(review=review, moderator=create_staff())
