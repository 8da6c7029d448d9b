"""Text and uuid fields of the API take JSON strings only, as the schema says (apps/core/api/strict_fields.py)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper():
    user = create_user(first_name="Ada", last_name="Lovelace")
    api = APIClient()
    api.force_authenticate(user)
    api.user = user
    return api


def test_a_number_as_a_last_name_is_refused_and_changes_nothing(shopper):
    response = shopper.patch("/api/v1/me/", {"last_name": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"last_name": ["Not a valid string."]}
    shopper.user.refresh_from_db()
    assert shopper.user.last_name == "Lovelace"


def test_a_text_last_name_is_still_accepted(shopper):
    response = shopper.patch("/api/v1/me/", {"last_name": "Byron"}, format="json")
    assert (response.status_code, response.json()["last_name"]) == (200, "Byron")


def test_a_boolean_or_a_number_as_an_id_is_refused(shopper):
    for value in (False, 7):
        response = shopper.post("/api/v1/me/notifications/read/", {"ids": [value]}, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"ids": {"0": ["Must be a valid UUID."]}}
