# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import uuid
from decimal import Decimal

import pytest

from apps.inventory.models import StockLevel
from apps.orders.models import OrderStatus
from apps.orders.services import transition_order
from apps.payments.models import PaymentStatus
from apps.shipping.models import TrackingEvent
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.factories import create_shipping_method
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    """Two 25.00 mugs with 5.00 shipping, paid by card (authorised, not captured), confirmed."""
    cart = create_filled_cart(create_stocked_product(on_hand=10, price="25.00"), 2)
    return checkout(cart, method=create_shipping_method(price="5.00"))


@pytest.fixture
def processing(order):
    transition_order(order=order, to_status=OrderStatus.PROCESSING)
    return order


def payment_url(payment, action):
    return f"{V1}/payments/{payment.pk}/{action}/"


def shipments_url(order):
    return f"{V1}/orders/{order.pk}/shipments/"


def test_money_operations_are_for_staff_only(anonymous_api, shopper_api, order):
    payment = order.payments.get()
    assert_staff_only(anonymous_api, shopper_api, "post", payment_url(payment, "capture"))
    assert_staff_only(anonymous_api, shopper_api, "get", payment_url(payment, "refunds"))
    assert_staff_only(anonymous_api, shopper_api, "post", shipments_url(order), {"carrier": "UPS"})


def test_shipping_an_order_captures_its_payment_and_takes_the_stock(staff_api, processing):
    response = staff_api.post(
        shipments_url(processing),
        {"carrier": "UPS", "tracking_number": "1Z999", "estimated_delivery": "2030-03-02"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["carrier"], body["tracking_number"], body["status"]) == ("UPS", "1Z999", "in_transit")
    assert body["estimated_delivery"] == "2030-03-02"
    processing.refresh_from_db()
    assert processing.status == OrderStatus.SHIPPED
    payment = processing.payments.get()
    assert (payment.status, payment.amount_captured) == (PaymentStatus.CAPTURED, Decimal("55.00"))
    level = StockLevel.objects.get(product=processing.items.get().product)
    assert (level.quantity_on_hand, level.quantity_reserved) == (8, 0)


def test_the_shipment_list_shows_tracking_events(staff_api, processing):
    staff_api.post(shipments_url(processing), {"carrier": "UPS"})
    shipment = processing.shipments.get()
    TrackingEvent.objects.create(
        shipment=shipment, status="in_transit", location="Memphis, TN", occurred_at="2030-03-01T08:00:00Z"
    )
    response = staff_api.get(shipments_url(processing))
    assert response.status_code == 200
    [listed] = response.json()
    assert listed["carrier"] == "UPS"
    assert [(e["status"], e["location"]) for e in listed["tracking_events"]] == [("in_transit", "Memphis, TN")]


def test_an_order_that_is_not_processing_cannot_ship(staff_api, order):
    response = staff_api.post(shipments_url(order), {"carrier": "UPS"})
    assert response.status_code == 409
    assert response.json()["error"]["message"] == f"Cannot change order {order.order_number} from confirmed to shipped."
    assert not order.shipments.exists()


def test_a_shipment_needs_a_carrier_and_a_real_url(staff_api, processing):
    response = staff_api.post(shipments_url(processing), {"tracking_url": "not a url"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "carrier": ["This field is required."],
        "tracking_url": ["Enter a valid URL."],
    }


def test_staff_capture_part_of_an_authorised_payment(staff_api, order):
    response = staff_api.post(payment_url(order.payments.get(), "capture"), {"amount": "40.00"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["amount_captured"]) == ("captured", "40.00")


def test_capturing_twice_answers_409(staff_api, order):
    payment = order.payments.get()
    staff_api.post(payment_url(payment, "capture"))
    response = staff_api.post(payment_url(payment, "capture"))
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "payment_state",
        "message": "Cannot capture a payment that is captured.",
        "fields": {},
    }


def test_an_unknown_payment_answers_404(staff_api):
    assert staff_api.post(f"{V1}/payments/{uuid.uuid4()}/capture/").status_code == 404


@pytest.fixture
def captured(staff_api, order):
    payment = order.payments.get()
    staff_api.post(payment_url(payment, "capture"))
    return payment


def test_staff_refund_part_of_a_payment_and_restock_the_goods(staff_api, staff, order, captured):
    item = order.items.get()
    warehouse = StockLevel.objects.get(product=item.product).warehouse
    response = staff_api.post(
        payment_url(captured, "refunds"),
        {
            "amount": "25.00",
            "reason": "Arrived broken",
            "restock": [{"order_item": str(item.pk), "quantity": 1, "warehouse": str(warehouse.pk)}],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["amount"], body["status"], body["reason"], body["created_by"]) == (
        "25.00",
        "succeeded",
        "Arrived broken",
        "ops@example.com",
    )
    captured.refresh_from_db()
    assert (captured.status, captured.amount_refunded) == (PaymentStatus.PARTIALLY_REFUNDED, Decimal("25.00"))
    assert StockLevel.objects.get(product=item.product).quantity_on_hand == 11
    listed = staff_api.get(payment_url(captured, "refunds")).json()
    assert listed["count"] == 1
    assert listed["results"][0]["amount"] == "25.00"


def test_refunding_more_than_is_left_answers_409_and_refunds_nothing(staff_api, captured):
    response = staff_api.post(payment_url(captured, "refunds"), {"amount": "90.00", "reason": "Goodwill"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "refund_exceeds_captured"
    assert response.json()["error"]["message"] == (
        "Cannot refund 90.00 USD: only 55.00 USD of this payment is left to refund."
    )
    assert not captured.refunds.exists()


def test_a_refund_needs_a_positive_amount_and_a_reason(staff_api, captured):
    response = staff_api.post(payment_url(captured, "refunds"), {"amount": "0"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "amount": ["Ensure this value is greater than or equal to 0.01."],
        "reason": ["This field is required."],
    }


def test_options_describes_a_staff_endpoint_instead_of_failing(staff_api, captured):
    """Found by the contract test: OPTIONS on a view without serializer_class answered 500."""
    assert staff_api.options(payment_url(captured, "capture")).status_code == 200
    assert staff_api.options(payment_url(captured, "refunds")).status_code == 200
