"""API clients for the staff endpoints' tests: signed in with a real bearer token as staff or as a
shopper, or anonymous. Import the fixtures into a test module to use them."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.services import issue_tokens
from tests.factories import create_staff, create_user

V1 = "/api/v1"


def signed_in(user):
    client = APIClient()
    access, _ = issue_tokens(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.fixture
def staff():
    return create_staff(email="ops@example.com")


@pytest.fixture
def staff_api(staff):
    return signed_in(staff)


@pytest.fixture
def shopper_api():
    return signed_in(create_user())


@pytest.fixture
def anonymous_api():
    return APIClient()


def assert_staff_only(anonymous_api, shopper_api, method, url, data=None):
    """Anonymous → 401 not_authenticated, a shopper → 403 permission_denied, in the error format."""
    anonymous = getattr(anonymous_api, method)(url, data)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    shopper = getattr(shopper_api, method)(url, data)
    assert shopper.status_code == 403
    assert shopper.json()["error"] == {
        "code": "permission_denied",
        "message": "Only shop staff may do this.",
        "fields": {},
    }
