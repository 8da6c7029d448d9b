"""Reviews as a product page and the moderation queue read them."""

import pytest
from django.utils import timezone

from apps.reviews.models import ProductReview
from apps.reviews.selectors import approved_reviews, pending_reviews
from apps.reviews.services import approve_review, reject_review, submit_review
from tests.factories import create_product, create_staff, create_user

pytestmark = pytest.mark.django_db


def test_a_product_page_shows_approved_reviews_newest_first_with_author_names(django_assert_num_queries):
    product, staff = create_product(), create_staff()
    older = submit_review(product=product, user=create_user(first_name="Ada"), rating=5, title="Great")
    newer = submit_review(product=product, user=create_user(first_name="Grace"), rating=3, title="Fine")
    submit_review(product=product, user=create_user(first_name="Pending"), rating=1, title="Bad")
    submit_review(product=create_product(), user=create_user(), rating=4, title="Other product")
    for review in (older, newer):
        approve_review(review=review, moderator=staff)
    ProductReview.objects.filter(pk=older.pk).update(created_at=timezone.now() - timezone.timedelta(days=1))

    with django_assert_num_queries(1):
        shown = [(review.user.first_name, review.title) for review in approved_reviews(product)]

    assert shown == [("Grace", "Fine"), ("Ada", "Great")]


def test_the_moderation_queue_holds_unmoderated_reviews_oldest_first():
    staff = create_staff()
    first = submit_review(product=create_product("Kettle"), user=create_user(), rating=2)
    second = submit_review(product=create_product("Toaster"), user=create_user(), rating=4)
    approve_review(review=submit_review(product=create_product(), user=create_user(), rating=5), moderator=staff)
    reject_review(
        review=submit_review(product=create_product(), user=create_user(), rating=1), moderator=staff, reason="Spam"
    )

    assert [(review.pk, review.product.name) for review in pending_reviews()] == [
        (first.pk, "Kettle"),
        (second.pk, "Toaster"),
    ]
