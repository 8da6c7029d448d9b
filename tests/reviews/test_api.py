import pytest
from rest_framework.test import APIClient

from apps.reviews.models import ProductReview
from tests.factories import create_product, create_user

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def _url(product):
    return f"{V1}/products/{product.pk}/reviews/"


def test_anyone_reads_only_the_approved_reviews_newest_first(api):
    product = create_product()
    author = create_user(first_name="Ada", last_name="Lovelace")
    ProductReview.objects.create(product=product, user=author, rating=5, title="Superb", is_approved=True)
    ProductReview.objects.create(product=product, user=create_user(), rating=1, title="Pending")
    response = api.get(_url(product))
    assert response.status_code == 200
    assert [(r["title"], r["author"], r["rating"]) for r in response.json()["results"]] == [("Superb", "Ada L.", 5)]


def test_a_signed_in_shopper_submits_a_review_that_waits_for_moderation(api):
    product, user = create_product(), create_user()
    api.force_authenticate(user)
    response = api.post(_url(product), {"rating": 4, "title": " Good ", "content": "Fits well."})
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["is_approved"]) == ("Good", False)
    assert api.get(_url(product)).json()["count"] == 0


def test_reviewing_needs_a_signed_in_user(api):
    response = api.post(_url(create_product()), {"rating": 4})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")


def test_a_rating_outside_one_to_five_answers_400(api):
    api.force_authenticate(create_user())
    response = api.post(_url(create_product()), {"rating": 6})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"rating": ["Ensure this value is less than or equal to 5."]}


def test_a_second_review_of_the_same_product_answers_409(api):
    product = create_product(name="Tee")
    api.force_authenticate(create_user())
    assert api.post(_url(product), {"rating": 4}).status_code == 201
    response = api.post(_url(product), {"rating": 2})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_reviewed"
    assert response.json()["error"]["message"] == "You have already reviewed “Tee”."


def test_reviews_of_an_unknown_or_inactive_product_answer_404(api):
    assert api.get(_url(create_product(is_active=False))).status_code == 404
