"""Text and uuid fields of the API take JSON strings only, as the schema says (apps/core/api/strict_fields.py)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import create_staff, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper():
    user = create_user(first_name="Ada", last_name="Lovelace")
    api = APIClient()
    api.force_authenticate(user)
    api.user = user
    return api


@pytest.fixture
def admin_api():
    api = APIClient()
    api.force_authenticate(create_staff())
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


def test_a_number_for_a_yes_or_no_is_refused_in_a_body_but_true_is_read_from_a_query(shopper, admin_api):
    address = {"first_name": "Ada", "last_name": "Lovelace", "address_line_1": "1 Row", "city": "Springfield"}
    address |= {"postal_code": "62701", "country_code": "US"}
    response = shopper.post("/api/v1/me/addresses/", {**address, "is_default": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"is_default": ["Must be a valid boolean."]}
    assert shopper.post("/api/v1/me/addresses/", {**address, "is_default": True}, format="json").status_code == 201
    assert admin_api.get("/api/v1/inventory/stock/?low=true").status_code == 200
