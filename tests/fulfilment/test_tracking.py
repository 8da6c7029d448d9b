"""Carriers' tracking webhook: a partial shipment then the rest, followed to delivered through
signed calls; bad signatures, unknown carriers and replays change nothing."""

import json
import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.fulfilment import services as fulfilment
from apps.fulfilment.services import Line
from apps.inventory.models import StockLevel
from apps.orders.models import OrderStatus
from apps.shipping.carriers import SIGNATURE_HEADER, SimulatedCarrier
from apps.shipping.models import TrackingEvent
from tests.factories import create_staff, create_user
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product

pytestmark = pytest.mark.django_db

SECRET = "s3cret-of-the-test-carrier"


@pytest.fixture
def carrier():
    return create_carrier(code="parcelco", name="ParcelCo", webhook_secret=SECRET)


@pytest.fixture
def mug():
    return stocked_product("25.00", on_hand=10, name="Mug")


@pytest.fixture
def plate():
    return stocked_product("10.00", on_hand=10, name="Plate")


@pytest.fixture
def processing(mug, plate):
    """2 mugs and a plate plus 5.00 shipping: 65.00 authorised, being picked."""
    order = placed_order([(mug, 2), (plate, 1)], user=create_user(email="ada@example.com"))
    return fulfilment.start_processing(order=order, user=create_staff())


def stock(product):
    level = StockLevel.objects.get(product=product)
    return level.quantity_on_hand, level.quantity_reserved


def money(order):
    payment = order.payments.get()
    return payment.status, payment.amount_captured


def post(client, code, body, signature):
    return client.post(
        reverse("v1:fulfilment:carrier-webhook", args=[code]),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )


def call(client, carrier, tracking_number, status, *, event_id=None):
    body, signature = SimulatedCarrier(carrier).event(tracking_number=tracking_number, status=status, event_id=event_id)
    return post(client, carrier.code, body, signature)


def state(order):
    order.refresh_from_db()
    return order.status, sorted(order.shipments.values_list("tracking_number", "status"))


def test_a_partial_shipment_then_the_rest_followed_to_delivered(client, processing, mug, plate, carrier):
    [mug_line] = [item for item in processing.items.all() if item.product_id == mug.pk]
    fulfilment.ship(order=processing, carrier=carrier, tracking_number="PC-1", lines=[Line(mug_line, 1)])
    assert state(processing) == (OrderStatus.PROCESSING, [("PC-1", "in_transit")])
    assert (stock(mug), stock(plate)) == ((9, 1), (10, 1))
    assert money(processing) == ("captured", Decimal("27.08"))

    # The first parcel arrives while the rest is still in the warehouse: the order is not delivered.
    assert call(client, carrier, "PC-1", "out_for_delivery").json() == {"received": True}
    assert call(client, carrier, "PC-1", "delivered").json() == {"received": True}
    assert state(processing) == (OrderStatus.PROCESSING, [("PC-1", "delivered")])

    fulfilment.ship(order=processing, carrier=carrier, tracking_number="PC-2")
    assert state(processing) == (OrderStatus.SHIPPED, [("PC-1", "delivered"), ("PC-2", "in_transit")])
    assert (stock(mug), stock(plate)) == ((8, 0), (9, 0))
    assert money(processing) == ("captured", Decimal("65.00"))

    call(client, carrier, "PC-2", "exception")
    assert state(processing) == (OrderStatus.SHIPPED, [("PC-1", "delivered"), ("PC-2", "exception")])
    call(client, carrier, "PC-2", "out_for_delivery")
    call(client, carrier, "PC-2", "delivered")
    assert state(processing) == (OrderStatus.DELIVERED, [("PC-1", "delivered"), ("PC-2", "delivered")])
    assert processing.status_history.last().notes == "Delivered, reported by ParcelCo"
    # Nothing of stock or money moves on delivery.
    assert (stock(mug), stock(plate)) == ((8, 0), (9, 0))
    assert money(processing) == ("captured", Decimal("65.00"))
    assert list(TrackingEvent.objects.filter(shipment__tracking_number="PC-2").values_list("status", flat=True)) == [
        "exception",
        "out_for_delivery",
        "delivered",
    ]


@pytest.fixture
def shipped(processing, carrier):
    fulfilment.ship(order=processing, carrier=carrier, tracking_number="PC-9")
    return processing


def test_a_replayed_event_is_taken_once(client, shipped, carrier):
    body, signature = SimulatedCarrier(carrier).event(tracking_number="PC-9", status="delivered", event_id="ev-1")
    assert post(client, "parcelco", body, signature).json() == {"received": True}
    assert post(client, "parcelco", body, signature).json() == {"received": False}
    assert TrackingEvent.objects.filter(event_id="ev-1").count() == 1
    assert state(shipped) == (OrderStatus.DELIVERED, [("PC-9", "delivered")])
    assert shipped.status_history.filter(status="delivered").count() == 1


def test_the_same_event_id_signed_anew_is_still_a_replay(client, shipped, carrier):
    call(client, carrier, "PC-9", "out_for_delivery", event_id="ev-7")
    assert call(client, carrier, "PC-9", "delivered", event_id="ev-7").json() == {"received": False}
    assert state(shipped) == (OrderStatus.SHIPPED, [("PC-9", "out_for_delivery")])


def refused(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    return True


@pytest.mark.parametrize(
    ("tamper", "status", "code"),
    [
        (lambda body, sig: (body, sig.replace("v1=", "v1=0")), 403, "invalid_signature"),
        (lambda body, sig: (body.replace(b"PC-9", b"PC-0"), sig), 403, "invalid_signature"),
        (lambda body, sig: (body, ""), 403, "invalid_signature"),
        (
            lambda body, sig: (body, SimulatedCarrier(create_carrier(code="x", webhook_secret="other")).sign(body)),
            403,
            "invalid_signature",
        ),
    ],
    ids=["wrong digest", "body changed", "no signature", "another carrier's secret"],
)
def test_a_badly_signed_call_is_refused_and_changes_nothing(client, shipped, carrier, tamper, status, code):
    body, signature = SimulatedCarrier(carrier).event(tracking_number="PC-9", status="delivered")
    assert refused(post(client, "parcelco", *tamper(body, signature)), status, code)
    assert not TrackingEvent.objects.exists()
    assert state(shipped) == (OrderStatus.SHIPPED, [("PC-9", "in_transit")])


def test_an_old_signature_is_refused(client, shipped, carrier):
    body, signature = SimulatedCarrier(carrier).event(
        tracking_number="PC-9", status="delivered", timestamp=time.time() - 3600
    )
    assert refused(post(client, "parcelco", body, signature), 403, "signature_expired")
    assert not TrackingEvent.objects.exists()


def test_an_unknown_carrier_or_parcel_or_status_is_refused(client, shipped, carrier):
    body, signature = SimulatedCarrier(carrier).event(tracking_number="PC-9", status="delivered")
    assert refused(post(client, "nobody", body, signature), 404, "unknown_carrier")
    assert refused(call(client, carrier, "PC-404", "delivered"), 404, "unknown_shipment")
    bad = json.dumps({"id": "e", "tracking_number": "PC-9", "status": "lost", "occurred_at": "2026-01-01T00:00Z"})
    assert refused(
        post(client, "parcelco", bad.encode(), SimulatedCarrier(carrier).sign(bad.encode())), 400, "invalid_event"
    )
    assert refused(
        post(client, "parcelco", b"not json", SimulatedCarrier(carrier).sign(b"not json")), 400, "invalid_event"
    )
    assert not TrackingEvent.objects.exists()
    assert state(shipped) == (OrderStatus.SHIPPED, [("PC-9", "in_transit")])


def test_an_earlier_event_arriving_late_does_not_move_the_parcel_back(client, shipped, carrier):
    call(client, carrier, "PC-9", "out_for_delivery")
    body, signature = SimulatedCarrier(carrier).event(
        tracking_number="PC-9", status="in_transit", occurred_at=shipped.placed_at
    )
    post(client, "parcelco", body, signature)
    assert state(shipped) == (OrderStatus.SHIPPED, [("PC-9", "out_for_delivery")])


def test_the_simulated_carrier_advances_a_demo_parcel_step_by_step(shipped):
    out = StringIO()
    call_command("advance_shipment", "PC-9", stdout=out)
    call_command("advance_shipment", "PC-9", stdout=out)
    assert out.getvalue().splitlines() == [
        "PC-9: Out for delivery → shipment Out for delivery",
        "PC-9: Delivered → shipment Delivered",
    ]
    assert state(shipped) == (OrderStatus.DELIVERED, [("PC-9", "delivered")])
    with pytest.raises(CommandError, match="Shipment PC-9 is already delivered."):
        call_command("advance_shipment", "PC-9")
    with pytest.raises(CommandError, match="No shipment has tracking number PC-0."):
        call_command("advance_shipment", "PC-0")
