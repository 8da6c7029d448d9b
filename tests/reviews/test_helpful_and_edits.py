"""Review rules a shopper meets: one review each (a second edits the first), the verified-purchase
badge, helpful votes once per shopper, and sorting by most helpful or newest (page and API)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.orders.models import OrderStatus
from apps.reviews.exceptions import AlreadyVoted, ReviewError, ReviewNotFound
from apps.reviews.models import ProductReview, ReviewHelpfulVote
from apps.reviews.services import approve_review, edit_review, submit_review, vote_helpful
from tests.checkout.factories import create_stocked_product
from tests.factories import create_product, create_staff, create_user
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db


def published(product, user, rating=4, title="", days_ago=0):
    review = submit_review(product=product, user=user, rating=rating, title=title)
    ProductReview.objects.filter(pk=review.pk).update(created_at=review.created_at - timedelta(days=days_ago))
    return approve_review(review=review, moderator=create_staff())


def vote(review, voters):
    for voter in voters:
        vote_helpful(review_id=review.pk, user=voter)


def test_editing_a_review_sends_it_back_to_moderation_and_rechecks_the_badge():
    product, user = create_product(), create_user()
    review = published(product, user, rating=2)
    create_order(user=user, lines=[(product, 1)], status=OrderStatus.DELIVERED)

    edited = edit_review(product=product, user=user, rating=5, title=" Grew on me ", content="")

    assert (edited.pk, edited.rating, edited.title) == (review.pk, 5, "Grew on me")
    assert (edited.is_approved, edited.moderated_at, edited.is_verified_purchase) == (False, None, True)
    assert ProductReview.objects.count() == 1
    with pytest.raises(ReviewNotFound):
        edit_review(product=product, user=create_user(), rating=3)


def test_a_helpful_vote_counts_once_per_shopper_and_never_for_ones_own_review():
    author, reader = create_user(), create_user()
    review = published(create_product(), author)

    assert vote_helpful(review_id=review.pk, user=reader) == 1
    with pytest.raises(AlreadyVoted, match="You already found this review helpful."):
        vote_helpful(review_id=review.pk, user=reader)
    with pytest.raises(ReviewError, match="You cannot vote for your own review."):
        vote_helpful(review_id=review.pk, user=author)
    assert ReviewHelpfulVote.objects.count() == 1


def test_a_review_not_shown_cannot_be_voted_for():
    pending = submit_review(product=create_product(), user=create_user(), rating=3)

    with pytest.raises(ReviewNotFound):
        vote_helpful(review_id=pending.pk, user=create_user())


def test_the_product_page_sorts_by_most_helpful_and_shows_badge_votes_and_the_edit_form(client):
    product = create_stocked_product(name="Kettle", price="30.00")
    buyer = create_user(first_name="Bea")
    create_order(user=buyer, lines=[(product, 1)], status=OrderStatus.DELIVERED)
    old = published(product, buyer, title="Old but useful", days_ago=3)
    new = published(product, create_user(first_name="Ned"), title="Brand new")
    vote(old, [create_user(), create_user()])
    reader = create_user()
    client.force_login(reader)

    newest = client.get(f"/p/{product.slug}/").content.decode()
    helpful = client.get(f"/p/{product.slug}/?sort=helpful").content.decode()

    assert newest.index("Brand new") < newest.index("Old but useful")
    assert helpful.index("Old but useful") < helpful.index("Brand new")
    assert "✓ Verified purchase" in newest and newest.count("✓ Verified purchase") == 1
    assert "2 found this helpful" in newest and "0 found this helpful" in newest
    assert "Write a review" in newest

    voted = client.post(f"/p/{product.slug}/reviews/{new.pk}/helpful/", follow=True).content.decode()
    assert "Thank you for your vote." in voted
    assert "1 found this helpful · You found this helpful" in " ".join(voted.split())
    again = client.post(f"/p/{product.slug}/reviews/{new.pk}/helpful/", follow=True).content.decode()
    assert "You already found this review helpful." in again

    client.post(f"/p/{product.slug}/review/", {"rating": "3", "title": "First try", "content": ""})
    mine = client.get(f"/p/{product.slug}/").content.decode()
    assert "Edit your review" in mine and "Write a review" not in mine
    assert 'value="First try"' in mine and "Your review is waiting to be checked." in mine
    client.post(f"/p/{product.slug}/review/", {"rating": "4", "title": "Second thoughts", "content": ""})
    assert list(ProductReview.objects.filter(user=reader).values_list("title", "rating")) == [("Second thoughts", 4)]


def test_the_api_sorts_by_helpfulness_in_constant_queries(django_assert_max_num_queries):
    product = create_product()
    reviews = [published(product, create_user(), title=f"R{n}", days_ago=n) for n in range(2)]
    vote(reviews[1], [create_user(), create_user()])
    api = APIClient()
    url = f"/api/v1/products/{product.pk}/reviews/"
    with CaptureQueriesContext(connection) as two:
        api.get(url, {"sort": "helpful"})
    reviews += [published(product, create_user(), title=f"R{n}", days_ago=n) for n in range(2, 12)]

    with django_assert_max_num_queries(len(two)):
        listed = api.get(url, {"sort": "helpful"}).json()["results"]

    assert [(r["title"], r["helpful_count"]) for r in listed[:3]] == [("R1", 2), ("R0", 0), ("R2", 0)]
    assert api.get(url, {"sort": "stars"}).json()["error"]["fields"] == {"sort": ['"stars" is not a valid choice.']}


def test_the_api_votes_once_and_edits_ones_own_review():
    product, author, reader = create_product(), create_user(), create_user()
    review = published(product, author)
    api = APIClient()
    api.force_authenticate(reader)

    first = api.post(f"/api/v1/reviews/{review.pk}/helpful/")
    second = api.post(f"/api/v1/reviews/{review.pk}/helpful/")
    edit_missing = api.put(f"/api/v1/products/{product.pk}/reviews/mine/", {"rating": 4}, format="json")
    api.force_authenticate(author)
    edited = api.put(f"/api/v1/products/{product.pk}/reviews/mine/", {"rating": 1, "title": "Broke"}, format="json")
    duplicate = api.post(f"/api/v1/products/{product.pk}/reviews/", {"rating": 5}, format="json")

    assert (first.status_code, first.json()) == (201, {"helpful_count": 1})
    assert (second.status_code, second.json()["error"]["code"]) == (409, "already_voted")
    assert edit_missing.status_code == 404
    assert (edited.status_code, edited.json()["title"], edited.json()["is_approved"]) == (200, "Broke", False)
    assert duplicate.status_code == 409
    assert APIClient().post(f"/api/v1/reviews/{review.pk}/helpful/").status_code == 401
