"""Card testing: limits per address, visitor and card, spoofed headers included."""

import pytest
from rest_framework.test import APIClient

from apps.payments.models import Payment
from tests.checkout.factories import DECLINED_CARD, GOOD_CARD, create_filled_cart, create_stocked_product
from tests.checkout.test_api import _checkout, _payload
from tests.factories import create_shipping_method, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_declined_cards_count_double_and_the_sixth_attempt_never_reaches_the_gateway(api, settings):
    settings.ACTION_RATE_LIMITS = {**settings.ACTION_RATE_LIMITS, "checkout": "10/h"}
    method = create_shipping_method(price="5.00")
    user = create_user()
    create_filled_cart(create_stocked_product(), 1, user=user)
    api.force_authenticate(user)
    for attempt in range(5):
        response = _checkout(api, _payload(method, DECLINED_CARD), **{"X-Forwarded-For": f"203.0.113.{attempt}"})
        assert response.status_code == 402

    response = _checkout(api, _payload(method, GOOD_CARD), **{"X-Forwarded-For": "198.51.100.1"})

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert Payment.objects.count() == 0
