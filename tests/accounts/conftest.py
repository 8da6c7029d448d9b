import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

# ScopedRateThrottle's counter of the test client's address (REMOTE_ADDR 127.0.0.1).
AUTH_THROTTLE_KEY = "throttle_auth_127.0.0.1"


@pytest.fixture(autouse=True)
def fresh_auth_throttle():
    """Each test starts with a full sign-in allowance (the counter lives in the shared Redis)."""
    cache.delete(AUTH_THROTTLE_KEY)
    yield
    cache.delete(AUTH_THROTTLE_KEY)


@pytest.fixture
def api():
    return APIClient()
