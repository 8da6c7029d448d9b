"""Every constraint of the shipping tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest
from django.utils import timezone

from apps.orders.models import OrderShipment
from apps.shipping.models import Carrier, ShippingRate, TrackingEvent
from tests.factories import create_shipping_method
from tests.model_factories import refused_by, write
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db


def carrier():
    return Carrier.objects.create(code="ups", name="UPS")


def second_rate_for_the_same_tier():
    method = create_shipping_method()
    ShippingRate.objects.create(method=method, min_subtotal=Decimal("50"), price=Decimal("0"))
    ShippingRate.objects.create(method=method, min_subtotal=Decimal("50"), price=Decimal("1"))


def one_event_twice():
    """A carrier's event id names one event: the same id again is a replay, not a second event."""
    parcelco = Carrier.objects.create(code="parcelco", name="ParcelCo")
    shipment = OrderShipment.objects.create(order=create_order(), carrier="ParcelCo", shipping_carrier=parcelco)
    for _ in range(2):
        TrackingEvent.objects.create(
            shipment=shipment, carrier=parcelco, event_id="ev-1", status="in_transit", occurred_at=timezone.now()
        )


VIOLATIONS = {
    "shipment_tracking_events_carrier_event_key": one_event_twice,
    "carriers_code_key": lambda: (carrier(), carrier()),
    "shipping_methods_price_non_negative": lambda: write(create_shipping_method(), price=Decimal("-1")),
    "shipping_methods_free_above_non_negative": lambda: write(create_shipping_method(), free_above=Decimal("-1")),
    "shipping_rates_tier_key": second_rate_for_the_same_tier,
    "shipping_rates_non_negative": lambda: ShippingRate.objects.create(
        method=create_shipping_method(), min_subtotal=Decimal("0"), price=Decimal("-1")
    ),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
