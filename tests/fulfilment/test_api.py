# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811
"""The order operations' endpoints: one per operation, staff only (cancel: the shopper too), the
API's error format for every refusal, and nothing changed by a refused call."""

from decimal import Decimal

import pytest

from apps.inventory.models import StockLevel
from apps.orders.models import OrderStatus
from apps.payments.models import Refund
from tests.factories import create_staff
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, signed_in, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


def url(order, operation):
    return f"{V1}/orders/{order.pk}/{operation}/"


@pytest.fixture
def mug():
    return stocked_product("25.00", on_hand=10, name="Mug")


@pytest.fixture
def order(mug):
    """Two 25.00 mugs and 5.00 shipping: 55.00 authorised, confirmed."""
    create_carrier(code="dhl", name="DHL", tracking_url_template="https://dhl.example/{tracking_number}")
    return placed_order([(mug, 2)])


@pytest.mark.parametrize("operation", ["confirm", "process", "ship", "deliver", "refund"])
def test_order_operations_are_for_staff_only(anonymous_api, shopper_api, order, operation):
    assert_staff_only(anonymous_api, shopper_api, "post", url(order, operation), {})


def test_staff_take_an_order_from_processing_to_a_partial_refund(staff_api, order, mug):
    item = order.items.get()

    processed = staff_api.post(url(order, "process"), {"notes": "Picking"})
    assert (processed.status_code, processed.json()["status"]) == (200, "processing")

    first = staff_api.post(
        url(order, "ship"),
        {"carrier": "dhl", "tracking_number": "JD01", "lines": [{"order_item": str(item.pk), "quantity": 1}]},
        format="json",
    )
    assert first.status_code == 201
    assert (first.json()["carrier"], first.json()["tracking_url"]) == ("DHL", "https://dhl.example/JD01")
    order.refresh_from_db()
    assert order.status == OrderStatus.PROCESSING

    rest = staff_api.post(url(order, "ship"), {"carrier": "dhl", "tracking_number": "JD02"}, format="json")
    assert rest.status_code == 201
    delivered = staff_api.post(url(order, "deliver"), {})
    assert delivered.json()["status"] == "delivered"

    refunded = staff_api.post(url(order, "refund"), {"amount": "12.50", "reason": "Chipped"}, format="json")
    assert refunded.status_code == 201
    body = refunded.json()
    assert body["order"]["status"] == "delivered"
    assert [(r["amount"], r["reason"], r["created_by"]) for r in body["refunds"]] == [
        ("12.50", "Chipped", "ops@example.com")
    ]
    payment = order.payments.get()
    assert (payment.amount_captured, payment.amount_refunded) == (Decimal("55.00"), Decimal("12.50"))
    level = StockLevel.objects.get(product=mug)
    assert (level.quantity_on_hand, level.quantity_reserved) == (8, 0)


def test_an_operation_the_state_machine_lacks_answers_409_and_changes_nothing(staff_api, order):
    response = staff_api.post(url(order, "ship"), {"carrier": "dhl"}, format="json")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "illegal_transition",
        "message": f"Cannot change order {order.order_number} from confirmed to shipped.",
        "fields": {"status": "shipped"},
    }
    assert not order.shipments.exists()


def test_a_shipment_needs_a_known_carrier_and_sane_quantities(staff_api, order):
    staff_api.post(url(order, "process"))
    unknown = staff_api.post(url(order, "ship"), {"carrier": "pigeon"}, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"] == {"carrier": ["Object with code=pigeon does not exist."]}

    item = order.items.get()
    too_many = staff_api.post(
        url(order, "ship"), {"carrier": "dhl", "lines": [{"order_item": str(item.pk), "quantity": 3}]}, format="json"
    )
    assert too_many.status_code == 400
    assert too_many.json()["error"]["code"] == "invalid_shipment"
    assert too_many.json()["error"]["message"] == "Ship between 1 and 2 of “Mug”; 3 asked."
    assert not order.shipments.exists()


def test_a_refund_above_the_support_limit_answers_403_without_the_permission(order, settings):
    settings.SUPPORT_REFUND_LIMIT = Decimal("10.00")
    settings.PAYMENT_CAPTURE_ON_CHECKOUT = True
    paid = placed_order([(order.items.get().product, 1)])
    support = signed_in(create_staff(email="support@example.com"))
    response = support.post(url(paid, "refund"), {"amount": "10.01", "reason": "Goodwill"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "refund_above_limit",
        "message": "Refunding 10.01 USD needs a manager: you may refund up to 10.00 USD.",
        "fields": {"amount": "10.01"},
    }
    assert not Refund.objects.exists()


def test_staff_cancel_any_order_and_its_authorisation_is_voided(staff_api, order):
    response = staff_api.post(url(order, "cancel"), {"reason": "Fraud check failed"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert [payment["status"] for payment in response.json()["payments"]] == ["voided"]
    assert order.status_history.last().notes == "Fraud check failed"


def test_the_schema_documents_the_operations_and_no_status_endpoint(staff_api):
    paths = staff_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    operations = sorted(path.split("/")[-2] for path in paths if path.startswith("/api/v1/orders/{"))
    assert operations == [
        "cancel",
        "confirm",
        "deliver",
        "documents",
        "notes",
        "process",
        "refund",
        "ship",
        "shipments",
        "{number}",
        "{order_id}",
    ]
