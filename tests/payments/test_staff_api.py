# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import uuid

import pytest

from apps.fulfilment import services as fulfilment
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.factories import create_shipping_method
from tests.fulfilment.factories import create_carrier
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(staff):
    """Two 25.00 mugs with 5.00 shipping, shipped (55.00 captured) and 25.00 refunded."""
    cart = create_filled_cart(create_stocked_product(on_hand=10, price="25.00"), 2)
    order = checkout(cart, method=create_shipping_method(price="5.00"))
    fulfilment.start_processing(order=order)
    fulfilment.ship(order=order, carrier=create_carrier())
    fulfilment.refund(order=order, amount="25.00", reason="Arrived broken", user=staff)
    return order.payments.get()


def refunds_url(payment):
    return f"{V1}/payments/{payment.pk}/refunds/"


def test_a_payments_refunds_are_for_staff_only(anonymous_api, shopper_api, payment):
    assert_staff_only(anonymous_api, shopper_api, "get", refunds_url(payment))


def test_staff_list_a_payments_refunds(staff_api, payment):
    listed = staff_api.get(refunds_url(payment)).json()
    assert listed["count"] == 1
    assert [(r["amount"], r["reason"], r["created_by"]) for r in listed["results"]] == [
        ("25.00", "Arrived broken", "ops@example.com")
    ]


def test_money_moves_only_through_the_order_operations(staff_api, payment):
    """Capturing or refunding a payment by itself would leave the order behind: those endpoints are gone."""
    assert staff_api.post(f"{V1}/payments/{payment.pk}/capture/").status_code == 404
    assert staff_api.post(refunds_url(payment), {"amount": "1.00", "reason": "x"}).status_code == 405


def test_an_unknown_payment_answers_404(staff_api):
    assert staff_api.get(f"{V1}/payments/{uuid.uuid4()}/refunds/").status_code == 404


def test_options_describes_a_staff_endpoint_instead_of_failing(staff_api, payment):
    """Found by the contract test: OPTIONS on a view without serializer_class answered 500."""
    assert staff_api.options(refunds_url(payment)).status_code == 200
